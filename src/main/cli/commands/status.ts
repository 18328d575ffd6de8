import type { ClusterSummary } from '../../../shared/domain/health';
import { EXIT, type CliCommand } from '../args';
import { ago, stateBadge, table } from '../format';
import { withEngine, type CliEngine } from '../withEngine';

/** Exit code for a set of clusters: failed when any is Unhealthy. */
export function statusExitCode(clusters: ClusterSummary[]): number {
  return clusters.some((c) => c.state === 'Unhealthy') ? EXIT.failed : EXIT.ok;
}

/** True when nothing current can be said about the cluster: its API fails, or it may list nothing. */
function cannotSee(c: ClusterSummary): boolean {
  return c.state === 'Unhealthy' ? c.connectivity !== 'ok' : c.reasons[0]?.code === 'limited-access';
}

/**
 * kubectl's words for each cluster that cannot be seen ("ctx: error: You must be logged in to
 * the server (Unauthorized)"), taken from its pods list's status: what `kubectl get pods -A`
 * would print for it. For stderr.
 */
export async function clusterProblemLines(engine: CliEngine, clusters: ClusterSummary[]): Promise<string[]> {
  const lines: string[] = [];
  for (const c of clusters.filter(cannotSee)) {
    try {
      const { status } = await engine.call('clusters:pods', { context: c.context, limit: 1 });
      if (status.kubectlError) lines.push(`${c.context}: ${status.kubectlError}`);
    } catch {
      // The monitor went away between the two calls: its line in the table says enough.
    }
  }
  return lines;
}

/** `tether status`: one line per monitored cluster, coloured like the tray. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary:
    'One line per monitored cluster: state, top reason, last check. Exits 1 when any monitored cluster is Unhealthy. ' +
    'Talks to the running engine if there is one, else runs a one-shot check.',
  usage: 'tether status [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    return withEngine(io.env, {}, async (engine) => {
      const list = await engine.call('clusters:list', {});
      for (const line of await clusterProblemLines(engine, list.clusters)) io.err(line);
      if (values.json) {
        io.exact(JSON.stringify({ source: engine.source, ...list }, null, 2));
        return statusExitCode(list.clusters);
      }
      if (list.monitored.length === 0) {
        io.out(
          'No cluster is monitored. Pick a context with `kubectl config use-context`, or switch monitoring on in Tether.',
        );
      }
      const rows = list.clusters.map((c) => [
        stateBadge(c.state),
        c.context,
        c.reasons[0]?.message ?? (c.state === 'Healthy' ? 'all good' : ''),
        `checked ${ago(c.lastCheckAt)}`,
      ]);
      for (const line of table(rows)) io.out(line);
      for (const p of list.problems) io.out(`${stateBadge('Unknown')}  ${p.context}  ${p.message}`);
      return statusExitCode(list.clusters);
    });
  },
};
