import type { HealthState } from '../../domain/health';

/** What the aggregation needs of one component's latest check. */
export interface ComponentVerdict {
  name: string;
  state: HealthState;
  /** The checker did not answer within its timeout. */
  timedOut: boolean;
}

/** The app's overall state and the rule that decided it, in words (shown in the UI). */
export interface AggregateHealth {
  state: HealthState;
  reason: string;
}

/**
 * The app's state from its components' states. The rules, in order:
 *
 * 1. No component registered, or none has a verdict yet (all Unknown, none timed out) → Unknown.
 * 2. Any component Unhealthy → Unhealthy: a part of Tether does not work.
 * 3. Any component Degraded, or any checker that timed out → Degraded: a hanging checker is a
 *    problem by itself (we cannot see that part), but not proof that the part is down.
 * 4. Otherwise Healthy. A component still Unknown (not checked yet, e.g. a cluster whose first
 *    probe is running) does not drag the others down: it becomes Unknown only when all are.
 *
 * There is no "Degraded when more than half are degraded" rule: by rule 3 one Degraded
 * component is already enough, so such a rule could never change the answer.
 */
export function aggregateHealth(components: readonly ComponentVerdict[]): AggregateHealth {
  if (components.length === 0) return { state: 'Unknown', reason: 'no component registered' };
  const unhealthy = components.filter((c) => c.state === 'Unhealthy').map((c) => c.name);
  if (unhealthy.length > 0) return { state: 'Unhealthy', reason: `unhealthy: ${unhealthy.join(', ')}` };
  const degraded = components.filter((c) => c.state === 'Degraded').map((c) => c.name);
  const hung = components.filter((c) => c.timedOut).map((c) => c.name);
  if (degraded.length > 0 || hung.length > 0) {
    const parts = [
      ...(degraded.length > 0 ? [`degraded: ${degraded.join(', ')}`] : []),
      ...(hung.length > 0 ? [`check timed out: ${hung.join(', ')}`] : []),
    ];
    return { state: 'Degraded', reason: parts.join('; ') };
  }
  if (components.every((c) => c.state === 'Unknown')) return { state: 'Unknown', reason: 'no verdict yet' };
  const unknown = components.filter((c) => c.state === 'Unknown').map((c) => c.name);
  return {
    state: 'Healthy',
    reason:
      unknown.length > 0 ? `healthy (not checked yet: ${unknown.join(', ')})` : 'all components healthy',
  };
}

/** The worst of several states (Unknown ranks between Healthy and Degraded), for checkers that fold many items. */
export function worstState(states: Iterable<HealthState>): HealthState {
  const rank: Record<HealthState, number> = { Healthy: 0, Unknown: 1, Degraded: 2, Unhealthy: 3 };
  let worst: HealthState = 'Healthy';
  let any = false;
  for (const s of states) {
    any = true;
    if (rank[s] > rank[worst]) worst = s;
  }
  return any ? worst : 'Healthy';
}
