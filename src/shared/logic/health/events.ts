import type { EventSummary } from '../../domain/health';
import { at, clip, latest, num, str, timeMs } from './raw';

// Event digestion for both APIs: core/v1 Event (involvedObject, message, count, first/
// lastTimestamp) and events.k8s.io/v1 Event (regarding, note, deprecatedCount, series). Newer
// components only fill eventTime + series, older ones only the timestamps: every field has a
// fallback chain so the "last seen" time is right for both.

/** The "warnings in the last N minutes" window of the summary. */
export const WARNING_WINDOW_MS = 5 * 60_000;

/** Options for digestion. */
export interface EventDigestOptions {
  /** Keep at most this many (after sorting); default 50, as LocalPort's `--limit=50`. */
  readonly limit?: number;
}

/** One raw event as an EventSummary; null when it has no reason and no message. */
export function summarizeEvent(raw: unknown): EventSummary | null {
  const reason = str(at(raw, 'reason'));
  const message = clip(str(at(raw, 'message')) ?? str(at(raw, 'note')), 1000);
  if (reason === undefined && message === null) return null;

  const target = at(raw, 'involvedObject') ?? at(raw, 'regarding');
  const eventTime = timeMs(at(raw, 'eventTime'));
  const created = timeMs(at(raw, 'metadata', 'creationTimestamp'));
  const firstSeen =
    timeMs(at(raw, 'firstTimestamp')) ?? timeMs(at(raw, 'deprecatedFirstTimestamp')) ?? eventTime ?? created;
  const lastSeen = latest(
    timeMs(at(raw, 'series', 'lastObservedTime')),
    timeMs(at(raw, 'lastTimestamp')),
    timeMs(at(raw, 'deprecatedLastTimestamp')),
    eventTime,
    firstSeen,
  );
  const count =
    num(at(raw, 'series', 'count')) ?? num(at(raw, 'count')) ?? num(at(raw, 'deprecatedCount')) ?? 1;
  const namespace = str(at(raw, 'metadata', 'namespace')) ?? null;
  const objectNamespace = str(at(target, 'namespace')) ?? null;

  return {
    id:
      str(at(raw, 'metadata', 'uid')) ??
      `${namespace ?? ''}/${str(at(raw, 'metadata', 'name')) ?? `${reason ?? ''}:${lastSeen ?? ''}`}`,
    // Kubernetes only defines Normal and Warning; anything else is treated as Normal.
    type: at(raw, 'type') === 'Warning' ? 'Warning' : 'Normal',
    reason: reason ?? '',
    message: message ?? '',
    object: {
      kind: str(at(target, 'kind')) ?? '',
      namespace: objectNamespace ?? namespace,
      name: str(at(target, 'name')) ?? '',
    },
    count: Math.max(1, Math.trunc(count)),
    firstSeen,
    lastSeen,
  };
}

/** Warning first, then newest last-seen first (unknown times last), then higher count, then id. */
export function compareEvents(a: EventSummary, b: EventSummary): number {
  const typeOrder = (e: EventSummary): number => (e.type === 'Warning' ? 0 : 1);
  return (
    typeOrder(a) - typeOrder(b) ||
    (b.lastSeen ?? -1) - (a.lastSeen ?? -1) ||
    b.count - a.count ||
    a.id.localeCompare(b.id)
  );
}

/** Digest raw events: drop unreadable ones and duplicates (same id: keep the newer), sort, limit. */
export function digestEvents(raws: Iterable<unknown>, options: EventDigestOptions = {}): EventSummary[] {
  const byId = new Map<string, EventSummary>();
  for (const raw of raws) {
    const event = summarizeEvent(raw);
    if (event === null) continue;
    const seen = byId.get(event.id);
    if (seen === undefined || (event.lastSeen ?? -1) >= (seen.lastSeen ?? -1)) byId.set(event.id, event);
  }
  const limit = Math.max(0, Math.trunc(options.limit ?? 50));
  return [...byId.values()].sort(compareEvents).slice(0, limit);
}

/**
 * How many Warning events were last seen within `windowMs` before `now` (event records, not
 * their `count`: a count of 200 spans an unknown time). Future times (cluster clock ahead of
 * ours) count as now.
 */
export function countRecentWarnings(
  events: Iterable<EventSummary>,
  now: number,
  windowMs = WARNING_WINDOW_MS,
): number {
  let n = 0;
  for (const e of events) {
    if (e.type === 'Warning' && e.lastSeen !== null && e.lastSeen > now - windowMs) n += 1;
  }
  return n;
}
