import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentStore } from './recentStore';

describe('RecentStore', () => {
  it('keeps the newest values by their time once past the limit, and counts what it dropped', () => {
    const s = new RecentStore<{ at: number }>(100, (v) => v.at);
    for (let i = 0; i < 1_000; i++) s.set(`e${i}`, { at: i });
    expect(s.size).toBeLessThanOrEqual(100 + 16);
    expect(s.has('e999')).toBe(true);
    expect(s.has('e0')).toBe(false);
    expect(s.dropped).toBe(1_000 - s.size);
    // What is kept is the newest: every kept time is above every dropped one.
    expect(Math.min(...[...s.values()].map((v) => v.at))).toBe(1_000 - s.size);
  });

  it('an update of a kept key is recent again and is never counted twice', () => {
    const s = new RecentStore<{ at: number }>(2, (v) => v.at);
    s.set('a', { at: 1 });
    s.set('a', { at: 5 });
    expect(s.size).toBe(1);
    expect(s.get('a')).toEqual({ at: 5 });
  });

  it('values without a time are the first to go', () => {
    const s = new RecentStore<{ at?: number }>(10, (v) => v.at);
    for (let i = 0; i < 10; i++) s.set(`t${i}`, { at: 100 + i });
    s.set('none', {});
    for (let i = 10; i < 26; i++) s.set(`t${i}`, { at: 100 + i });
    // The 27th value is past 10 + 16: pruned back to the 10 newest; the one without a time went first.
    expect(s.size).toBe(10);
    expect(s.has('none')).toBe(false);
    expect(s.has('t25')).toBe(true);
  });

  it('never holds more than limit + max(16, limit/8), whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.option(fc.integer(), { nil: undefined }))),
        (limit, ops) => {
          const s = new RecentStore<{ at?: number }>(limit, (v) => v.at);
          for (const [k, at] of ops) s.set(`k${k}`, at === undefined ? {} : { at });
          expect(s.size).toBeLessThanOrEqual(limit + Math.max(16, Math.ceil(limit / 8)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
