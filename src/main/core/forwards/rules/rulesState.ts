// What the forward's rules remember between events, and the small helpers every rule uses to
// build its result.
import type { ForwardProblem, ForwardState } from '../../../../shared/contract';
import type { RestartPolicy } from '../../../../shared/domain/forward';
import type { ForwardEffect } from './rulesEvents';

/** The tunnel the rules know of: which pod and port, and since when. */
interface TunnelFacts {
  pod: string;
  port: number;
  startedAt: number;
}

/** Everything the rules remember about one forward between events. */
export interface RulesState {
  state: ForwardState;
  reason: string | null;
  problem: ForwardProblem | null;
  tunnel: TunnelFacts | null;
  /** Tunnel failures in a row, counted against the restart policy's maxAttempts. */
  failures: number;
  /** kubectl exits caused by the app refusing in a row (they slow retries, never end them). */
  appExits: number;
  /** Probe failures in a row. */
  probeFailures: number;
  /** Tunnels brought up again since start (after an exit, or to follow a new pod). */
  restarts: number;
  /** A tunnel came up since start: the next one is a restart. */
  everUp: boolean;
  /** When the next look is due while the forward is troubled; null when none is planned. */
  nextRetryAt: number | null;
}

/** Settings the rules read (from the spec and the engine). */
export interface RulesConfig {
  context: string;
  restart: RestartPolicy;
  /** While the cluster is Unhealthy or the API silent, how often to look again. */
  clusterPollMs: number;
  /** While nothing serves (0 pods, 403), how often to look again. */
  waitMs: number;
  /** While Failed for a missing target, how often to look whether it appeared. */
  watchMs: number;
}

/** Default look intervals (the cluster poll is the engine's, 1 s). */
export const WAIT_MS = 5_000;
export const WATCH_MS = 10_000;

/** The result of one event: the next state and the effects to perform, in order. */
export interface Transition {
  state: RulesState;
  effects: ForwardEffect[];
}

/** The state a forward has before it was ever started. */
export function initialRules(): RulesState {
  return {
    state: 'Stopped',
    reason: null,
    problem: null,
    tunnel: null,
    failures: 0,
    appExits: 0,
    probeFailures: 0,
    restarts: 0,
    everUp: false,
    nextRetryAt: null,
  };
}

/**
 * The retry the user sees: which attempt (of the policy's maxAttempts) comes next, or null
 * when the forward is not retrying on the restart policy's account.
 */
export function retryAttempt(s: RulesState, policy: RestartPolicy): { attempt: number; of: number } | null {
  if (s.problem !== 'tunnel-dead' || s.failures === 0) return null;
  return { attempt: Math.min(s.failures, policy.maxAttempts), of: policy.maxAttempts };
}

/** A forward that gave up (not one watching for a missing target) looks no more until told to. */
export function gaveUp(s: RulesState): boolean {
  return s.state === 'Failed' && s.problem !== 'target-missing';
}

/** `s` changed by `patch`, with `effects`. */
export function patched(
  s: RulesState,
  patch: Partial<RulesState>,
  effects: ForwardEffect[] = [],
): Transition {
  return { state: { ...s, ...patch }, effects };
}

/** Nothing changes, nothing to do. */
export function unchanged(s: RulesState): Transition {
  return { state: s, effects: [] };
}

/** A look planned `ms` from `now`: when it is due, and the effect that plans it. */
export function lookIn(now: number, ms: number): { nextRetryAt: number; effect: ForwardEffect } {
  return { nextRetryAt: now + ms, effect: { type: 'look-at', at: now + ms } };
}

/** Whether a transition changed anything a client sees (the state, its reason, the retry plan, the restarts). */
export function visibleChange(before: RulesState, after: RulesState): boolean {
  return (
    after.state !== before.state ||
    after.reason !== before.reason ||
    after.problem !== before.problem ||
    after.nextRetryAt !== before.nextRetryAt ||
    after.restarts !== before.restarts
  );
}
