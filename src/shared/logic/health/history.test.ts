import { describe, expect, it } from 'vitest';
import { HistorySampleSchema, type HistorySample } from '../../domain/health';
import { HISTORY_CAPACITY, MinuteCounter, RingBuffer, historySample, samplesSince } from './history';

const MIN = 60_000;

describe('RingBuffer', () => {
  it('keeps insertion order until full, then drops the oldest', () => {
    const b = new RingBuffer<number>(3);
    expect(b.length).toBe(0);
    expect(b.latest()).toBeUndefined();
    expect(b.push(1)).toBeUndefined();
    b.push(2);
    b.push(3);
    expect(b.toArray()).toEqual([1, 2, 3]);
    expect(b.push(4)).toBe(1);
    expect(b.push(5)).toBe(2);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.length).toBe(3);
    expect(b.capacity).toBe(3);
  });

  it('at(): oldest first, negative from the newest, out of range undefined', () => {
    const b = new RingBuffer<string>(4);
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f']) b.push(s);
    expect([b.at(0), b.at(3), b.at(-1), b.at(-4)]).toEqual(['c', 'f', 'f', 'c']);
    expect([b.at(4), b.at(-5), b.at(1.5)]).toEqual([undefined, undefined, undefined]);
    expect(b.latest()).toBe('f');
  });

  it('capacity 1', () => {
    const b = new RingBuffer<number>(1);
    b.push(1);
    expect(b.push(2)).toBe(1);
    expect(b.toArray()).toEqual([2]);
  });

  it('clear empties it', () => {
    const b = new RingBuffer<number>(2);
    b.push(1);
    b.push(2);
    b.push(3);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.toArray()).toEqual([]);
    b.push(9);
    expect(b.toArray()).toEqual([9]);
  });

  it('rejects a bad capacity', () => {
    for (const c of [0, -1, 1.5, Number.NaN]) expect(() => new RingBuffer(c)).toThrow(RangeError);
  });

  it('1,000,000 pushes: length stays at capacity, newest kept', () => {
    const b = new RingBuffer<HistorySample>(HISTORY_CAPACITY);
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i += 1) {
      b.push({ t: i * MIN, latencyMs: 10, podsReady: 1, podsTotal: 1, restarts: 0, warningsPerMin: 0 });
      if (b.length > HISTORY_CAPACITY) throw new Error('grew');
    }
    expect(b.length).toBe(1440);
    expect(b.at(0)?.t).toBe((1_000_000 - 1440) * MIN);
    expect(b.latest()?.t).toBe(999_999 * MIN);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('samplesSince', () => {
  it('returns the tail from a time on, oldest first', () => {
    const b = new RingBuffer<HistorySample>(10);
    for (let i = 0; i < 15; i += 1) b.push(historySample(i * MIN, i, null, 0));
    expect(samplesSince(b, 12 * MIN).map((s) => s.t / MIN)).toEqual([12, 13, 14]);
    expect(samplesSince(b, 0).map((s) => s.t / MIN)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(samplesSince(b, 99 * MIN)).toEqual([]);
  });
});

describe('historySample', () => {
  it('builds a valid sample from counts', () => {
    const s = historySample(
      5 * MIN,
      42,
      { total: 10, running: 9, ready: 8, pending: 1, failed: 0, crashLooping: 1, restarts: 7 },
      2.5,
    );
    expect(s).toEqual({
      t: 5 * MIN,
      latencyMs: 42,
      podsReady: 8,
      podsTotal: 10,
      restarts: 7,
      warningsPerMin: 2.5,
    });
    expect(HistorySampleSchema.parse(s)).toEqual(s);
  });

  it('a check that did not answer is stored as null, never 0 or NaN', () => {
    const s = historySample(0, Number.NaN, null, Number.POSITIVE_INFINITY);
    expect(s).toEqual({
      t: 0,
      latencyMs: null,
      podsReady: null,
      podsTotal: null,
      restarts: null,
      warningsPerMin: null,
    });
    expect(HistorySampleSchema.parse(s)).toEqual(s);
    expect(historySample(0, null, null, null).warningsPerMin).toBeNull();
  });

  it('a real zero stays zero', () => {
    const zero = { total: 0, running: 0, ready: 0, pending: 0, failed: 0, crashLooping: 0, restarts: 0 };
    expect(historySample(0, 3, zero, 0)).toMatchObject({ podsReady: 0, podsTotal: 0, restarts: 0 });
  });
});

describe('MinuteCounter', () => {
  const base = 1_000 * MIN;

  it('counts per minute', () => {
    const c = new MinuteCounter();
    c.add(base + 1000);
    c.add(base + 59_000, 2);
    c.add(base + MIN);
    expect(c.countAt(base)).toBe(3);
    expect(c.countAt(base + MIN + 30_000)).toBe(1);
    expect(c.lastMinute(base + MIN + 5000)).toBe(3);
  });

  it('sums a window including the current minute', () => {
    const c = new MinuteCounter();
    for (let m = 0; m < 10; m += 1) c.add(base + m * MIN, m + 1);
    const now = base + 9 * MIN + 30_000;
    expect(c.sumSince(now, 5 * MIN)).toBe(6 + 7 + 8 + 9 + 10);
    expect(c.sumSince(now, MIN)).toBe(10);
    expect(c.sumSince(now, 0)).toBe(10);
  });

  it('old minutes fall out of the window and slots are reused', () => {
    const c = new MinuteCounter(5);
    c.add(base, 100);
    c.add(base + 5 * MIN, 1); // same slot, newer minute
    expect(c.countAt(base)).toBe(0);
    expect(c.countAt(base + 5 * MIN)).toBe(1);
    // A late add for a minute already overwritten is dropped, not mixed in.
    c.add(base, 50);
    expect(c.countAt(base + 5 * MIN)).toBe(1);
    expect(c.sumSince(base + 5 * MIN, 60 * MIN)).toBe(1);
  });

  it('a quiet period reads as zero', () => {
    const c = new MinuteCounter(60);
    c.add(base, 5);
    expect(c.lastMinute(base + 3 * 60 * MIN)).toBe(0);
    expect(c.sumSince(base + 3 * 60 * MIN, 5 * MIN)).toBe(0);
  });

  it('ignores nonsense and rejects a bad window', () => {
    const c = new MinuteCounter(3);
    c.add(Number.NaN);
    c.add(-5);
    c.add(base, 0);
    c.add(base, -2);
    expect(c.countAt(base)).toBe(0);
    expect(c.countAt(-1)).toBe(0);
    expect(() => new MinuteCounter(0)).toThrow(RangeError);
  });

  it('fixed memory over a million adds', () => {
    const c = new MinuteCounter(60);
    for (let i = 0; i < 1_000_000; i += 1) c.add(base + i * 1000);
    expect(c.lastMinute(base + 1_000_000 * 1000)).toBe(60);
  });
});
