// Hysteresis for API reachability: one failed probe (a Wi-Fi hiccup, a GC pause on the API
// server) must not turn a cluster red, and one lucky probe must not turn a dead one green.
//
//   Unknown  ── first success ──────────────────────────────► Healthy
//   Unknown  ── failureThreshold consecutive failures ──────► Unhealthy
//   Healthy  ── failureThreshold consecutive failures ──────► Unhealthy
//   Unhealthy ─ successThreshold consecutive successes ─────► Healthy
//   anything else keeps the verdict; a success resets the failure streak and vice versa.
//
// Leaving Unknown needs only one success: there is no verdict to protect yet, and holding
// "Unknown" for another probe would only delay the first green light.
//
// Fast without flapping: thresholds count probe *attempts*, not scheduled checks. After a
// first failure the engine retries every `retryDelay` (1 s) up to `retryAttempts` times (see
// schedule.ts), so with failureThreshold 3 and retryAttempts 2 a dead API (connection refused:
// each attempt fails in milliseconds) is declared Unhealthy ≈ 2 × 1 s after the first failed
// probe; the engine fires that first probe the moment a watch breaks. A single blip is
// followed by a successful retry 1 s later, which resets the streak: no state change. With
// thresholds ≥ 2, strictly alternating results never change the verdict either way.

/** The debounced reachability verdict. */
export type ProbeVerdict = 'Unknown' | 'Healthy' | 'Unhealthy';

/** Everything the machine remembers between probes. */
export interface ProbeHysteresis {
  readonly state: ProbeVerdict;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  /** When the current failure streak began (first failed probe), else null. */
  readonly failingSince: number | null;
  /** When `state` last changed (null: never). */
  readonly changedAt: number | null;
  readonly lastObservationAt: number | null;
  readonly lastSuccessAt: number | null;
}

/** One probe result at time `at` (epoch ms). */
export interface ProbeObservation {
  readonly ok: boolean;
  readonly at: number;
}

/** How many consecutive results flip the verdict. Values below 1 are treated as 1. */
export interface HysteresisThresholds {
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

/** The state before any probe. */
export const INITIAL_PROBE_HYSTERESIS: ProbeHysteresis = {
  state: 'Unknown',
  consecutiveFailures: 0,
  consecutiveSuccesses: 0,
  failingSince: null,
  changedAt: null,
  lastObservationAt: null,
  lastSuccessAt: null,
};

/**
 * Feed one probe result; returns the next state (a new object, `prev` is untouched).
 * A result older than the last one seen (a slow probe overtaken by a newer one) is ignored.
 */
export function step(
  prev: ProbeHysteresis,
  observation: ProbeObservation,
  thresholds: HysteresisThresholds,
): ProbeHysteresis {
  if (prev.lastObservationAt !== null && observation.at < prev.lastObservationAt) return prev;
  const failureThreshold = atLeastOne(thresholds.failureThreshold);
  const successThreshold = atLeastOne(thresholds.successThreshold);

  if (observation.ok) {
    const successes = prev.consecutiveSuccesses + 1;
    const recovered =
      prev.state === 'Unknown' || (prev.state === 'Unhealthy' && successes >= successThreshold);
    const state: ProbeVerdict = recovered ? 'Healthy' : prev.state;
    return {
      state,
      consecutiveFailures: 0,
      consecutiveSuccesses: successes,
      failingSince: null,
      changedAt: state !== prev.state ? observation.at : prev.changedAt,
      lastObservationAt: observation.at,
      lastSuccessAt: observation.at,
    };
  }

  const failures = prev.consecutiveFailures + 1;
  const state: ProbeVerdict = failures >= failureThreshold ? 'Unhealthy' : prev.state;
  return {
    state,
    consecutiveFailures: failures,
    consecutiveSuccesses: 0,
    failingSince: prev.failingSince ?? observation.at,
    changedAt: state !== prev.state ? observation.at : prev.changedAt,
    lastObservationAt: observation.at,
    lastSuccessAt: prev.lastSuccessAt,
  };
}

/** True when the verdict still stands but the latest results disagree with it (a retry is due). */
export function isUnsettled(h: ProbeHysteresis): boolean {
  return (
    (h.state !== 'Unhealthy' && h.consecutiveFailures > 0) ||
    (h.state === 'Unhealthy' && h.consecutiveSuccesses > 0)
  );
}

function atLeastOne(n: number): number {
  return Number.isFinite(n) ? Math.max(1, Math.floor(n)) : 1;
}
