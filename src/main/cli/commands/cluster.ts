import { EXIT, UsageError, type CliCommand, type CliIo } from '../args';
import { ago, parseDuration, stateBadge, table, useColour } from '../format';
import { withEngine, type CliEngine } from '../withEngine';
import { statusExitCode } from './status';

const SUBCOMMANDS = ['status', 'pods', 'events'] as const;

/** `tether cluster status|pods|events`: seed 000's cluster views, with --json. */
export const clusterCommand: CliCommand = {
  name: 'cluster',
  summary:
    'Cluster views. `status [CONTEXT]`: state, reasons, counts. `pods CONTEXT [-n NS] [--problems]`: pods, problem pods first. ' +
    '`events CONTEXT [--since 10m] [--warnings]`: events, Warnings first.',
  usage:
    'tether cluster status [CONTEXT] | pods CONTEXT [-n NS] [--problems] | events CONTEXT [--since 10m] [--warnings]  [--json]',
  options: {
    json: { type: 'boolean' },
    namespace: { type: 'string', short: 'n' },
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
    let sinceMs: number | undefined;
    if (values.since !== undefined) {
      const d = parseDuration(String(values.since));
      if (d === undefined)
        throw new UsageError(`--since takes a duration like 30s, 10m, 2h (got "${String(values.since)}")`);
      sinceMs = Date.now() - d;
    }
    return withEngine(io.env, context ? { contexts: [context] } : {}, async (engine) => {
      await ensureMonitored(engine, context);
      if (sub === 'status') return clusterStatus(engine, context, Boolean(values.json), io);
      if (sub === 'pods') {
        const r = await engine.call('clusters:pods', {
          context: context!,
          ...(values.namespace ? { namespace: String(values.namespace) } : {}),
          problemsOnly: Boolean(values.problems),
          limit: 10_000,
        });
        if (values.json) io.out(JSON.stringify(r, null, 2));
        else {
          const rows = [['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE']];
          for (const p of r.items)
            rows.push([p.namespace, p.name, p.ready, p.reason ?? p.phase, String(p.restarts), p.node ?? '']);
          for (const line of table(rows)) io.out(line);
          if (r.items.length === 0) io.out(values.problems ? 'No problem pods.' : 'No pods.');
        }
        return EXIT.ok;
      }
      const r = await engine.call('clusters:events', {
        context: context!,
        ...(sinceMs !== undefined ? { sinceMs: Math.max(0, Math.round(sinceMs)) } : {}),
        warningsOnly: Boolean(values.warnings),
        limit: 5000,
      });
      if (values.json) io.out(JSON.stringify(r, null, 2));
      else {
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
      }
      return EXIT.ok;
    });
  },
};

/** A context the running engine does not monitor yet is switched on (the user asked about it). */
async function ensureMonitored(engine: CliEngine, context: string | undefined) {
  if (!context || engine.source === 'one-shot') return;
  const list = await engine.call('clusters:list', {});
  if (!list.monitored.includes(context)) await engine.call('clusters:monitor', { context, enabled: true });
}

async function clusterStatus(
  engine: CliEngine,
  context: string | undefined,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const list = await engine.call('clusters:list', {});
  const clusters = context ? list.clusters.filter((c) => c.context === context) : list.clusters;
  const problem = context ? list.problems.find((p) => p.context === context) : undefined;
  if (context && clusters.length === 0) {
    io.err(`tether cluster status: ${problem?.message ?? `context "${context}" is not monitored`}`);
    return EXIT.unavailable;
  }
  if (json) {
    io.out(JSON.stringify({ source: engine.source, clusters }, null, 2));
    return statusExitCode(clusters);
  }
  const colour = useColour(io.env, process.stdout.isTTY);
  for (const c of clusters) {
    io.out(
      `${stateBadge(c.state, colour)}  ${c.context}  (${c.connectivity}, checked ${ago(c.lastCheckAt)}${c.latencyMs !== null ? `, ${c.latencyMs} ms` : ''})`,
    );
    if (c.nodes) io.out(`  nodes: ${c.nodes.ready}/${c.nodes.total} ready`);
    if (c.pods)
      io.out(
        `  pods:  ${c.pods.running} running, ${c.pods.ready}/${c.pods.total} ready, ${c.pods.restarts} restarts`,
      );
    for (const r of c.reasons) io.out(`  - ${r.message}`);
    for (const d of c.disabledChecks) io.out(`  (check off: ${d.message})`);
  }
  return statusExitCode(clusters);
}
