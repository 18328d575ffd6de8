import type { EventSummary } from '../../domain/health';
import { compareEvents } from './events';

/** How many events of each type one cluster's store keeps. */
export interface EventStoreLimits {
  /** Normal events: the most recently seen are kept, older ones are dropped. */
  readonly maxNormal: number;
  /** Warning events: all are kept up to this many; past it the least recently seen go too. */
  readonly maxWarnings: number;
}

/**
 * A crash-looping DaemonSet or a busy cluster writes thousands of events a minute, and the
 * API server keeps them for an hour. Warnings are what the health view is about, so they get
 * the larger share; Normal events only give context, so the newest thousand are plenty.
 * Together they bound one cluster's events to ~5,000 summaries (~3 MB).
 */
export const DEFAULT_EVENT_STORE_LIMITS: EventStoreLimits = { maxNormal: 1000, maxWarnings: 4000 };

/** Whether the store dropped events, for a list that must not claim "nothing happened". */
export interface EventRetention {
  /** True once older events were dropped to stay within the limits. */
  readonly truncated: boolean;
  /** How many Normal events are kept at most (the newest). */
  readonly keptLimit: number;
}

/**
 * One cluster's event summaries, bounded (see EventStoreLimits), with a running index of the
 * Warnings' last-seen times so "warnings in the last 5 minutes" is a binary search instead of
 * a pass over every event on every publish. Each event is summarised once, when it arrives.
 *
 * Eviction is by last-seen time, not by arrival: a relist delivers events in key order, and a
 * repeated event (count bumped) is recent again. It runs in batches (when a type exceeds its
 * limit by an eighth), so each arrival costs amortised O(log n); reads never show more than
 * the limit of either type.
 *
 * Shaped as the Map a ListWatch keeps (see WatchStore in core/watch/listWatch.ts), so the
 * informer owns the bound and its callers only choose the limits.
 */
export class EventStore implements ReadonlyMap<string, EventSummary> {
  private readonly limits: EventStoreLimits;
  private readonly normal = new Map<string, EventSummary>();
  private readonly warning = new Map<string, EventSummary>();
  /** Last-seen times of the kept Warnings that have one, ascending. */
  private readonly warningTimes: number[] = [];
  /** Events dropped to stay within the limits since this store was filled. */
  dropped = 0;

  constructor(limits: EventStoreLimits = DEFAULT_EVENT_STORE_LIMITS) {
    this.limits = {
      maxNormal: Math.max(1, Math.trunc(limits.maxNormal)),
      maxWarnings: Math.max(1, Math.trunc(limits.maxWarnings)),
    };
  }

  get size(): number {
    return this.normal.size + this.warning.size;
  }

  get(key: string): EventSummary | undefined {
    return this.warning.get(key) ?? this.normal.get(key);
  }

  has(key: string): boolean {
    return this.warning.has(key) || this.normal.has(key);
  }

  set(key: string, event: EventSummary): this {
    this.delete(key);
    if (event.type === 'Warning') {
      this.warning.set(key, event);
      if (event.lastSeen !== null) insertSorted(this.warningTimes, event.lastSeen);
      this.prune(this.warning, this.limits.maxWarnings);
    } else {
      this.normal.set(key, event);
      this.prune(this.normal, this.limits.maxNormal);
    }
    return this;
  }

  delete(key: string): boolean {
    const w = this.warning.get(key);
    if (w !== undefined) {
      this.warning.delete(key);
      if (w.lastSeen !== null) removeSorted(this.warningTimes, w.lastSeen);
      return true;
    }
    return this.normal.delete(key);
  }

  clear(): void {
    this.normal.clear();
    this.warning.clear();
    this.warningTimes.length = 0;
    this.dropped = 0;
  }

  /** Warnings (kept) last seen strictly after `t`: the running counter behind the summary. */
  warningsSeenAfter(t: number): number {
    return this.warningTimes.length - upperBound(this.warningTimes, t);
  }

  /** Kept events last seen at or after `sinceMs` (all when undefined): Warning first, then newest. */
  list(sinceMs?: number): EventSummary[] {
    const pick = (events: Iterable<EventSummary>, limit: number) => {
      const out: EventSummary[] = [];
      for (const e of events) if (sinceMs === undefined || (e.lastSeen ?? 0) >= sinceMs) out.push(e);
      out.sort(compareEvents);
      return out.length > limit ? out.slice(0, limit) : out;
    };
    return [
      ...pick(this.warning.values(), this.limits.maxWarnings),
      ...pick(this.normal.values(), this.limits.maxNormal),
    ];
  }

  /** Whether older events were dropped, and how many Normal events are kept at most. */
  retention(): EventRetention {
    return {
      truncated:
        this.dropped > 0 ||
        this.normal.size > this.limits.maxNormal ||
        this.warning.size > this.limits.maxWarnings,
      keptLimit: this.limits.maxNormal,
    };
  }

  forEach(fn: (value: EventSummary, key: string, map: ReadonlyMap<string, EventSummary>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  *entries(): MapIterator<[string, EventSummary]> {
    yield* this.warning.entries();
    yield* this.normal.entries();
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<EventSummary> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, EventSummary]> {
    return this.entries();
  }

  /** Past limit + an eighth, drop the least recently seen down to the limit. */
  private prune(map: Map<string, EventSummary>, limit: number) {
    if (map.size <= limit + Math.max(16, Math.ceil(limit / 8))) return;
    const oldestFirst = [...map].sort(([, a], [, b]) => (a.lastSeen ?? -1) - (b.lastSeen ?? -1));
    for (const [key] of oldestFirst.slice(0, map.size - limit)) this.delete(key);
    this.dropped += oldestFirst.length - limit;
  }
}

/** Index of the first element greater than `t` in an ascending array. */
function upperBound(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(xs: number[], t: number): void {
  // Events mostly arrive newest last: appending is then O(1).
  if (xs.length === 0 || xs[xs.length - 1]! <= t) xs.push(t);
  else xs.splice(upperBound(xs, t), 0, t);
}

function removeSorted(xs: number[], t: number): void {
  const i = upperBound(xs, t) - 1;
  if (i >= 0 && xs[i] === t) xs.splice(i, 1);
}
