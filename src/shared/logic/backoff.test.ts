import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_RECONNECT_BACKOFF, backoffCap, backoffDelay, type BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, multiplier: 2 };

describe('backoffCap', () => {
  it('grows exponentially to the max', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffCap(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('survives huge and odd attempts', () => {
    expect(backoffCap(10_000, policy)).toBe(30_000);
    expect(backoffCap(Number.POSITIVE_INFINITY, policy)).toBe(1000);
    expect(backoffCap(-3, policy)).toBe(1000);
    expect(backoffCap(Number.NaN, policy)).toBe(1000);
    expect(backoffCap(2.9, policy)).toBe(4000);
  });

  it('degenerate policies', () => {
    expect(backoffCap(5, { initialMs: 0, maxMs: 100 })).toBe(0);
    expect(backoffCap(5, { initialMs: 100, maxMs: 1000, multiplier: 1 })).toBe(100);
    expect(backoffCap(5, { initialMs: 100, maxMs: 1000, multiplier: 0.5 })).toBe(100);
    // A max below the initial delay is raised to it.
    expect(backoffCap(5, { initialMs: 500, maxMs: 100 })).toBe(500);
  });
});

describe('backoffDelay', () => {
  it('full jitter: uniform in [0, cap]', () => {
    expect(backoffDelay(3, { ...policy, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelay(3, { ...policy, jitter: 'full' }, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, { ...policy, jitter: 'full' }, () => 0.999)).toBe(7992);
    // Default jitter is full.
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4000);
  });

  it('equal jitter: cap/2 + uniform in [0, cap/2]', () => {
    expect(backoffDelay(3, { ...policy, jitter: 'equal' }, () => 0)).toBe(4000);
    expect(backoffDelay(3, { ...policy, jitter: 'equal' }, () => 1)).toBe(8000);
  });

  it('no jitter', () => {
    expect(backoffDelay(3, { ...policy, jitter: 'none' }, () => 0.3)).toBe(8000);
  });

  it('min floor after jitter', () => {
    expect(backoffDelay(0, { ...policy, minMs: 250 }, () => 0)).toBe(250);
  });

  it('a broken random source cannot escape [0, cap]', () => {
    for (const r of [-1, 2, Number.NaN, Number.POSITIVE_INFINITY]) {
      const d = backoffDelay(2, policy, () => r);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('spreads: 1000 draws at the cap are not all the same', () => {
    let s = 1;
    const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
    const draws = new Set(Array.from({ length: 1000 }, () => backoffDelay(10, policy, rnd)));
    expect(draws.size).toBeGreaterThan(900);
    for (const d of draws) expect(d).toBeLessThanOrEqual(30_000);
  });
});

describe('Backoff', () => {
  it('grows, caps and resets', () => {
    const b = new Backoff({ ...policy, jitter: 'none' }, () => 0.5);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(1000);
  });

  it('the attempt counter stops once capped (no growth over days of retries)', () => {
    const b = new Backoff(policy, () => 0.5);
    for (let i = 0; i < 100_000; i += 1) b.next();
    expect(b.attempts).toBe(5);
    const stuck = new Backoff({ initialMs: 500, maxMs: 100 }, () => 0.5);
    for (let i = 0; i < 100; i += 1) stuck.next();
    expect(stuck.attempts).toBe(0);
  });

  it('default reconnect policy: 800 ms to 30 s with equal jitter', () => {
    const b = new Backoff(DEFAULT_RECONNECT_BACKOFF, () => 0);
    expect(b.next()).toBe(400);
    const high = new Backoff(DEFAULT_RECONNECT_BACKOFF, () => 1);
    const delays = Array.from({ length: 10 }, () => high.next());
    expect(delays[0]).toBe(800);
    expect(delays.at(-1)).toBe(30_000);
  });
});
