import { lazy, Suspense } from 'react';
import { connectivityWords } from '../../../shared/logic/health/words';
import { useClient } from '../../client/ClientContext';
import { formatAgo, formatLatency } from '../../format/time';
import { recheck, useClustersStore } from '../../stores/clustersStore';
import { useNow } from '../../stores/clock';
import { goBack, replaceRoute, type ClusterTab } from '../../stores/navStore';
import { CopyButton } from '../../ui/CopyButton';
import { RefreshIcon } from '../../ui/Icons';
import { StateBadge } from '../../ui/StateBadge';
import { Loading } from '../../ui/States';
import { Tabs } from '../../ui/Tabs';
import { useProvisioningStore } from '../../stores/provisioningStore';
import { ProvisioningList } from '../provisioning/ProvisioningList';
import { EventsTab } from './EventsTab';
import { PodsTab } from './PodsTab';

// The charts library is the largest part of the page: loaded only when History is opened.
const HistoryTab = lazy(() => import('./HistoryTab').then((m) => ({ default: m.HistoryTab })));

const TABS: readonly { id: ClusterTab; label: string }[] = [
  { id: 'pods', label: 'Pods' },
  { id: 'events', label: 'Events' },
  { id: 'history', label: 'History' },
];
const WITH_PROVISIONING = [...TABS, { id: 'provisioning' as const, label: 'Provisioning' }];

/** One cluster: its state and reasons, then Pods / Events / History tabs. */
export function ClusterDetail({ context, tab }: { context: string; tab: ClusterTab }) {
  const client = useClient();
  const now = useNow();
  const summary = useClustersStore((s) => s.byContext[context]);
  const monitored = useClustersStore((s) => s.monitored.includes(context));
  const state = monitored ? (summary?.state ?? 'Unknown') : 'Off';
  // The Provisioning tab only for a cluster that serves provisioning objects and has some:
  // an always-empty tab on every other cluster would be noise.
  const provisions = useProvisioningStore((s) =>
    s.contexts.some((c) => c.context === context && c.available && c.items.length > 0),
  );

  return (
    <section className="detail" aria-labelledby="detail-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="detail-heading" className="detail-title full-name">
          {context}
        </h2>
        <CopyButton text={context} what="context name" />
        <StateBadge state={state} />
        <button
          type="button"
          className="icon-button"
          aria-label={`Recheck ${context}`}
          title="Recheck now"
          disabled={!monitored}
          onClick={() => void recheck(client, context)}
        >
          <RefreshIcon />
        </button>
      </div>
      <p className="small muted detail-meta">
        {summary
          ? `checked ${formatAgo(summary.lastCheckAt, now)} · ${formatLatency(summary.latencyMs)} · ${connectivityWords(summary.connectivity)}`
          : monitored
            ? 'Waiting for the first check…'
            : 'Not monitored: switch it on in the list to see its health.'}
      </p>
      {summary && summary.reasons.length > 0 && (
        <ul className="reasons" aria-label="Reasons">
          {summary.reasons.slice(0, 4).map((r) => (
            <li
              key={`${r.code}:${r.message}`}
              className={`reason sev-${r.severity}`}
              title={r.detail ?? r.message}
            >
              <span className="sev small">{r.severity}</span> {r.message}
            </li>
          ))}
        </ul>
      )}
      {summary && summary.disabledChecks.length > 0 && (
        <p className="small muted">Not checked: {summary.disabledChecks.map((d) => d.message).join('; ')}</p>
      )}
      <Tabs
        tabs={provisions || tab === 'provisioning' ? WITH_PROVISIONING : TABS}
        active={tab}
        label={`${context} details`}
        idPrefix="cluster"
        onSelect={(t) => replaceRoute({ view: 'cluster', context, tab: t })}
      />
      <div id="cluster-panel" role="tabpanel" aria-labelledby={`cluster-tab-${tab}`} className="tab-panel">
        {!monitored ? (
          <p className="muted placeholder">
            Switch monitoring on for {context} to see its pods, events and history.
          </p>
        ) : tab === 'pods' ? (
          <PodsTab context={context} />
        ) : tab === 'events' ? (
          <EventsTab context={context} />
        ) : tab === 'history' ? (
          <Suspense fallback={<Loading>Loading charts…</Loading>}>
            <HistoryTab context={context} />
          </Suspense>
        ) : (
          <div className="scroll-area">
            <ProvisioningList context={context} />
          </div>
        )}
      </div>
    </section>
  );
}
