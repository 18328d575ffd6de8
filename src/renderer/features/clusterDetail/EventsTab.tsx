import { useMemo, useState } from 'react';
import type { EventSummary } from '../../../shared/domain/health';
import { useClient } from '../../client/ClientContext';
import { loadEvents, useDetailStore } from '../../stores/detailStore';
import { Empty, ErrorState, ListProblem, ListScope, Loading, StaleBar } from '../../ui/States';
import { EventList } from './EventList';
import { filterEvents } from './eventOrder';
import { useRefreshKey } from './useRefreshKey';
import { useThrottledLoad } from './useThrottledLoad';

const NONE: EventSummary[] = [];

/** The cluster's recent events: Warnings first, filterable, with relative times. */
export function EventsTab({ context }: { context: string }) {
  const client = useClient();
  const slot = useDetailStore((s) => s.events);
  useThrottledLoad(() => void loadEvents(client, context), `${context}|${useRefreshKey(context)}`);
  const [text, setText] = useState('');
  const [warningsOnly, setWarningsOnly] = useState(false);
  const mine = slot.key === context ? slot : undefined;
  const all = mine?.data?.items ?? NONE;
  const listStatus = mine?.data?.status;
  const shown = useMemo(() => filterEvents(all, text, warningsOnly), [all, text, warningsOnly]);

  if (!mine || (mine.status === 'loading' && !mine.data)) return <Loading>Loading events…</Loading>;
  if (mine.status === 'error' && !mine.data)
    return (
      <ErrorState
        title="Could not load events"
        message={mine.error}
        onRetry={() => void loadEvents(client, context)}
      />
    );
  // A list that did not load and has nothing kept says why, never "nothing happened".
  if (listStatus && listStatus.state !== 'loaded' && !listStatus.stale)
    return <ListProblem status={listStatus} what="events" />;
  const warnings = all.filter((e) => e.type === 'Warning').length;
  const capped = listStatus?.truncated
    ? `Older Normal events are not kept${listStatus.keptLimit ? ` (the newest ${listStatus.keptLimit} are)` : ''}.`
    : null;

  return (
    <div className="events-tab">
      <div className="filters" role="search" aria-label="Filter events">
        <input
          type="search"
          className="filter-input"
          data-filter
          aria-label="Filter events"
          placeholder="Filter events  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check small">
          <input type="checkbox" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.target.checked)} />{' '}
          Warnings only
        </label>
      </div>
      <p className="small muted result-count" role="status" aria-label="Event count">
        {all.length} events, {warnings} warning{warnings === 1 ? '' : 's'}
        {shown.length !== all.length ? ` · ${shown.length} shown` : ''}
        {capped ? ` · ${capped}` : ''}
      </p>
      {listStatus && <StaleBar status={listStatus} what="events" />}
      {listStatus?.scope && <ListScope scope={listStatus.scope} />}
      {all.length === 0 ? (
        <Empty title="No recent events">
          {capped ??
            (listStatus?.scope
              ? 'Nothing happened in the namespaces watched lately.'
              : 'Nothing happened in this cluster lately.')}
        </Empty>
      ) : shown.length === 0 ? (
        <Empty title="No events match">Try another filter.</Empty>
      ) : (
        <div className="scroll-area">
          <EventList events={shown} label="Events" />
        </div>
      )}
    </div>
  );
}
