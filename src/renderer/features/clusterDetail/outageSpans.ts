import type { HistorySample } from '../../../shared/domain/health';

/** A time span the API did not answer in: the History charts shade it. */
export interface OutageSpan {
  from: number;
  to: number;
}

/** A sample taken while the API did not answer (the probe measured nothing). */
export const isOutage = (s: HistorySample): boolean => s.latencyMs === null;

/**
 * The outages in a series of samples (oldest first): from the first sample that did not
 * answer to the next one that did, or to the last sample while it lasts.
 */
export function outageSpans(samples: readonly HistorySample[]): OutageSpan[] {
  const spans: OutageSpan[] = [];
  let from: number | null = null;
  for (const s of samples) {
    if (isOutage(s)) from ??= s.t;
    else if (from !== null) {
      spans.push({ from, to: s.t });
      from = null;
    }
  }
  const last = samples[samples.length - 1];
  if (from !== null && last) spans.push({ from, to: last.t });
  return spans;
}

/**
 * Puts back the first sample of each outage that thinning dropped, so every outage is still
 * a gap in the thinned lines (a line with no null in it would be drawn straight across).
 */
export function keepOutageStarts(
  thinned: readonly HistorySample[],
  all: readonly HistorySample[],
): HistorySample[] {
  const have = new Set(thinned.map((s) => s.t));
  const starts = all.filter((s, i) => isOutage(s) && !(i > 0 && isOutage(all[i - 1]!)) && !have.has(s.t));
  if (starts.length === 0) return [...thinned];
  return [...thinned, ...starts].sort((a, b) => a.t - b.t);
}
