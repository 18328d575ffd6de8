import { healthStateRank, type HealthState } from '../../domain/health';
import { backoffDelay, type RandomSource } from '../backoff';
import type { HealthConfig } from '../../domain/healthConfig';
import type { HealthTimings } from './config';
import { healthTimings } from './config';
import { isUnsettled, type ProbeHysteresis } from './hysteresis';

// When to probe next, as a pure function of the hysteresis state, so the timing argument in
// config.ts is testable (schedule.test.ts simulates it). The engine also probes at once,
// outside this schedule, when a watch breaks, on wake from sleep and on a network change
// (at most one probe in flight per cluster).
//
//   never probed                      → now
//   failing, verdict not yet Unhealthy → retryDelay, for up to retryAttempts retries (the
//                                        burst that reaches failureThreshold in ≈ 2 s)
//   Unhealthy, a success just seen    → retryDelay (confirm recovery quickly)
//   Unhealthy                         → backoff from 2 × retryDelay up to probeInterval, equal
//                                        jitter (a dead cluster is not hammered, a revived
//                                        one is seen within one probe interval)
//   otherwise                         → probeInterval × [1, 1.1) (jitter spreads many clusters'
//                                        probes apart and never exceeds the request budget)

/** Milliseconds until the next scheduled probe. */
export function nextProbeDelayMs(h: ProbeHysteresis, t: HealthTimings, random: RandomSource): number {
  if (h.lastObservationAt === null) return 0;
  if (h.state === 'Unhealthy') {
    if (h.consecutiveSuccesses > 0) return t.retryDelayMs;
    const attempt = Math.max(0, h.consecutiveFailures - Math.max(1, t.failureThreshold));
    return backoffDelay(
      attempt,
      {
        initialMs: 2 * t.retryDelayMs,
        maxMs: Math.max(2 * t.retryDelayMs, t.probeIntervalMs),
        jitter: 'equal',
      },
      random,
    );
  }
  if (isUnsettled(h) && h.consecutiveFailures <= t.retryAttempts) return t.retryDelayMs;
  return Math.round(t.probeIntervalMs * (1 + 0.1 * clamp01(random())));
}

/** Whether the full keepalive check (pods, nodes, events digest) is due. */
export function fullCheckDue(lastFullCheckAt: number | null, now: number, t: HealthTimings): boolean {
  return lastFullCheckAt === null || now - lastFullCheckAt >= t.intervalMs;
}

/** Whether to fetch events now: only when enabled and the cluster just got worse but is reachable. */
export function shouldCollectEvents(
  config: Pick<HealthConfig, 'enabled' | 'checks'>,
  previous: HealthState,
  next: HealthState,
  reachable: boolean,
): boolean {
  if (!config.enabled || !config.checks.eventsOnFailure || !reachable) return false;
  if (next !== 'Degraded' && next !== 'Unhealthy') return false;
  return healthStateRank[next] > healthStateRank[previous];
}

/** What the timings promise, for settings warnings and the design comment. */
export interface DetectionEstimate {
  /** From the first failed probe to Unhealthy when each attempt fails fast (connection refused). */
  readonly failFastMs: number;
  /** Same when every attempt hangs until the probe timeout (black-holed network). */
  readonly blackholeMs: number;
  /** Scheduled probes per minute for a healthy, idle cluster (upper bound, jitter only lowers it). */
  readonly idleRequestsPerMinute: number;
}

/** Estimate detection times and idle cost for some timings (mirrors nextProbeDelayMs). */
export function detectionEstimate(t: HealthTimings): DetectionEstimate {
  const attempts = Math.max(1, t.failureThreshold);
  const fastRetries = Math.min(attempts - 1, t.retryAttempts);
  const slowRetries = attempts - 1 - fastRetries;
  const waits = fastRetries * t.retryDelayMs + slowRetries * t.probeIntervalMs;
  return {
    failFastMs: waits,
    blackholeMs: waits + attempts * t.probeTimeoutMs,
    idleRequestsPerMinute: 60_000 / t.probeIntervalMs,
  };
}

/** Target: a dead API seen within this long after its watches break. */
export const DETECTION_TARGET_MS = 5_000;
/** Target: idle requests per minute per cluster, beyond the watches. */
export const IDLE_REQUEST_BUDGET_PER_MIN = 2;

/** Settings that are valid but work against the targets, as sentences for the settings screen. */
export function healthConfigWarnings(config: HealthConfig): string[] {
  const t = healthTimings(config);
  const e = detectionEstimate(t);
  const warnings: string[] = [];
  if (config.failureThreshold > config.retryAttempts + 1) {
    warnings.push(
      `failureThreshold ${config.failureThreshold} needs more than 1 + retryAttempts (${config.retryAttempts}) probes: ` +
        `a stopped API server is declared Unhealthy only after about ${Math.round(e.failFastMs / 1000)} s`,
    );
  } else if (e.failFastMs > DETECTION_TARGET_MS) {
    warnings.push(
      `a stopped API server is declared Unhealthy after about ${Math.round(e.failFastMs / 1000)} s ` +
        `(target ${DETECTION_TARGET_MS / 1000} s): lower retryDelay or failureThreshold`,
    );
  }
  if (e.idleRequestsPerMinute > IDLE_REQUEST_BUDGET_PER_MIN) {
    warnings.push(
      `probeInterval ${config.probeInterval} s makes ${round1(e.idleRequestsPerMinute)} requests/min per idle cluster ` +
        `(budget ${IDLE_REQUEST_BUDGET_PER_MIN})`,
    );
  }
  if (config.probeTimeout >= config.probeInterval) {
    warnings.push(
      `probeTimeout (${config.probeTimeout} s) is not shorter than probeInterval (${config.probeInterval} s)`,
    );
  }
  if (config.timeout >= config.interval) {
    warnings.push(`timeout (${config.timeout} s) is not shorter than interval (${config.interval} s)`);
  }
  return warnings;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
