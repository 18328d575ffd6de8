import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CONFIG, type HealthConfig } from '../../domain/healthConfig';
import { healthTimings, mergeHealthConfig, type HealthTimings } from './config';
import { INITIAL_PROBE_HYSTERESIS, step, type ProbeHysteresis } from './hysteresis';
import {
  DETECTION_TARGET_MS,
  IDLE_REQUEST_BUDGET_PER_MIN,
  detectionEstimate,
  fullCheckDue,
  healthConfigWarnings,
  nextProbeDelayMs,
  shouldCollectEvents,
} from './schedule';

const t = healthTimings(DEFAULT_HEALTH_CONFIG);

/** A small deterministic PRNG (mulberry32) so simulations are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function feed(pattern: string, at0 = 0): ProbeHysteresis {
  let h = INITIAL_PROBE_HYSTERESIS;
  [...pattern].forEach((c, i) => {
    h = step(h, { ok: c === 'S', at: at0 + i * 1000 }, t);
  });
  return h;
}

describe('nextProbeDelayMs', () => {
  const mid = (): number => 0.5;

  it('probes at once when never probed', () => {
    expect(nextProbeDelayMs(INITIAL_PROBE_HYSTERESIS, t, mid)).toBe(0);
  });

  it('healthy: the probe interval, jittered upwards by at most 10 %', () => {
    const h = feed('S');
    expect(nextProbeDelayMs(h, t, () => 0)).toBe(30_000);
    expect(nextProbeDelayMs(h, t, () => 0.999999)).toBeLessThanOrEqual(33_000);
    expect(nextProbeDelayMs(h, t, () => 7)).toBe(33_000);
  });

  it('after a failure: fast retries, up to retryAttempts', () => {
    expect(nextProbeDelayMs(feed('SF'), t, mid)).toBe(1000);
    expect(nextProbeDelayMs(feed('SFF'), t, mid)).toBe(1000);
    expect(nextProbeDelayMs(feed('F'), t, mid)).toBe(1000);
  });

  it('when the threshold needs more than the retries, later attempts wait a full interval', () => {
    const slow: HealthTimings = { ...t, failureThreshold: 5 };
    let h = INITIAL_PROBE_HYSTERESIS;
    for (const ok of [true, false, false, false])
      h = step(h, { ok, at: (h.lastObservationAt ?? 0) + 1 }, slow);
    expect(h.state).toBe('Healthy');
    expect(nextProbeDelayMs(h, slow, () => 0)).toBe(30_000);
  });

  it('unhealthy: backoff from 2 s up to the probe interval', () => {
    const delays = [3, 4, 5, 6, 7, 8, 20].map((n) =>
      nextProbeDelayMs(feed('F'.repeat(n)), t, () => 0.999999),
    );
    expect(delays[0]).toBeLessThanOrEqual(2000);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)).toBeLessThanOrEqual(30_000);
    expect(delays.at(-1)).toBeGreaterThan(29_000);
    // Equal jitter: never below half the cap.
    expect(nextProbeDelayMs(feed('F'.repeat(20)), t, () => 0)).toBe(15_000);
  });

  it('unhealthy with a fresh success: confirm quickly', () => {
    expect(nextProbeDelayMs(feed('FFFS'), t, mid)).toBe(1000);
  });
});

describe('fullCheckDue and shouldCollectEvents', () => {
  it('full check every interval', () => {
    expect(fullCheckDue(null, 5, t)).toBe(true);
    expect(fullCheckDue(0, 239_999, t)).toBe(false);
    expect(fullCheckDue(0, 240_000, t)).toBe(true);
  });

  it('events only when getting worse, reachable and enabled', () => {
    const c = DEFAULT_HEALTH_CONFIG;
    expect(shouldCollectEvents(c, 'Healthy', 'Degraded', true)).toBe(true);
    expect(shouldCollectEvents(c, 'Degraded', 'Unhealthy', true)).toBe(true);
    expect(shouldCollectEvents(c, 'Unknown', 'Degraded', true)).toBe(true);
    expect(shouldCollectEvents(c, 'Degraded', 'Degraded', true)).toBe(false);
    expect(shouldCollectEvents(c, 'Unhealthy', 'Degraded', true)).toBe(false);
    expect(shouldCollectEvents(c, 'Degraded', 'Healthy', true)).toBe(false);
    expect(shouldCollectEvents(c, 'Healthy', 'Unknown', true)).toBe(false);
    expect(shouldCollectEvents(c, 'Healthy', 'Unhealthy', false)).toBe(false);
    expect(
      shouldCollectEvents(
        { ...c, checks: { ...c.checks, eventsOnFailure: false } },
        'Healthy',
        'Degraded',
        true,
      ),
    ).toBe(false);
    expect(shouldCollectEvents({ ...c, enabled: false }, 'Healthy', 'Degraded', true)).toBe(false);
  });
});

describe('detectionEstimate and warnings', () => {
  it('defaults meet both targets', () => {
    const e = detectionEstimate(t);
    expect(e).toEqual({ failFastMs: 2000, blackholeMs: 8000, idleRequestsPerMinute: 2 });
    expect(e.failFastMs).toBeLessThanOrEqual(DETECTION_TARGET_MS);
    expect(e.idleRequestsPerMinute).toBeLessThanOrEqual(IDLE_REQUEST_BUDGET_PER_MIN);
    expect(healthConfigWarnings(DEFAULT_HEALTH_CONFIG)).toEqual([]);
  });

  it('warns when settings work against the targets', () => {
    const w = (o: Partial<HealthConfig>): string[] =>
      healthConfigWarnings(mergeHealthConfig(DEFAULT_HEALTH_CONFIG, o));
    expect(w({ failureThreshold: 5 })[0]).toMatch(
      /failureThreshold 5 needs more than 1 \+ retryAttempts \(2\).*about 62 s/,
    );
    expect(w({ retryDelay: 4 })[0]).toMatch(/after about 8 s \(target 5 s\)/);
    expect(w({ probeInterval: 15 })[0]).toBe(
      'probeInterval 15 s makes 4 requests/min per idle cluster (budget 2)',
    );
    expect(w({ probeTimeout: 30 })).toContain('probeTimeout (30 s) is not shorter than probeInterval (30 s)');
    expect(w({ timeout: 300, interval: 60 })).toContain(
      'timeout (300 s) is not shorter than interval (60 s)',
    );
  });
});

// A discrete-event model of the engine: probe on schedule, probe at once when watches break,
// at most one probe in flight; the API goes down at `downAt` (and maybe up at `upAt`).
interface Sim {
  readonly downAt: number;
  readonly upAt?: number;
  /** Watches break when the API dies (process killed, connections reset). */
  readonly watchBreaks: boolean;
  /** How a failing probe fails: fast (refused) or by hanging until the probe timeout. */
  readonly failure: 'refused' | 'blackhole';
  readonly horizon: number;
  readonly timings?: HealthTimings;
  readonly random: () => number;
}

