import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PodSummary } from '../../../shared/domain/health';
import { filterPods } from '../../../shared/logic/podQuery';
import { useClient } from '../../client/ClientContext';
import { formatAge } from '../../format/time';
import { useNow } from '../../stores/clock';
import { loadPods, POD_LIMIT, useDetailStore } from '../../stores/detailStore';
import { navigate } from '../../stores/navStore';
import { MiddleTruncate } from '../../ui/MiddleTruncate';
import { Empty, ErrorState, ListProblem, ListScope, Loading, StaleBar } from '../../ui/States';
import {
  matchesStatus,
  podStatus,
  POD_STATUS_FILTERS,
  restartsText,
  type PodStatusFilter,
} from './podStatus';
import { useRefreshKey } from './useRefreshKey';
import { useThrottledLoad } from './useThrottledLoad';

const ROW_HEIGHT = 44;
const NO_PODS: PodSummary[] = [];

/** The cluster's pods: filter by text, namespace and status; problem pods first; virtualised. */
export function PodsTab({ context }: { context: string }) {
  const client = useClient();
  const slot = useDetailStore((s) => s.pods);
  const refreshKey = useRefreshKey(context);
  useThrottledLoad(() => void loadPods(client, context), `${context}|${refreshKey}`);
  const [text, setText] = useState('');
  const [namespace, setNamespace] = useState('');
  const [status, setStatus] = useState<PodStatusFilter>('all');

  const mine = slot.key === context ? slot : undefined;
  const items = mine?.data?.items ?? NO_PODS;
  const namespaces = useMemo(() => [...new Set(items.map((p) => p.namespace))].sort(), [items]);
  // The engine's own filter and order (shared code), applied locally: a keystroke never waits on the engine.
  const shown = useMemo(
    () =>
      filterPods(items, {
        text,
        namespace: namespace || undefined,
        problemsOnly: status === 'problems',
      }).filter((p) => matchesStatus(p, status)),
    [items, text, namespace, status],
  );

  if (!mine || (mine.status === 'loading' && !mine.data)) return <Loading>Loading pods…</Loading>;
  if (mine.status === 'error' && !mine.data)
    return (
      <ErrorState
        title="Could not load pods"
        message={mine.error}
        onRetry={() => void loadPods(client, context)}
      />
    );
  const total = mine.data?.total ?? 0;
  const listStatus = mine.data?.status;
  // A list that did not load and has nothing kept says why, never "no pods".
  if (listStatus && listStatus.state !== 'loaded' && !listStatus.stale)
    return <ListProblem status={listStatus} what="pods" />;

  return (
    <div className="pods-tab">
      <div className="filters" role="search" aria-label="Filter pods">
        <input
          type="search"
          className="filter-input"
          data-filter
          aria-label="Filter pods by name, namespace, node or reason"
          placeholder="Filter pods  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select aria-label="Namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)}>
          <option value="">All namespaces</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as PodStatusFilter)}
        >
          {POD_STATUS_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f === 'all' ? 'Any status' : f === 'problems' ? 'Problems' : f}
            </option>
          ))}
        </select>
      </div>
      <p className="small muted result-count" role="status" aria-label="Pod count">
        {shown.length === items.length ? `${items.length} pods` : `${shown.length} of ${items.length} pods`}
        {total > items.length ? ` (first ${POD_LIMIT} of ${total})` : ''}
        {mine.status === 'error' ? ` · refresh failed: ${mine.error}` : ''}
      </p>
      {listStatus && <StaleBar status={listStatus} what="pods" />}
      {listStatus?.scope && <ListScope scope={listStatus.scope} />}
      {items.length === 0 ? (
        <Empty title="No pods">
          {listStatus?.scope ? 'There are no pods in the namespaces watched.' : 'This cluster has no pods.'}
        </Empty>
      ) : shown.length === 0 ? (
        <Empty title="No pods match">Try another filter.</Empty>
      ) : (
        <PodList context={context} pods={shown} />
      )}
    </div>
  );
}

/** The virtualised rows: only what is on screen is in the DOM; arrows move, Enter opens. */
function PodList({ context, pods }: { context: string; pods: PodSummary[] }) {
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: pods.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 356, height: 320 },
  });
  const focusRow = useCallback(
    (i: number) => {
      const idx = Math.max(0, Math.min(pods.length - 1, i));
      v.scrollToIndex(idx, { align: 'auto' });
      // The row may only exist after the scroll renders it.
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`)?.focus(),
      );
    },
    [pods.length, v],
  );
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = Number((document.activeElement as HTMLElement | null)?.dataset.index ?? -1);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      e.stopPropagation();
      focusRow(cur < 0 ? 0 : cur + step);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusRow(e.key === 'Home' ? 0 : pods.length - 1);
    }
  };

  return (
    <div
      ref={scrollRef}
      className="pod-scroll"
      role="list"
      aria-label="Pods"
      onKeyDown={onKey}
      data-nav-list="self"
    >
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((row) => {
          const p = pods[row.index];
          if (!p) return null;
          const st = podStatus(p);
          return (
            <div
              key={`${p.namespace}/${p.name}`}
              role="listitem"
              className="pod-row-wrap"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <button
                type="button"
                className="pod-row"
                data-index={row.index}
                data-nav-item
                data-testid="pod-row"
                data-pod={p.name}
                data-focus-key={`pod:${p.namespace}/${p.name}`}
                tabIndex={row.index === 0 ? 0 : -1}
                // No aria-label: the name is the row's visible text, so speech and sight agree (WCAG 2.5.3).
                onClick={() => navigate({ view: 'pod', context, namespace: p.namespace, name: p.name })}
              >
                <span className="pod-line">
                  <span className={`pod-status tone-${st.tone}`}>
                    <span className="dot" aria-hidden="true" />
                    {st.text}
                  </span>
                  <span className="pod-name" title={p.name}>
                    {p.name}
                  </span>
                  <span className="pod-ready small muted">{p.ready}</span>
                </span>
                <span className="pod-line small muted">
                  {/* Cut in the middle, so a long namespace never pushes AGE or NODE off the row. */}
                  <MiddleTruncate text={p.namespace} className="pod-ns" />
                  <span className={p.restarts > 0 ? 'restarts warn-text' : 'restarts'}>
                    {restartsText(p, now)}
                  </span>
                  <span className="pod-age">{formatAge(p.createdAt, now)}</span>
                  <span className="pod-node" title={p.node ?? 'not scheduled'}>
                    {p.node ?? 'unscheduled'}
                  </span>
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
