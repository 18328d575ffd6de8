// A forward's rules, written once: what it does after each thing that happens to it. Pure —
// no timers, no kubectl, no API — so every rule is a unit test, and Forward only performs the
// effects and reports back what came of them. The rules live by job: lookRules (what a look
// found), tunnelRules (the tunnel's life), probeRules (probe results); start, stop and the
// retries are here.
import { onClusterUnhealthy, onContextUnusable, onPodsChanged, onResolved, onUnresolved } from './lookRules';
import { onProbeFailed, onProbeOk } from './probeRules';
import type { ForwardEvent } from './rulesEvents';
import {
  gaveUp,
  initialRules,
  lookIn,
  patched,
  unchanged,
  type RulesConfig,
  type RulesState,
  type Transition,
} from './rulesState';
import { onTunnelExited, onTunnelStartFailed, onTunnelUp } from './tunnelRules';

/** The forward's rules: the next state and effects for `event` at `now`. */
export function transition(s: RulesState, event: ForwardEvent, now: number, c: RulesConfig): Transition {
  const stopped = s.state === 'Stopped';
  if (stopped && event.type !== 'start') return unchanged(s);

  switch (event.type) {
    case 'start':
      if (!stopped) return unchanged(s);
      return patched(s, { ...initialRules(), state: 'Starting' }, [{ type: 'look' }]);

    case 'stop':
      // Totals stay readable after a stop; the next start resets them.
      return patched(s, { ...initialRules(), restarts: s.restarts, reason: event.why });

    case 'cluster-unhealthy':
      return onClusterUnhealthy(s, now, c);
    case 'context-unusable':
      return onContextUnusable(s, event);
    case 'resolved':
      return onResolved(s, event);
    case 'unresolved':
      return onUnresolved(s, event, now, c);
    case 'pods-changed':
      return onPodsChanged(s, event);

    case 'tunnel-up':
      return onTunnelUp(s, event, now);
    case 'tunnel-start-failed':
      return onTunnelStartFailed(s, event, now, c);
    case 'tunnel-exited':
      return onTunnelExited(s, event, now, c);

    case 'probe-ok':
      return onProbeOk(s);
    case 'probe-failed':
      return onProbeFailed(s, event, c);

    case 'retry-due':
      if (gaveUp(s)) return unchanged(s);
      return patched(s, { nextRetryAt: null }, [{ type: 'look' }]);

    case 'retry-now': {
      if (s.state === 'Active' && s.problem === null) return unchanged(s);
      // After giving up, the user's retry starts a fresh round of attempts.
      return patched(
        s,
        {
          nextRetryAt: null,
          appExits: 0,
          ...(gaveUp(s) ? { failures: 0, state: 'Reconnecting' as const, reason: 'retrying now' } : {}),
        },
        [{ type: 'look' }],
      );
    }

    case 'look-crashed': {
      const next = lookIn(now, c.waitMs);
      return patched(s, { nextRetryAt: s.state === 'Active' ? null : next.nextRetryAt }, [next.effect]);
    }
  }
}
