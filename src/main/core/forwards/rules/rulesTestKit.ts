// Shared by the rules' unit tests: a config, a way to feed events in order, and the events and
// states most tests start from.
import { DEFAULT_RESTART_POLICY } from '../../../../shared/domain/forward';
import { transition } from './forwardRules';
import type { ForwardEvent } from './rulesEvents';
import { initialRules, type RulesConfig, type RulesState } from './rulesState';

export const config: RulesConfig = {
  context: 'dev',
  restart: { ...DEFAULT_RESTART_POLICY },
  clusterPollMs: 1_000,
  waitMs: 5_000,
  watchMs: 10_000,
};

/** Feeds events in order (each at its own time), returning every step's result. */
export function run(events: [number, ForwardEvent][], from: RulesState = initialRules(), c = config) {
  let s = from;
  return events.map(([now, e]) => {
    const t = transition(s, e, now, c);
    s = t.state;
    return t;
  });
}
export const last = <T>(xs: T[]): T => xs[xs.length - 1]!;

export const resolved = (pod = 'web-1', port = 8080, tunnelAlive = false): ForwardEvent => ({
  type: 'resolved',
  pod,
  port,
  tunnelAlive,
});
export const up = (pod = 'web-1', port = 8080): ForwardEvent => ({ type: 'tunnel-up', pod, port });
export const exited = (
  patch: Partial<Extract<ForwardEvent, { type: 'tunnel-exited' }>> = {},
): ForwardEvent => ({
  type: 'tunnel-exited',
  message: 'kubectl port-forward exited',
  podServing: true,
  clusterUnhealthy: false,
  appRefused: false,
  ...patch,
});

/** A forward that started and is Active on web-1:8080 since t=100. */
export function active(): RulesState {
  return last(
    run([
      [0, { type: 'start' }],
      [50, resolved()],
      [100, up()],
    ]),
  ).state;
}
