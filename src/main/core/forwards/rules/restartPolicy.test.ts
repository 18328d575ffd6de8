import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY } from '../../../../shared/domain/forward';
import { restartDecision } from './restartPolicy';

describe('restartDecision', () => {
  const policy = { ...DEFAULT_RESTART_POLICY };

  it('grows from the initial delay by the multiplier up to the cap', () => {
    const delays = [1, 2, 3, 4, 5].map((n) =>
      restartDecision({ ...policy, maxAttempts: 10, maxDelayMs: 5_000 }, n),
    );
    expect(delays.map((d) => (d.restart ? d.delayMs : -1))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('gives up after maxAttempts failures in a row', () => {
    expect(restartDecision(policy, 5).restart).toBe(true);
    const after = restartDecision(policy, 6);
    expect(after).toEqual({ restart: false, why: 'gave up after 5 failed restarts' });
  });

  it('never restarts when the policy is off', () => {
    expect(restartDecision({ ...policy, enabled: false }, 1)).toMatchObject({ restart: false });
  });
});
