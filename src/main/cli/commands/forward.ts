import type { ForwardStatus } from '../../../shared/contract';
import { formatTarget } from '../../../shared/domain/forward';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../args';
import { connectToRunningEngine } from '../engineClient';

const ACTIONS = ['list', 'start', 'stop', 'start-all', 'stop-all'] as const;
type Action = (typeof ACTIONS)[number];

/** The message when no engine runs for this TETHER_HOME (exit code 3). */
export const NO_ENGINE =
  'No Tether engine is running for this TETHER_HOME. Start the app, or run `tether serve`, then try again.';

function line(s: ForwardStatus): string {
  const port = s.localPort ?? (s.spec.localPort === 'auto' ? 'auto' : s.spec.localPort);
  const where = `${s.spec.context}/${s.spec.namespace} ${formatTarget(s.spec.target)}:${String(s.spec.remotePort)}`;
  const why = s.reason ? ` — ${s.reason}` : '';
  return `${s.spec.id.padEnd(28)} ${s.state.padEnd(12)} ${`${s.spec.bindAddress}:${String(port)}`.padEnd(22)} ${where}${why}`;
}

/** `tether forward list|start|stop|start-all|stop-all`: port-forwards in the running engine. */
export const forwardCommand: CliCommand = {
  name: 'forward',
  summary:
    'List, start and stop port-forwards in the running engine (the app or `tether serve`). ' +
    'Exit 3 when no engine is running; exit 1 when a forward could not start.',
  usage: 'tether forward list|start ID|stop ID|start-all|stop-all [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io: CliIo) {
    const [action, ...ids] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(`expected one of ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}`);
    }
    if ((action === 'start' || action === 'stop') && ids.length === 0)
      throw new UsageError(`${action} needs a forward id`);
    const engine = await connectToRunningEngine(io.env);
    if (!engine) {
      io.err(NO_ENGINE);
      return EXIT.unavailable;
    }
    try {
      const { client } = engine;
      const print = (list: ForwardStatus[]) => {
        if (values.json) io.exact(JSON.stringify(list, null, 2));
        else if (list.length === 0)
          io.out('No forwards. Add one in the app or import a file with `tether import FILE`.');
        else for (const s of list) io.out(line(s));
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
        case 'stop': {
          const out: ForwardStatus[] = [];
          let failed = false;
          for (const id of ids) {
            try {
              out.push(await client.invoke(action === 'start' ? 'forwards:start' : 'forwards:stop', { id }));
            } catch (err) {
              failed = true;
              io.err(`${id}: ${err instanceof Error ? err.message : String(err)}`);
            }
          }
          print(out);
          return failed ? EXIT.failed : EXIT.ok;
        }
      }
    } finally {
      engine.close();
    }
  },
};
