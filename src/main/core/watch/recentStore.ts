import type { WatchStore } from './listWatch';

/**
 * A ListWatch store that keeps only the most recent `limit` values, by the time `timeOf`
 * reads from each (values without one count as oldest). For a watch of every event in a
 * cluster where only recent ones matter: the API server keeps an hour of events, which a
 * busy cluster fills with hundreds of thousands. Pruning runs in batches, once the size is
 * past the limit by an eighth, so each arrival costs amortised O(log n).
 */
export class RecentStore<T> extends Map<string, T> implements WatchStore<T> {
  private readonly limit: number;
  private readonly timeOf: (value: T) => number | undefined;
  /** Values dropped to stay within the limit since this store was made. */
  dropped = 0;

  constructor(limit: number, timeOf: (value: T) => number | undefined) {
    super();
    this.limit = Math.max(1, Math.trunc(limit));
    this.timeOf = timeOf;
  }

  override set(key: string, value: T): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit + Math.max(16, Math.ceil(this.limit / 8))) this.prune();
    return this;
  }

  private prune() {
    const oldestFirst = [...this].sort(([, a], [, b]) => (this.timeOf(a) ?? -1) - (this.timeOf(b) ?? -1));
    const excess = this.size - this.limit;
    for (const [key] of oldestFirst.slice(0, excess)) super.delete(key);
    this.dropped += excess;
  }
}
