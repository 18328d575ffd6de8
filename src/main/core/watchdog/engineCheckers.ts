import type { HealthState } from '../../../shared/domain/health';
import { worstState } from '../../../shared/logic/componentHealth';
import type { CheckResult } from './componentRegistry';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The cluster monitors, as one component. A cluster that is down is the cluster's problem, not
 * Tether's: it makes this component Degraded (named in the reason), never Unhealthy.
 */
export function clustersCheck(
  summaries: ReadonlyArray<{ context: string; state: HealthState }>,
): CheckResult {
  if (summaries.length === 0) return { state: 'Healthy', reason: 'no cluster monitored' };
  const bad = summaries.filter((s) => s.state === 'Unhealthy' || s.state === 'Degraded');
  if (bad.length > 0) {
    return { state: 'Degraded', reason: bad.map((s) => `${s.context} ${s.state}`).join(', ') };
  }
  const state = worstState(summaries.map((s) => s.state));
  return {
    state,
    reason: `${plural(summaries.length, 'cluster')} ${state === 'Unknown' ? 'not checked yet' : 'healthy'}`,
  };
}

/** The forward supervisor: a Failed forward is Unhealthy, one Reconnecting or Starting is Degraded. */
export function forwardsCheck(
  list: ReadonlyArray<{ spec: { name: string }; state: string; reason: string | null }>,
): CheckResult {
  const running = list.filter((f) => f.state !== 'Stopped');
  const failed = running.filter((f) => f.state === 'Failed');
  if (failed.length > 0) {
    return {
      state: 'Unhealthy',
      reason: failed.map((f) => `${f.spec.name} failed${f.reason ? `: ${f.reason}` : ''}`).join('; '),
    };
  }
  const moving = running.filter((f) => f.state !== 'Active');
  if (moving.length > 0)
    return { state: 'Degraded', reason: moving.map((f) => `${f.spec.name} ${f.state}`).join(', ') };
  return {
    state: 'Healthy',
    reason: running.length === 0 ? 'no forward running' : `${plural(running.length, 'forward')} active`,
  };
}

/** The provisioning watchers: counts only (their own problems surface as notifications). */
export function provisioningCheck(s: {
  watchers: number;
  openStreams: number;
  subscriptions: number;
}): CheckResult {
  return {
    state: 'Healthy',
    reason: `${plural(s.watchers, 'watcher')}, ${plural(s.openStreams, 'open stream')}, ${plural(s.subscriptions, 'subscription')}`,
  };
}
