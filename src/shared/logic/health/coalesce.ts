// Update coalescing for UI pushes: a crash-looping namespace can produce dozens of pod
// updates a second, and the popover only needs the latest. Per key, deliveries are at least
// `minIntervalMs` apart (250 ms → at most 4 in any one-second window); an update arriving
// sooner is held, replaced by newer ones, and delivered when its slot opens (trailing edge), so
// the last value is never lost. An idle key delivers immediately (leading edge).
//
// No timers here: the engine calls `offer`, and when it returns `dueAt` sets one timer for the
// earliest `nextDueAt()` and calls `takeDue(now)` then. Time is always passed in.

/** What `offer` tells the caller. */
export type OfferResult<V> =
  { readonly deliver: true; readonly value: V } | { readonly deliver: false; readonly dueAt: number };

/** Per-key rate limiter with trailing-edge delivery of the latest value. */
export class Coalescer<K, V> {
  private readonly minIntervalMs: number;
  private readonly lastDelivery = new Map<K, number>();
  private readonly pending = new Map<K, V>();

  /** `maxPerSecond` deliveries per key per second (default 4). */
  constructor(maxPerSecond = 4) {
    if (!Number.isFinite(maxPerSecond) || maxPerSecond <= 0) {
      throw new RangeError(`maxPerSecond must be a positive number (got ${maxPerSecond})`);
    }
    this.minIntervalMs = 1000 / maxPerSecond;
  }

  /** Offer a value: deliver it now, or hold it (replacing any held value) until `dueAt`. */
  offer(key: K, value: V, now: number): OfferResult<V> {
    const last = this.lastDelivery.get(key);
    if (last === undefined || this.isOpen(last, now)) {
      // The new value supersedes anything held (the engine's timer may simply be late).
      this.pending.delete(key);
      this.lastDelivery.set(key, now);
      return { deliver: true, value };
    }
    this.pending.set(key, value);
    return { deliver: false, dueAt: last + this.minIntervalMs };
  }

  /** Held values whose slot has opened by `now`, oldest key first; each is delivered and released. */
  takeDue(now: number): [K, V][] {
    const out: [K, V][] = [];
    for (const [key, value] of this.pending) {
      const last = this.lastDelivery.get(key);
      if (last !== undefined && !this.isOpen(last, now)) continue;
      out.push([key, value]);
      this.lastDelivery.set(key, now);
    }
    for (const [key] of out) this.pending.delete(key);
    return out;
  }

  /** When the earliest held value becomes due, or null if nothing is held. */
  nextDueAt(): number | null {
    let earliest: number | null = null;
    for (const key of this.pending.keys()) {
      const due = (this.lastDelivery.get(key) ?? 0) + this.minIntervalMs;
      if (earliest === null || due < earliest) earliest = due;
    }
    return earliest;
  }

  // `now < last`: the clock went backwards (sleep/wake, NTP step); never hold a value forever.
  private isOpen(last: number, now: number): boolean {
    return now - last >= this.minIntervalMs || now < last;
  }

  /** Forget a key (e.g. its cluster was removed); a held value is dropped. */
  forget(key: K): void {
    this.lastDelivery.delete(key);
    this.pending.delete(key);
  }

  /** Number of held values. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Drop idle keys not delivered since `before`, so the map does not grow with dead keys. */
  prune(before: number): void {
    for (const [key, last] of this.lastDelivery) {
      if (last < before && !this.pending.has(key)) this.lastDelivery.delete(key);
    }
  }
}
