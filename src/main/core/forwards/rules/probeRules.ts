// The rules for probe results: failures count only from the probe's threshold on, a dead
// tunnel is ended so its exit brings the next one, a silent app is reported and kept.
import type { ForwardEvent } from './rulesEvents';
import { patched, type RulesConfig, type RulesState, type Transition } from './rulesState';

/** A probe got through: the counts start again and a probe-found problem clears. */
export function onProbeOk(s: RulesState): Transition {
  if (s.state === 'Active' && s.problem !== null)
    return patched(s, { probeFailures: 0, appExits: 0, reason: null, problem: null });
  return patched(s, { probeFailures: 0, appExits: 0 });
}

/** A probe failed: below the threshold nothing shows; at it, what failed decides. */
export function onProbeFailed(
  s: RulesState,
  e: Extract<ForwardEvent, { type: 'probe-failed' }>,
  c: RulesConfig,
): Transition {
  const probeFailures = s.probeFailures + 1;
  if (probeFailures < e.threshold) return patched(s, { probeFailures });
  if (e.clusterUnhealthy)
    return patched(s, { probeFailures, reason: `waiting for cluster ${c.context}`, problem: 'cluster-down' });
  if (e.problem === 'tunnel-dead')
    return patched(s, { probeFailures, state: 'Reconnecting', reason: e.message, problem: 'tunnel-dead' }, [
      { type: 'kill-tunnel' },
    ]);
  // The tunnel is fine; restarting it would not help. Say what is wrong and keep probing.
  return patched(s, { probeFailures, state: 'Active', reason: e.message, problem: 'app-not-answering' });
}
