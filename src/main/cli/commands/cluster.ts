import { connectivityWords, outageLine } from '../../../shared/logic/health/words';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../args';
import { ago, parseDuration, stateBadge, table } from '../format';
import { contextNotFound, hasItems, prepareContext, reportListStatus } from '../listReport';
import { withEngine, type CliEngine } from '../withEngine';
import { clusterLogs } from './clusterLogs';
import { clusterNamespaces } from './clusterNamespaces';
import { podRows } from './podTable';
import { clusterProblemLines, statusExitCode } from './status';

const SUBCOMMANDS = ['status', 'pods', 'events', 'logs', 'namespaces'] as const;

/** `tether cluster status|pods|events|logs|namespaces`: cluster views, with --json. */
export const clusterCommand: CliCommand = {
  name: 'cluster',
  summary:
    "Cluster views. `status [CONTEXT]`: state, reasons, counts. `pods CONTEXT [-n NS] [--problems] [-o wide]`: pods in kubectl's columns, problem pods first. " +
    '`events CONTEXT [--since 10m] [--warnings]`: events, Warnings first. ' +
    "`logs CONTEXT POD [-n NS] [-c CONTAINER] [--previous] [--tail N]`: the failing container's last lines (default 50). " +
    '`namespaces CONTEXT [add|remove NS...]`: namespaces to watch when pods and events may not be listed cluster-wide.',
  usage:
    'tether cluster status [CONTEXT] | pods CONTEXT [-n NS] [--problems] [-o wide] | events CONTEXT [--since 10m] [--warnings] | logs CONTEXT POD [-n NS] [-c CONTAINER] [--previous] [--tail N] | namespaces CONTEXT [add|remove NS...]  [--json]',
  options: {
    json: { type: 'boolean' },
    container: { type: 'string', short: 'c' },
    previous: { type: 'boolean', short: 'p' },
    tail: { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    output: { type: 'string', short: 'o' },
    problems: { type: 'boolean' },
    since: { type: 'string' },
    warnings: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const [sub, context] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError(`expected one of ${SUBCOMMANDS.join(', ')}${sub ? ` (got "${sub}")` : ''}`);
    }
    if (sub !== 'status' && !context) throw new UsageError(`\`cluster ${sub}\` needs a CONTEXT`);
    if (sub === 'namespaces')
      return clusterNamespaces(context!, positionals.slice(2), Boolean(values.json), io);
    if (values.output !== undefined && values.output !== 'wide')
      throw new UsageError(`-o takes only "wide" (got "${String(values.output)}"); --json gives everything`);
    const wide = values.output === 'wide';
    let sinceMs: number | undefined;
    if (values.since !== undefined) {
      const d = parseDuration(String(values.since));
      if (d === undefined)
        throw new UsageError(`--since takes a duration like 30s, 10m, 2h (got "${String(values.since)}")`);
      sinceMs = Date.now() - d;
    }
    return withEngine(io.env, context ? { contexts: [context] } : {}, async (engine) => {
      if (context && !(await prepareContext(engine, context))) {
        io.err(contextNotFound(context));
        return EXIT.unavailable;
      }
      if (sub === 'status') return clusterStatus(engine, context, Boolean(values.json), io);
      if (sub === 'logs') {
        const [, , pod] = positionals;
        return clusterLogs(
          engine,
          context!,
          {
            pod,
            namespace: values.namespace as string | undefined,
            container: values.container as string | undefined,
            previous: values.previous as boolean | undefined,
            tail: values.tail as string | undefined,
            json: Boolean(values.json),
          },
          io,
        );
      }
      if (sub === 'pods') {
        const r = await engine.call('clusters:pods', {
          context: context!,
          ...(values.namespace ? { namespace: String(values.namespace) } : {}),
          problemsOnly: Boolean(values.problems),
          limit: 10_000,
        });
        const code = reportListStatus(r.status, 'pods', io);
        if (values.json) {
          io.exact(JSON.stringify({ ...r, stale: r.status.stale, listedAt: r.status.listedAt }, null, 2));
        } else if (hasItems(r.status)) {
          for (const line of table(podRows(r.items, wide, Date.now()))) io.out(line);
          if (r.items.length === 0) io.out(values.problems ? 'No problem pods.' : 'No pods.');
        }
        return code;
      }
      const r = await engine.call('clusters:events', {
        context: context!,
        ...(sinceMs !== undefined ? { sinceMs: Math.max(0, Math.round(sinceMs)) } : {}),
        warningsOnly: Boolean(values.warnings),
        limit: 5000,
      });
      const code = reportListStatus(r.status, 'events', io);
      if (values.json) {
        io.exact(JSON.stringify({ ...r, stale: r.status.stale, listedAt: r.status.listedAt }, null, 2));
      } else if (hasItems(r.status)) {
        const rows = [['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE']];
        for (const e of r.items) {
          const obj = e.object;
          rows.push([
            ago(e.lastSeen),
            e.type,
            e.reason,
            `${obj.kind.toLowerCase()}/${obj.name}`,
            String(e.count),
            e.message,
          ]);
        }
        for (const line of table(rows)) io.out(line);
        if (r.items.length === 0) io.out('No events.');
        // The engine keeps only part of the events: "none" is only true within what it keeps.
        if (r.status.truncated) {
          io.err(
            `# older Normal events are not kept${r.status.keptLimit ? ` (the newest ${r.status.keptLimit} are)` : ''}`,
          );
        }
      }
      return code;
    });
  },
};

async function clusterStatus(
  engine: CliEngine,
  context: string | undefined,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const list = await engine.call('clusters:list', {});
  let clusters = context ? list.clusters.filter((c) => c.context === context) : list.clusters;
  // A context the running engine only looks at for this command is not in its list.
  if (context && clusters.length === 0 && engine.source === 'running' && !list.monitored.includes(context)) {
    clusters = [(await engine.call('clusters:peek', { context, holdMs: 30_000 })).summary];
  }
  const problem = context ? list.problems.find((p) => p.context === context) : undefined;
  if (context && clusters.length === 0) {
    io.err(`tether cluster status: ${problem?.message ?? `context "${context}" is not monitored`}`);
    return EXIT.unavailable;
  }
  for (const line of await clusterProblemLines(engine, clusters)) io.err(line);
  const failed = context
    ? clusters.some((c) => c.state === 'Unhealthy' || c.reasons[0]?.code === 'limited-access')
    : false;
  const exit = failed ? EXIT.failed : statusExitCode(clusters);
  if (json) {
    io.exact(JSON.stringify({ source: engine.source, clusters }, null, 2));
    return exit;
  }
  const now = Date.now();
  for (const c of clusters) {
    io.out(
      `${stateBadge(c.state)}  ${c.context}  (${connectivityWords(c.connectivity)}, checked ${ago(c.lastCheckAt)}${c.latencyMs !== null ? `, ${c.latencyMs} ms` : ''})`,
    );
    const outage = outageLine(c, now, clock);
    if (outage) io.out(`  ${outage}`);
    if (c.nodes) io.out(`  nodes: ${c.nodes.ready}/${c.nodes.total} ready`);
    if (c.pods)
      io.out(
        `  pods:  ${c.pods.running} running, ${c.pods.ready}/${c.pods.total} ready, ${c.pods.restarts} restarts`,
      );
    for (const r of outage ? c.reasons.slice(1) : c.reasons) io.out(`  - ${r.message}`);
    for (const d of c.disabledChecks) io.out(`  (check off: ${d.message})`);
  }
  return exit;
}

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
