import type { PodSummary } from '../../domain/health';
import { summarizePod, type PodDigestOptions } from './pods';

/**
 * Remembers each pod object's summary so a digest after one pod changed re-summarizes one
 * pod, not all of them. Informers replace the object of a pod that changes, so identity is
 * the key. The clock changes a summary only in three ways — a Pending pod past its grace
 * period, a recent restart or failure that ages out — so only a Pending pod or one with a
 * problem is worked out again once its summary is older than `maxAgeMs`. At idle, 1,000
 * healthy pods are not re-summarized on every probe.
 */
export class PodSummaryCache {
  private readonly cache = new WeakMap<object, { at: number; summary: PodSummary | null }>();
  private readonly maxAgeMs: number;
  constructor(maxAgeMs = 10_000) {
    this.maxAgeMs = maxAgeMs;
  }

  summarizer(options: PodDigestOptions): (raw: unknown) => PodSummary | null {
    return (raw) => {
      if (raw === null || typeof raw !== 'object') return summarizePod(raw, options);
      const hit = this.cache.get(raw);
      if (hit && (timeless(hit.summary) || (options.now - hit.at < this.maxAgeMs && options.now >= hit.at)))
        return hit.summary;
      const summary = summarizePod(raw, options);
      this.cache.set(raw, { at: options.now, summary });
      return summary;
    };
  }
}

/** True when no passing of time can change this summary (see PodSummaryCache). */
function timeless(s: PodSummary | null): boolean {
  return s === null || (s.reason === null && s.phase !== 'Pending');
}
