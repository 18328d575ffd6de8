// A forward's rules, written once: what it does after each thing that happens to it. Pure —
// no timers, no kubectl, no API — so every rule is a unit test, and Forward only performs the
// effects and reports back what came of them.
import type { ForwardProblem, ForwardState } from '../../../shared/contract';
import type { RestartPolicy } from '../../../shared/domain/forward';
import { restartDecision, STABLE_TUNNEL_MS } from './restartPolicy';

/** The tunnel the rules know of: which pod and port, and since when. */
export interface TunnelFacts {
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

/** Why the target cannot be reached now (from resolving it against the API). */
export type Unresolved =
  | 'cluster-down' // the API did not answer
  | 'no-ready-pod' // nothing serves yet (0 pods, none ready, a named pod port missing)
  | 'forbidden' // 403: the user may not read what the target needs
  | 'target-missing'; // the Service does not exist, or does not expose the port

/** What happened to a forward. */
export type ForwardEvent =
  | { type: 'start' }
  | { type: 'stop'; why: string | null }
  /** A look found the cluster Unhealthy before asking the API. */
  | { type: 'cluster-unhealthy' }
  /** The context cannot be used at all (unknown, kubeconfig unreadable). */
  | { type: 'context-unusable'; message: string }
  /** A look found the pod and port to forward to; `tunnelAlive`: the current kubectl still runs. */
  | { type: 'resolved'; pod: string; port: number; tunnelAlive: boolean }
  | { type: 'unresolved'; why: Unresolved; message: string }
  | { type: 'tunnel-up'; pod: string; port: number }
  /**
   * The tunnel did not come up. `native`: the engine's own tunnel said why (not kubectl);
   * `forbidden`: RBAC refused every way in — a permission to wait for, not a failure to count.
   */
  | { type: 'tunnel-start-failed'; message: string; native?: boolean; forbidden?: boolean }
  /**
   * The current tunnel ended: kubectl exited, or the engine's own tunnel closed (`native`).
   * `podServing`: the pod it went to still serves; `appRefused`: the pod's port refused (the
   * app is down, not the tunnel).
   */
  | {
      type: 'tunnel-exited';
      message: string;
      podServing: boolean;
      clusterUnhealthy: boolean;
      appRefused: boolean;
      native?: boolean;
    }
  | { type: 'probe-ok' }
  | {
      type: 'probe-failed';
      problem: 'tunnel-dead' | 'app-not-answering';
      message: string;
      clusterUnhealthy: boolean;
      /** Failures in a row that count (the probe's failureThreshold). */
      threshold: number;
    }
  /** The planned look is due. */
  | { type: 'retry-due' }
  /** The user asked to try again at once. */
  | { type: 'retry-now' }
  /** A look threw unexpectedly. */
  | { type: 'look-crashed' };

/** What Forward must do after an event. */
export type ForwardEffect =
  /** Look again now: cluster state, then resolve the target. */
  | { type: 'look' }
  /** Look again at `at` (replaces any planned look). */
  | { type: 'look-at'; at: number }
  /** New clients wait (held) instead of reaching the current tunnel. */
  | { type: 'hold-clients' }
  /** Clients waiting for a tunnel are refused: none is coming soon. */
  | { type: 'drop-held' }
  /** Clients go to the current tunnel. */
  | { type: 'use-tunnel' }
  | { type: 'start-tunnel'; pod: string; port: number }
  /** End the current tunnel in the background (its pod is going, or the target is gone). */
  | { type: 'retire-tunnel' }
  /** End the current kubectl now; its exit brings the next one. */
  | { type: 'kill-tunnel' }
  /** Probe through the tunnel after `inMs`. */
  | { type: 'probe'; inMs: number };

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

/** The result of one event: the next state and the effects to perform, in order. */
export interface Transition {
  state: RulesState;
  effects: ForwardEffect[];
}

/**
 * The retry the user sees: which attempt (of the policy's maxAttempts) comes next, or null
 * when the forward is not retrying on the restart policy's account.
 */
export function retryAttempt(s: RulesState, policy: RestartPolicy): { attempt: number; of: number } | null {
  if (s.problem !== 'tunnel-dead' || s.failures === 0) return null;
  return { attempt: Math.min(s.failures, policy.maxAttempts), of: policy.maxAttempts };
}

const WAITING: ReadonlySet<ForwardProblem | null> = new Set<ForwardProblem | null>([
  'cluster-down',
  'no-ready-pod',
  'forbidden',
  'target-missing',
]);

/** The forward's rules: the next state and effects for `event` at `now`. */
export function transition(s: RulesState, event: ForwardEvent, now: number, c: RulesConfig): Transition {
  const set = (patch: Partial<RulesState>, effects: ForwardEffect[] = []): Transition => ({
    state: { ...s, ...patch },
    effects,
  });
  const lookAt = (ms: number) => ({
    nextRetryAt: now + ms,
    effect: { type: 'look-at', at: now + ms } as const,
  });
  const stopped = s.state === 'Stopped';
  if (stopped && event.type !== 'start') return { state: s, effects: [] };

  switch (event.type) {
    case 'start':
      if (!stopped) return { state: s, effects: [] };
      return set({ ...initialRules(), state: 'Starting' }, [{ type: 'look' }]);

    case 'stop':
      // Totals stay readable after a stop; the next start resets them.
      return set({ ...initialRules(), restarts: s.restarts, reason: event.why }, []);

    case 'cluster-unhealthy': {
      const next = lookAt(c.clusterPollMs);
      // A tunnel that carries traffic is kept; a missing target stays Failed until it is seen.
      if (s.tunnel) return set({}, [next.effect]);
      if (s.state === 'Failed') return set({ nextRetryAt: now + c.watchMs }, [lookAt(c.watchMs).effect]);
      return set(
        {
          state: 'Reconnecting',
          reason: `waiting for cluster ${c.context}`,
          problem: 'cluster-down',
          nextRetryAt: next.nextRetryAt,
        },
        [{ type: 'hold-clients' }, next.effect],
      );
    }

    case 'context-unusable':
      return set({ state: 'Failed', reason: event.message, nextRetryAt: null }, [
        { type: 'hold-clients' },
        { type: 'drop-held' },
      ]);

    case 'resolved': {
      const t = s.tunnel;
      if (t && event.tunnelAlive && t.pod === event.pod && t.port === event.port) {
        if (s.state !== 'Active' || WAITING.has(s.problem))
          return set({ state: 'Active', reason: null, problem: null, nextRetryAt: null });
        return set({ nextRetryAt: null });
      }
      const switching = t !== null;
      const effects: ForwardEffect[] = [
        { type: 'hold-clients' },
        { type: 'start-tunnel', pod: event.pod, port: event.port },
      ];
      if (s.state === 'Starting') return set({ nextRetryAt: null }, effects);
      return set(
        {
          state: 'Reconnecting',
          reason: `${switching ? 'switching' : 'connecting'} to pod ${event.pod}`,
          nextRetryAt: null,
        },
        effects,
      );
    }

    case 'unresolved': {
      // A slow API must not kill a tunnel that carries traffic.
      if (s.tunnel && event.why === 'cluster-down') {
        const next = lookAt(c.clusterPollMs);
        return set({}, [next.effect]);
      }
      const effects: ForwardEffect[] = s.tunnel ? [{ type: 'retire-tunnel' }] : [];
      if (event.why === 'target-missing') {
        // A configuration error, but GitOps may create the Service late: keep looking.
        const next = lookAt(c.watchMs);
        return set(
          {
            state: 'Failed',
            reason: event.message,
            problem: 'target-missing',
            tunnel: null,
            nextRetryAt: next.nextRetryAt,
          },
          [...effects, { type: 'hold-clients' }, { type: 'drop-held' }, next.effect],
        );
      }
      const next = lookAt(event.why === 'cluster-down' ? c.clusterPollMs : c.waitMs);
      return set(
        {
          state: 'Reconnecting',
          reason: event.why === 'cluster-down' ? `waiting for cluster: ${event.message}` : event.message,
          problem: event.why,
          tunnel: null,
          nextRetryAt: next.nextRetryAt,
        },
        [...effects, { type: 'hold-clients' }, next.effect],
      );
    }

    case 'tunnel-up': {
      const tunnel = { pod: event.pod, port: event.port, startedAt: now };
      // Counted when it happens, so a forward that gave up shows no restart it never made.
      const restarts = s.restarts + (s.everUp ? 1 : 0);
      const effects: ForwardEffect[] = [{ type: 'use-tunnel' }, { type: 'probe', inMs: 0 }];
      // A known dead app stays reported until a probe gets through.
      if (s.problem === 'app-not-answering')
        return set({ state: 'Active', tunnel, restarts, everUp: true, nextRetryAt: null }, effects);
      return set(
        { state: 'Active', reason: null, problem: null, tunnel, restarts, everUp: true, nextRetryAt: null },
        effects,
      );
    }

    case 'tunnel-start-failed': {
      const why = event.native ? event.message : `kubectl: ${event.message}`;
      if (!event.forbidden) return tunnelFailed(s, why, now, c, []);
      // Like a target the user may not read: look again, until someone grants the verb.
      const next = lookAt(c.waitMs);
      return set(
        { state: 'Reconnecting', reason: why, problem: 'forbidden', nextRetryAt: next.nextRetryAt },
        [next.effect],
      );
    }

    case 'tunnel-exited': {
      const t = s.tunnel;
      if (!t) return { state: s, effects: [] };
      const lived = now - t.startedAt >= STABLE_TUNNEL_MS;
      const base: RulesState = { ...s, tunnel: null, failures: lived ? 0 : s.failures };
      const hold: ForwardEffect = { type: 'hold-clients' };
      // The pod is gone or not serving: that is a re-target, not a failure.
      if (!event.podServing) {
        return {
          state: {
            ...base,
            state: 'Reconnecting',
            reason: `pod ${t.pod} went away`,
            problem: null,
            nextRetryAt: null,
          },
          effects: [hold, { type: 'look' }],
        };
      }
      // Shows "waiting for cluster"; no attempt counted.
      if (event.clusterUnhealthy) return { state: base, effects: [hold, { type: 'look' }] };
      if (event.appRefused) {
        // kubectl quits when the pod's port refuses a connection: the app is down, not the
        // tunnel. Bring kubectl back (slower each time) but never give up on the app's account.
        const appExits = s.appExits + 1;
        const d = restartDecision({ ...c.restart, enabled: true, maxAttempts: 100 }, Math.min(appExits, 100));
        const delay = d.restart ? d.delayMs : c.restart.maxDelayMs;
        return {
          state: {
            ...base,
            appExits,
            state: 'Reconnecting',
            reason: `the app in pod ${t.pod} refused the connection`,
            problem: 'app-not-answering',
            nextRetryAt: now + delay,
          },
          effects: [hold, { type: 'look-at', at: now + delay }],
        };
      }
      const ended = event.native ? 'the tunnel closed' : 'kubectl exited';
      return tunnelFailed(base, `${ended}: ${event.message}`, now, c, [hold]);
    }

    case 'probe-ok':
      if (s.state === 'Active' && s.problem !== null)
        return set({ probeFailures: 0, appExits: 0, reason: null, problem: null });
      return set({ probeFailures: 0, appExits: 0 });

    case 'probe-failed': {
      const probeFailures = s.probeFailures + 1;
      if (probeFailures < event.threshold) return set({ probeFailures });
      if (event.clusterUnhealthy)
        return set({ probeFailures, reason: `waiting for cluster ${c.context}`, problem: 'cluster-down' });
      if (event.problem === 'tunnel-dead')
        return set({ probeFailures, state: 'Reconnecting', reason: event.message, problem: 'tunnel-dead' }, [
          { type: 'kill-tunnel' },
        ]);
      // The tunnel is fine; restarting it would not help. Say what is wrong and keep probing.
      return set({ probeFailures, state: 'Active', reason: event.message, problem: 'app-not-answering' });
    }

    case 'retry-due':
      if (s.state === 'Failed' && s.problem !== 'target-missing') return { state: s, effects: [] };
      return set({ nextRetryAt: null }, [{ type: 'look' }]);

    case 'retry-now': {
      if (s.state === 'Active' && s.problem === null) return { state: s, effects: [] };
      // After giving up, the user's retry starts a fresh round of attempts.
      const gaveUp = s.state === 'Failed' && s.problem !== 'target-missing';
      return set(
        {
          nextRetryAt: null,
          appExits: 0,
          ...(gaveUp ? { failures: 0, state: 'Reconnecting' as const, reason: 'retrying now' } : {}),
        },
        [{ type: 'look' }],
      );
    }

    case 'look-crashed': {
      const next = lookAt(c.waitMs);
      return set({ nextRetryAt: s.state === 'Active' ? null : next.nextRetryAt }, [next.effect]);
    }
  }
}

/** A tunnel that failed (kubectl would not start, or exited on its own): retry on the policy, or give up. */
function tunnelFailed(
  s: RulesState,
  why: string,
  now: number,
  c: RulesConfig,
  effects: ForwardEffect[],
): Transition {
  const failures = s.failures + 1;
  const d = restartDecision(c.restart, failures);
  if (!d.restart) {
    return {
      state: {
        ...s,
        // The attempts shown never pass the policy's limit.
        failures: Math.min(failures, c.restart.maxAttempts),
        state: 'Failed',
        reason: `${why} (${d.why})`,
        problem: 'tunnel-dead',
        nextRetryAt: null,
      },
      effects: [
        ...effects,
        ...(effects.some((e) => e.type === 'hold-clients') ? [] : [{ type: 'hold-clients' } as const]),
        { type: 'drop-held' },
      ],
    };
  }
  return {
    state: {
      ...s,
      failures,
      state: 'Reconnecting',
      reason: why,
      problem: 'tunnel-dead',
      nextRetryAt: now + d.delayMs,
    },
    effects: [...effects, { type: 'look-at', at: now + d.delayMs }],
  };
}
