import type { ForwardStatus, TetherClient } from '../../../shared/contract';
import { retryHint, shortTarget } from '../../../shared/logic/forwards/words';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../args';
import { connectToRunningEngine } from '../engineClient';
import { table } from '../format';

const ACTIONS = ['list', 'start', 'stop', 'retry', 'start-all', 'stop-all'] as const;
type Action = (typeof ACTIONS)[number];

/** The message when no engine runs for this TETHER_HOME (exit code 3). */
export const NO_ENGINE =
  'No Tether engine is running for this TETHER_HOME. Start the app, or run `tether serve`, then try again.';

/**
 * The list's columns, in order: each a header and how a forward fills it. VIA says what carries
 * a running forward's bytes (the engine's own WebSocket, or a kubectl child); `-` when no
 * tunnel is up.
 */
const COLUMNS: readonly { header: string; cell(s: ForwardStatus, now: number): string }[] = [
  { header: 'NAME', cell: (s) => s.spec.name },
  { header: 'ID', cell: (s) => s.spec.id },
  { header: 'STATE', cell: (s) => s.state },
  {
    header: 'LOCAL',
    cell: (s) =>
      `${s.spec.bindAddress}:${String(s.localPort ?? (s.spec.localPort === 'auto' ? 'auto' : s.spec.localPort))}`,
  },
  {
    header: 'TARGET',
    cell: (s) =>
      `${s.spec.context}/${s.spec.namespace} ${shortTarget(s.spec.target)}:${String(s.spec.remotePort)}`,
  },
  { header: 'VIA', cell: (s) => s.protocol ?? '-' },
  {
    header: 'WHY',
    cell: (s, now) => {
      const next = retryHint(s, now);
      const missing = s.contextMissing ? `context "${s.spec.context}" is not in your kubeconfig` : '';
      const fallback = s.protocolNote ? `better protocols refused — ${s.protocolNote}` : '';
      return [missing, s.reason, next, fallback].filter((x) => x).join(' · ');
    },
  },
];

/** The forwards as a table with a header row (columns sized to their content). */
export function forwardTable(list: readonly ForwardStatus[], now = Date.now()): string[] {
  const rows = list.map((s) => COLUMNS.map((c) => c.cell(s, now)));
  // The last column is left out when no forward has anything to say in it.
  const cols = rows.some((r) => r[r.length - 1]) ? COLUMNS.length : COLUMNS.length - 1;
  return table([COLUMNS.slice(0, cols).map((c) => c.header), ...rows.map((r) => r.slice(0, cols))]);
}

/**
 * The forwards the user named: by id, else by name (as `kubectl` takes names). A name two
 * forwards share is refused with their ids, so the user can pick one.
 */
export function pickForwards(
  list: readonly ForwardStatus[],
  refs: readonly string[],
): { found: ForwardStatus[]; errors: string[] } {
  const found: ForwardStatus[] = [];
  const errors: string[] = [];
  for (const ref of refs) {
    const byId = list.find((s) => s.spec.id === ref);
    const named = byId ? [byId] : list.filter((s) => s.spec.name === ref);
    const matches = named.length
      ? named
      : list.filter((s) => s.spec.name.toLowerCase() === ref.toLowerCase());
    if (matches.length === 1) found.push(matches[0]!);
    else if (matches.length === 0)
      errors.push(`${ref}: No forward with id or name "${ref}" (see \`tether forward list\`).`);
    else
      errors.push(
        `${ref}: ${matches.length} forwards have this name; give one of their ids: ${matches.map((m) => m.spec.id).join(', ')}`,
      );
  }
  return { found, errors };
}

const CHANNEL = { start: 'forwards:start', stop: 'forwards:stop', retry: 'forwards:retry' } as const;

async function each(
  client: TetherClient,
  action: 'start' | 'stop' | 'retry',
  refs: readonly string[],
  io: CliIo,
): Promise<{ out: ForwardStatus[]; failed: boolean }> {
  const { forwards } = await client.invoke('forwards:list', {});
  const { found, errors } = pickForwards(forwards, refs);
  for (const e of errors) io.err(e);
  const out: ForwardStatus[] = [];
  let failed = errors.length > 0;
  for (const f of found) {
    try {
      out.push(await client.invoke(CHANNEL[action], { id: f.spec.id }));
    } catch (err) {
      failed = true;
      io.err(`${f.spec.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { out, failed };
}

/** `tether forward list|start|stop|retry|start-all|stop-all`: port-forwards in the running engine. */
export const forwardCommand: CliCommand = {
  name: 'forward',
  summary:
    'List, start, stop and retry port-forwards in the running engine (the app or `tether serve`), ' +
    'named by name or id. Exit 3 when no engine is running; exit 1 when a forward could not start.',
  usage: 'tether forward list|start NAME…|stop NAME…|retry NAME…|start-all|stop-all [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io: CliIo) {
    const [action, ...refs] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(`expected one of ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}`);
    }
    if ((action === 'start' || action === 'stop' || action === 'retry') && refs.length === 0)
      throw new UsageError(`${action} needs a forward name or id`);
    const engine = await connectToRunningEngine(io.env);
    if (!engine) {
      io.err(NO_ENGINE);
      return EXIT.unavailable;
    }
    try {
      const { client } = engine;
      const print = (list: ForwardStatus[], emptyMeansNone = true) => {
        if (values.json) io.exact(JSON.stringify(list, null, 2));
        else if (list.length > 0) for (const l of forwardTable(list)) io.out(l);
        // After an error nothing was done: "No forwards" would be untrue.
        else if (emptyMeansNone)
          io.out('No forwards. Add one in the app or import a file with `tether import FILE`.');
      };
      switch (action as Action) {
        case 'list':
          print((await client.invoke('forwards:list', {})).forwards);
          return EXIT.ok;
        case 'start-all': {
          const r = await client.invoke('forwards:startAll', {});
          print(r.forwards);
          for (const e of r.errors) io.err(`${e.id}: ${e.message}`);
          return r.errors.length ? EXIT.failed : EXIT.ok;
        }
        case 'stop-all':
          print((await client.invoke('forwards:stopAll', {})).forwards);
          return EXIT.ok;
        case 'start':
        case 'stop':
        case 'retry': {
          const { out, failed } = await each(client, action as 'start' | 'stop' | 'retry', refs, io);
          print(out, false);
          return failed ? EXIT.failed : EXIT.ok;
        }
      }
    } finally {
      engine.close();
    }
  },
};
