import { describe, expect, it } from 'vitest';
import { formatAge, formatAgo, formatLatency } from './time';

describe('time formatting', () => {
  const now = 1_700_000_000_000;
  it('says how long ago, in the largest unit that fits', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo(now - 500, now)).toBe('just now');
    expect(formatAgo(now - 12_000, now)).toBe('12 s ago');
    expect(formatAgo(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatAgo(now - 5 * 3_600_000, now)).toBe('5 h ago');
    expect(formatAgo(now - 3 * 86_400_000, now)).toBe('3 d ago');
    // a clock a little ahead of the engine never shows a negative age
    expect(formatAgo(now + 5000, now)).toBe('just now');
  });
  it('ages pods like kubectl', () => {
    expect(formatAge(now - 45_000, now)).toBe('45s');
    expect(formatAge(now - 12 * 60_000, now)).toBe('12m');
    expect(formatAge(now - 30 * 3_600_000, now)).toBe('30h');
    expect(formatAge(now - 5 * 86_400_000, now)).toBe('5d');
    expect(formatAge(null, now)).toBe('—');
  });
  it('prints latency in ms or s', () => {
    expect(formatLatency(42.4)).toBe('42 ms');
    expect(formatLatency(1340)).toBe('1.3 s');
    expect(formatLatency(null)).toBe('—');
  });
});