interface SimResult {
  unhealthyAt: number | null;
  healthyAgainAt: number | null;
  probes: number[];
}

function simulate(s: Sim): SimResult {
  const timings = s.timings ?? t;
  const up = (at: number): boolean => at < s.downAt || (s.upAt !== undefined && at >= s.upAt);
  const out: SimResult = { unhealthyAt: null, healthyAgainAt: null, probes: [] };
  let h = INITIAL_PROBE_HYSTERESIS;
  let next = 0;
  let watchTriggerPending = s.watchBreaks;
  while (next < s.horizon) {
    let start = next;
    if (watchTriggerPending && s.downAt <= start) {
      // The watch broke before the scheduled probe: the engine probes right then.
      start = Math.max(s.downAt, h.lastObservationAt ?? 0);
      watchTriggerPending = false;
    }
    out.probes.push(start);
    const ok = up(start);
    const end = start + (ok ? 20 : s.failure === 'refused' ? 5 : timings.probeTimeoutMs);
    h = step(h, { ok, at: end }, timings);
    if (h.state === 'Unhealthy' && out.unhealthyAt === null) out.unhealthyAt = end;
    if (h.state === 'Healthy' && out.unhealthyAt !== null && out.healthyAgainAt === null)
      out.healthyAgainAt = end;
    next = end + nextProbeDelayMs(h, timings, s.random);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

describe('simulation: detection time and idle cost with the defaults', () => {
  const random = prng(42);
  const downTimes = Array.from({ length: 400 }, () => 60_000 + Math.floor(random() * 600_000));

  it('API server killed (watches break, connection refused): Unhealthy ≤ 5 s, median and worst case', () => {
    const detections = downTimes.map((downAt) => {
      const r = simulate({ downAt, watchBreaks: true, failure: 'refused', horizon: downAt + 60_000, random });
      expect(r.unhealthyAt).not.toBeNull();
      return (r.unhealthyAt ?? Infinity) - downAt;
    });
    expect(median(detections)).toBeLessThanOrEqual(5000);
    expect(Math.max(...detections)).toBeLessThanOrEqual(5000);
  });

  it('without the watch trigger, polling alone would miss the 5 s median (why watches matter)', () => {
    const detections = downTimes.map((downAt) => {
      const r = simulate({
        downAt,
        watchBreaks: false,
        failure: 'refused',
        horizon: downAt + 120_000,
        random,
      });
      return (r.unhealthyAt ?? Infinity) - downAt;
    });
    expect(median(detections)).toBeGreaterThan(5000);
    // Bounded by one (jittered) interval plus the retry burst.
    expect(Math.max(...detections)).toBeLessThanOrEqual(33_000 + 2_000 + 100);
  });

  it('black-holed network (no watch break, probes hang): bounded by interval + 8 s', () => {
    const detections = downTimes.slice(0, 100).map((downAt) => {
      const r = simulate({
        downAt,
        watchBreaks: false,
        failure: 'blackhole',
        horizon: downAt + 120_000,
        random,
      });
      return (r.unhealthyAt ?? Infinity) - downAt;
    });
    expect(Math.max(...detections)).toBeLessThanOrEqual(33_000 + detectionEstimate(t).blackholeMs + 100);
  });

  it('a blip shorter than the retry delay never turns the cluster Unhealthy', () => {
    for (const downAt of downTimes.slice(0, 100)) {
      const r = simulate({
        downAt,
        upAt: downAt + 800,
        watchBreaks: true,
        failure: 'refused',
        horizon: downAt + 120_000,
        random,
      });
      expect(r.unhealthyAt).toBeNull();
    }
  });

  it('recovery is seen within one probe interval plus the confirmation retry', () => {
    for (const downAt of downTimes.slice(0, 100)) {
      const upAt = downAt + 300_000;
      const r = simulate({
        downAt,
        upAt,
        watchBreaks: true,
        failure: 'refused',
        horizon: upAt + 120_000,
        random,
      });
      expect(r.healthyAgainAt).not.toBeNull();
      expect((r.healthyAgainAt ?? Infinity) - upAt).toBeLessThanOrEqual(30_000 + 1_000 + 100);
    }
  });

  it('an idle healthy cluster costs at most 2 requests/min', () => {
    const hour = 3_600_000;
    const r = simulate({ downAt: Infinity, watchBreaks: true, failure: 'refused', horizon: hour, random });
    expect(r.probes.length - 1).toBeLessThanOrEqual(120);
    const worst = simulate({
      downAt: Infinity,
      watchBreaks: true,
      failure: 'refused',
      horizon: hour,
      random: () => 0,
    });
    expect(worst.probes.length - 1).toBeLessThanOrEqual(120);
  });

  it('an outage of an hour does not hammer the API (backoff to one probe per interval)', () => {
    const r = simulate({
      downAt: 60_000,
      watchBreaks: true,
      failure: 'refused',
      horizon: 60_000 + 3_600_000,
      random,
    });
    const during = r.probes.filter((p) => p >= 60_000).length;
    expect(during).toBeLessThanOrEqual(3 + 5 + 3600 / 15);
  });
});
