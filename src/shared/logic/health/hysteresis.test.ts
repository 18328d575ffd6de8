import { describe, expect, it } from 'vitest';
import {
  INITIAL_PROBE_HYSTERESIS,
  isUnsettled,
  step,
  type HysteresisThresholds,
  type ProbeHysteresis,
  type ProbeVerdict,
} from './hysteresis';

const T: HysteresisThresholds = { failureThreshold: 3, successThreshold: 2 };

/** Feed a pattern like "SSFFF" (S = success, F = failure) one second apart; return the verdict after each. */
function run(
  pattern: string,
  thresholds = T,
  from: ProbeHysteresis = INITIAL_PROBE_HYSTERESIS,
): { states: ProbeVerdict[]; last: ProbeHysteresis } {
  let h = from;
  const states: ProbeVerdict[] = [];
  [...pattern].forEach((ch, i) => {
    h = step(h, { ok: ch === 'S', at: 1_000_000 + i * 1000 }, thresholds);
    states.push(h.state);
  });
  return { states, last: h };
}

describe('step', () => {
  it('starts Unknown and goes Healthy on the first success', () => {
    expect(INITIAL_PROBE_HYSTERESIS.state).toBe('Unknown');
    const { last } = run('S');
    expect(last).toMatchObject({
      state: 'Healthy',
      consecutiveSuccesses: 1,
      consecutiveFailures: 0,
      changedAt: 1_000_000,
      lastSuccessAt: 1_000_000,
    });
  });

  it('from Unknown, failures below the threshold stay Unknown, then Unhealthy', () => {
    expect(run('FFF').states).toEqual(['Unknown', 'Unknown', 'Unhealthy']);
  });

  it('Healthy → Unhealthy only after failureThreshold consecutive failures', () => {
    const { states, last } = run('SFFF');
    expect(states).toEqual(['Healthy', 'Healthy', 'Healthy', 'Unhealthy']);
    expect(last.failingSince).toBe(1_001_000);
    expect(last.changedAt).toBe(1_003_000);
    expect(last.lastSuccessAt).toBe(1_000_000);
  });

  it('one blip never flaps', () => {
    expect(run('SFSSFSFFSFF').states.every((s) => s === 'Healthy')).toBe(true);
  });

  it('recovery needs successThreshold consecutive successes', () => {
    const { states } = run('SFFFSFSS');
    expect(states).toEqual([
      'Healthy',
      'Healthy',
      'Healthy',
      'Unhealthy',
      'Unhealthy',
      'Unhealthy',
      'Unhealthy',
      'Healthy',
    ]);
  });

  it('strictly alternating results never change a settled verdict (both directions)', () => {
    const alternating = 'FS'.repeat(500);
    expect(new Set(run(`S${alternating}`).states)).toEqual(new Set(['Healthy']));
    const down = run('FFF').last;
    expect(new Set(run(`S${'FS'.repeat(499)}F`, T, down).states)).toEqual(new Set(['Unhealthy']));
  });

  it('with thresholds of 1 it follows every result (the caller asked for it)', () => {
    expect(run('SFSF', { failureThreshold: 1, successThreshold: 1 }).states).toEqual([
      'Healthy',
      'Unhealthy',
      'Healthy',
      'Unhealthy',
    ]);
  });

  it('bad thresholds behave as 1', () => {
    expect(run('SF', { failureThreshold: 0, successThreshold: Number.NaN }).states).toEqual([
      'Healthy',
      'Unhealthy',
    ]);
    expect(run('SFS', { failureThreshold: -3, successThreshold: 0.5 }).states).toEqual([
      'Healthy',
      'Unhealthy',
      'Healthy',
    ]);
  });

  it('failingSince marks the start of the streak and clears on success', () => {
    const { last } = run('SFFFFF');
    expect(last.failingSince).toBe(1_001_000);
    expect(last.consecutiveFailures).toBe(5);
    expect(step(last, { ok: true, at: 2_000_000 }, T).failingSince).toBeNull();
  });

  it('ignores results older than the last one (a slow probe overtaken by a newer one)', () => {
    const h = step(INITIAL_PROBE_HYSTERESIS, { ok: true, at: 5000 }, T);
    expect(step(h, { ok: false, at: 4000 }, T)).toBe(h);
    expect(step(h, { ok: false, at: 5000 }, T).consecutiveFailures).toBe(1);
  });

  it('does not mutate the previous state', () => {
    const before = { ...INITIAL_PROBE_HYSTERESIS };
    step(INITIAL_PROBE_HYSTERESIS, { ok: false, at: 1 }, T);
    expect(INITIAL_PROBE_HYSTERESIS).toEqual(before);
  });

  it('counts keep growing during a long outage without changing the verdict', () => {
    const { last } = run('F'.repeat(1000));
    expect(last.state).toBe('Unhealthy');
    expect(last.consecutiveFailures).toBe(1000);
    expect(last.changedAt).toBe(1_002_000);
  });
});

describe('isUnsettled', () => {
  it('true while the latest results disagree with the verdict', () => {
    expect(isUnsettled(run('S').last)).toBe(false);
    expect(isUnsettled(run('SF').last)).toBe(true);
    expect(isUnsettled(run('F').last)).toBe(true);
    expect(isUnsettled(run('FFF').last)).toBe(false);
    expect(isUnsettled(run('FFFS').last)).toBe(true);
    expect(isUnsettled(INITIAL_PROBE_HYSTERESIS)).toBe(false);
  });
});
