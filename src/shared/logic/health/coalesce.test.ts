import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce';

/** Drive a coalescer like the engine: offers at given times, a timer firing at nextDueAt. */
function drive(offers: readonly [number, string, number][], maxPerSecond = 4): [number, string, number][] {
  const c = new Coalescer<string, number>(maxPerSecond);
  const delivered: [number, string, number][] = [];
  let i = 0;
  const sorted = [...offers].sort((a, b) => a[0] - b[0]);
  for (;;) {
    const due = c.nextDueAt();
    const nextOffer = sorted[i];
    if (nextOffer === undefined && due === null) break;
    if (nextOffer !== undefined && (due === null || nextOffer[0] < due)) {
      const [t, key, value] = nextOffer;
      const r = c.offer(key, value, t);
      if (r.deliver) delivered.push([t, key, r.value]);
      i += 1;
    } else if (due !== null) {
      for (const [key, value] of c.takeDue(due)) delivered.push([due, key, value]);
    }
  }
  return delivered;
}

describe('Coalescer', () => {
  it('an idle key delivers at once (leading edge)', () => {
    const c = new Coalescer<string, number>();
    expect(c.offer('a', 1, 1000)).toEqual({ deliver: true, value: 1 });
    expect(c.nextDueAt()).toBeNull();
  });

  it('a burst delivers the first at once and the latest on the trailing edge', () => {
    const c = new Coalescer<string, number>();
    c.offer('a', 1, 1000);
    expect(c.offer('a', 2, 1010)).toEqual({ deliver: false, dueAt: 1250 });
    expect(c.offer('a', 3, 1100)).toEqual({ deliver: false, dueAt: 1250 });
    expect(c.pendingCount).toBe(1);
    expect(c.takeDue(1249)).toEqual([]);
    expect(c.takeDue(1250)).toEqual([['a', 3]]);
    expect(c.pendingCount).toBe(0);
    expect(c.nextDueAt()).toBeNull();
  });

  it('keys are independent', () => {
    const c = new Coalescer<string, number>();
    c.offer('a', 1, 0);
    expect(c.offer('b', 1, 10)).toEqual({ deliver: true, value: 1 });
    c.offer('a', 2, 20);
    c.offer('b', 2, 30);
    expect(c.nextDueAt()).toBe(250);
    expect(c.takeDue(250)).toEqual([['a', 2]]);
    expect(c.nextDueAt()).toBe(260);
    expect(c.takeDue(300)).toEqual([['b', 2]]);
  });

  it('a late timer does not lose or duplicate: a newer offer supersedes the held value', () => {
    const c = new Coalescer<string, number>();
    c.offer('a', 1, 0);
    c.offer('a', 2, 100);
    // The engine's timer was late; a new offer arrives after the slot opened.
    expect(c.offer('a', 3, 400)).toEqual({ deliver: true, value: 3 });
    expect(c.takeDue(400)).toEqual([]);
  });

  it('never more than 4 deliveries in any one-second window, and the last value always arrives', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const offers: [number, string, number][] = [];
    let t = 0;
    for (let i = 0; i < 5000; i += 1) {
      t += Math.floor(rnd() * 40);
      offers.push([t, rnd() < 0.5 ? 'x' : 'y', i]);
    }
    const delivered = drive(offers);
    for (const key of ['x', 'y']) {
      const times = delivered.filter((d) => d[1] === key).map((d) => d[0]);
      for (let i = 4; i < times.length; i += 1) {
        expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThanOrEqual(1000);
      }
      const lastOffered = offers.filter((o) => o[1] === key).at(-1)?.[2];
      expect(delivered.filter((d) => d[1] === key).at(-1)?.[2]).toBe(lastOffered);
    }
    // Something was actually coalesced.
    expect(delivered.length).toBeLessThan(offers.length / 2);
  });

  it('delivered values per key are in offer order (never an older value after a newer one)', () => {
    const offers: [number, string, number][] = Array.from({ length: 200 }, (_, i) => [i * 7, 'k', i]);
    const values = drive(offers).map((d) => d[2]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(199);
  });

  it('clock going backwards does not hold values forever', () => {
    const c = new Coalescer<string, number>();
    c.offer('a', 1, 10_000);
    expect(c.offer('a', 2, 5_000)).toEqual({ deliver: true, value: 2 });
  });

  it('other rates', () => {
    const offers: [number, string, number][] = Array.from({ length: 100 }, (_, i) => [i * 10, 'k', i]);
    expect(drive(offers, 1).map((d) => d[0])).toEqual([0, 1000]);
    expect(() => new Coalescer(0)).toThrow(RangeError);
  });

  it('forget and prune', () => {
    const c = new Coalescer<string, number>();
    c.offer('a', 1, 0);
    c.offer('a', 2, 10);
    c.forget('a');
    expect(c.pendingCount).toBe(0);
    expect(c.offer('a', 3, 20)).toEqual({ deliver: true, value: 3 });
    c.offer('b', 1, 30);
    c.prune(25);
    // 'a' (delivered at 20) was forgotten: the next offer delivers at once.
    expect(c.offer('a', 4, 40)).toEqual({ deliver: true, value: 4 });
    expect(c.offer('b', 2, 40)).toEqual({ deliver: false, dueAt: 280 });
  });
});
