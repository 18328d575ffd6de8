import type { EventSummary } from '../../../shared/domain/health';

/** Warnings first, then the most recent first. */
export function compareEvents(a: EventSummary, b: EventSummary): number {
  if (a.type !== b.type) return a.type === 'Warning' ? -1 : 1;
  return (b.lastSeen ?? b.firstSeen ?? 0) - (a.lastSeen ?? a.firstSeen ?? 0);
}

/** Filters by words (reason, message, object) and optionally warnings only, then orders. */
export function filterEvents(
  events: readonly EventSummary[],
  text: string,
  warningsOnly: boolean,
): EventSummary[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return events
    .filter((e) => {
      if (warningsOnly && e.type !== 'Warning') return false;
      if (!words.length) return true;
      const hay =
        `${e.reason} ${e.message} ${e.object.kind} ${e.object.namespace ?? ''}/${e.object.name}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort(compareEvents);
}
