import type { RestartPolicy } from '../../../../shared/domain/forward';
import { backoffCap } from '../../../../shared/logic/backoff';

/** What to do after the tunnel failed `attempt` times in a row (1 = the first failure). */
export type RestartDecision = { restart: true; delayMs: number } | { restart: false; why: string };

/**
 * The spec's restart policy (LocalPort's): delay = min(initial × multiplier^(attempt−1), max),
 * giving up after `maxAttempts` failures in a row, or at once when restarts are off.
 */
export function restartDecision(policy: RestartPolicy, attempt: number): RestartDecision {
  if (!policy.enabled) return { restart: false, why: 'automatic restart is off for this forward' };
  if (attempt > policy.maxAttempts) {
    return {
      restart: false,
      why: `gave up after ${policy.maxAttempts} failed restart${policy.maxAttempts === 1 ? '' : 's'}`,
    };
  }
  const delayMs = backoffCap(Math.max(0, attempt - 1), {
    initialMs: policy.initialDelayMs,
    maxMs: policy.maxDelayMs,
    multiplier: policy.multiplier,
  });
  return { restart: true, delayMs };
}

/** A tunnel that carried traffic this long counts as healthy: the failure count starts again. */
export const STABLE_TUNNEL_MS = 10_000;
