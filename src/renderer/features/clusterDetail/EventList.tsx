import type { EventSummary } from '../../../shared/domain/health';
import { formatAgo } from '../../format/time';
import { useNow } from '../../stores/clock';

/** The most events one list renders; a filter narrows the rest. */
export const EVENT_RENDER_CAP = 200;

/** Events as rows: type in words, reason, involved object, count, when. */
export function EventList({
  events,
  label,
  showObject = true,
}: {
  events: readonly EventSummary[];
  label: string;
  showObject?: boolean;
}) {
  const now = useNow();
  return (
    <>
      <ul className="events" aria-label={label} data-nav-list>
        {events.slice(0, EVENT_RENDER_CAP).map((e) => (
          <li
            key={e.id}
            className={`event ${e.type === 'Warning' ? 'event-warning' : ''}`}
            data-testid="event-row"
            tabIndex={-1}
            data-nav-item
          >
            <span className="event-head">
              <span className={`event-type ${e.type === 'Warning' ? 'tone-bad' : 'tone-muted'}`}>
                {e.type}
              </span>
              <span className="event-reason">{e.reason}</span>
              {e.count > 1 && <span className="small muted">×{e.count}</span>}
              <span className="small muted event-time">{formatAgo(e.lastSeen ?? e.firstSeen, now)}</span>
            </span>
            {showObject && (
              <span className="small muted event-object">
                {e.object.kind} {e.object.namespace ? `${e.object.namespace}/` : ''}
                {e.object.name}
              </span>
            )}
            <span className="small event-message">{e.message}</span>
          </li>
        ))}
      </ul>
      {events.length > EVENT_RENDER_CAP && (
        <p className="small muted">
          Showing {EVENT_RENDER_CAP} of {events.length}; filter to narrow.
        </p>
      )}
    </>
  );
}
