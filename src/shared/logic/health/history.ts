import type { HistorySample, PodCounts } from '../../domain/health';

// History for the 24 h chart. Memory must not grow while the app sits in the menu bar for
// weeks: a fixed-capacity ring buffer overwrites the oldest sample, O(1) per push, no
// shifting or re-allocation.

/** 24 h at one sample per minute. */
export const HISTORY_CAPACITY = 24 * 60;

/** Fixed-capacity FIFO; pushing onto a full buffer drops the oldest item. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number ≥ 1 (got ${capacity})`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  /** Maximum number of items kept. */
  get capacity(): number {
    return this.items.length;
  }

  /** Number of items held now. */
  get length(): number {
    return this.size;
  }

  /** Append; returns the item that fell out, if any. O(1). */
  push(item: T): T | undefined {
    const cap = this.items.length;
    if (this.size < cap) {
      this.items[(this.start + this.size) % cap] = item;
      this.size += 1;
      return undefined;
    }
    const dropped = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % cap;
    return dropped;
  }

  /** The i-th item, oldest first (negative: from the newest, -1 = newest). */
  at(index: number): T | undefined {
    const i = index < 0 ? this.size + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return undefined;
    return this.items[(this.start + i) % this.items.length];
  }

  /** The newest item. */
  latest(): T | undefined {
    return this.at(-1);
  }

  /** Copy out, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i += 1) out.push(this.items[(this.start + i) % this.items.length] as T);
    return out;
  }

  /** Drop everything (and release references for the GC). */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}

/** Samples with `t >= since`, oldest first (samples are pushed in time order). */
export function samplesSince(buffer: RingBuffer<HistorySample>, since: number): HistorySample[] {
  const out: HistorySample[] = [];
  // Walk back from the newest: cheap when the chart asks for the last hour of 24.
  for (let i = buffer.length - 1; i >= 0; i -= 1) {
    const s = buffer.at(i);
    if (s === undefined || s.t < since) break;
    out.push(s);
  }
  return out.reverse();
}

/**
 * One history point from the latest probe latency, pod counts and warning rate. A check that
 * did not answer is stored as null, never 0: an outage is a gap in the chart, not "0 pods".
 */
export function historySample(
  t: number,
  latencyMs: number | null,
  pods: PodCounts | null,
  warningsPerMin: number | null,
): HistorySample {
  return {
    t,
    latencyMs: latencyMs !== null && Number.isFinite(latencyMs) ? Math.max(0, latencyMs) : null,
    podsReady: pods ? pods.ready : null,
    podsTotal: pods ? pods.total : null,
    restarts: pods ? pods.restarts : null,
    warningsPerMin:
      warningsPerMin !== null && Number.isFinite(warningsPerMin) ? Math.max(0, warningsPerMin) : null,
  };
}

const MINUTE_MS = 60_000;

/**
 * Counts per wall-clock minute over a sliding window (default 60 minutes), O(1) per add, fixed
 * memory. Feed it the time *you saw* each warning event (not the event's own timestamp: the
 * cluster's clock may be off). Counts older than the window fall away.
 */
export class MinuteCounter {
  private readonly counts: number[];
  private readonly minutes: number[];

  constructor(windowMinutes = 60) {
    if (!Number.isInteger(windowMinutes) || windowMinutes < 1) {
      throw new RangeError(`windowMinutes must be a whole number ≥ 1 (got ${windowMinutes})`);
    }
    this.counts = new Array<number>(windowMinutes).fill(0);
    this.minutes = new Array<number>(windowMinutes).fill(-1);
  }

  /** Count `n` occurrences at time `t` (epoch ms). */
  add(t: number, n = 1): void {
    if (!Number.isFinite(t) || t < 0 || !Number.isFinite(n) || n <= 0) return;
    const minute = Math.floor(t / MINUTE_MS);
    const slot = minute % this.counts.length;
    if (this.minutes[slot] !== minute) {
      // A newer minute reuses the slot; a much older one must not overwrite newer data.
      if ((this.minutes[slot] ?? -1) > minute) return;
      this.minutes[slot] = minute;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + n;
  }

  /** The count for the minute containing `t` (0 if it fell out of the window). */
  countAt(t: number): number {
    if (!Number.isFinite(t) || t < 0) return 0;
    const minute = Math.floor(t / MINUTE_MS);
    const slot = minute % this.counts.length;
    return this.minutes[slot] === minute ? (this.counts[slot] ?? 0) : 0;
  }

  /** The count of the last complete minute before `now`: the "warnings per minute" of a sample taken at `now`. */
  lastMinute(now: number): number {
    return this.countAt(now - MINUTE_MS);
  }

  /** Total over the last ceil(windowMs / 1 min) wall-clock minutes, the current partial one included (at most the window). */
  sumSince(now: number, windowMs: number): number {
    const last = Math.floor(now / MINUTE_MS);
    const span = Math.min(this.counts.length, Math.max(1, Math.ceil(windowMs / MINUTE_MS)));
    let total = 0;
    for (let m = last - span + 1; m <= last; m += 1) total += this.countAt(m * MINUTE_MS);
    return total;
  }
}
