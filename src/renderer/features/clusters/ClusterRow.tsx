import type { ContextInfo } from '../../../shared/domain/contexts';
import type { ClusterSummary } from '../../../shared/domain/health';
import { outageLine } from '../../../shared/logic/health/words';
import { useClient } from '../../client/ClientContext';
import { formatAgo, formatLatency } from '../../format/time';
import { setMonitored, useClustersStore } from '../../stores/clustersStore';
import { useNow } from '../../stores/clock';
import { navigate } from '../../stores/navStore';
import { Sparkline } from '../../ui/Sparkline';
import { StateBadge } from '../../ui/StateBadge';
import { MiddleTruncate } from '../../ui/MiddleTruncate';
import { Switch } from '../../ui/Switch';

const EMPTY: number[] = [];

/** The second line: the most severe reason, or why there is no verdict. */
const timeOfDay = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function topLine(
  s: ClusterSummary | undefined,
  monitored: boolean,
  problem: string | undefined,
  now: number,
  ctx?: ContextInfo,
) {
  if (ctx && ctx.problems.length) return { text: ctx.problems.join('; '), bad: true };
  if (problem) return { text: problem, bad: true };
  if (!monitored) return { text: ctx?.server ?? 'Switch on to monitor this cluster', bad: false };
  if (!s) return { text: 'Starting the monitor…', bad: false };
  const r = s.reasons[0];
  // An outage in words, its cause visible (not only in a tooltip): "Unreachable since 08:15 (2 min) — …".
  const outage = outageLine(s, now, timeOfDay);
  if (outage) return { text: outage, bad: true };
  if (r) return { text: r.message, bad: r.severity !== 'info', detail: r.detail };
  return { text: s.state === 'Healthy' ? 'All checks pass' : 'Checking…', bad: false };
}

/** "3/3 nodes · 10/10 pods" (ready/total), leaving out what was not collected. */
function counts(s: ClusterSummary | undefined): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.nodes) parts.push(`${s.nodes.ready}/${s.nodes.total} nodes`);
  if (s.pods) parts.push(`${s.pods.ready}/${s.pods.total} pods`);
  return parts.join(' · ');
}

/** One context: state dot and label, name, top reason, last check, counts, latency sparkline, monitor switch. */
export function ClusterRow({ name, context }: { name: string; context: ContextInfo | undefined }) {
  const client = useClient();
  const now = useNow();
  const monitored = useClustersStore((s) => s.monitored.includes(name));
  const summary = useClustersStore((s) => s.byContext[name]);
  const problem = useClustersStore((s) => s.problems[name]);
  const latency = useClustersStore((s) => s.latency[name] ?? EMPTY);
  const busy = useClustersStore((s) => s.pending[name] === true);
  const state = monitored ? (summary?.state ?? 'Unknown') : 'Off';
  const line = topLine(summary, monitored, problem, now, context);
  const open = () => navigate({ view: 'cluster', context: name, tab: 'pods' });
  const meta = monitored && summary ? `checked ${formatAgo(summary.lastCheckAt, now)}` : '';
  const rowMeta = [meta, counts(summary)].filter(Boolean).join(' · ');

  return (
    <li className="cluster-row" data-testid="context-row" data-context={name} data-state={state}>
      <div className="cluster-main">
        {monitored ? (
          <button
            type="button"
            className="row-button"
            data-nav-item
            data-focus-key={`cluster:${name}`}
            onClick={open}
          >
            {/* The button's name, uncut, said once; the lines below are what the eye reads. A
                hidden text rather than aria-label: axe (WCAG 2.5.3) wants an aria-label to
                contain every visible word, and the visible name may be cut in the middle. */}
            <span className="sr-only">
              {`${name}: ${state}${line.text ? `, ${line.text}` : ''}${rowMeta ? `. ${rowMeta}` : ''}. Open details`}
            </span>
            <RowBody
              labelled
              name={name}
              context={context}
              state={state}
              line={line}
              meta={meta}
              counts={counts(summary)}
            />
          </button>
        ) : (
          <div className="row-button static">
            <RowBody name={name} context={context} state={state} line={line} meta="" counts="" />
          </div>
        )}
      </div>
      <div className="cluster-side">
        <Sparkline
          values={monitored ? latency : EMPTY}
          label={`${name} probe latency, last ${formatLatency(summary?.latencyMs)}`}
        />
        <span className="latency small muted">{monitored ? formatLatency(summary?.latencyMs) : ''}</span>
        <Switch
          checked={monitored}
          busy={busy}
          label={`Monitor ${name}`}
          onChange={(on) => void setMonitored(client, name, on)}
        />
      </div>
    </li>
  );
}

/**
 * The row's visible lines. `labelled`: inside the row button, whose aria-label says all of it
 * (with the full name where this shows it cut), so screen readers get it once, uncut.
 */
function RowBody(p: {
  labelled?: boolean;
  name: string;
  context: ContextInfo | undefined;
  state: Parameters<typeof StateBadge>[0]['state'];
  line: { text: string; bad: boolean; detail?: string | undefined };
  meta: string;
  counts: string;
}) {
  return (
    <>
      <span className="row-title" aria-hidden={p.labelled || undefined}>
        <StateBadge state={p.state} compact />
        <MiddleTruncate text={p.name} className="cluster-name" />
        {p.context?.isCurrent && <span className="badge">current</span>}
      </span>
      <span
        aria-hidden={p.labelled || undefined}
        className={`row-reason small${p.line.bad ? ' error' : ' muted'}`}
        title={p.line.detail ?? p.line.text}
      >
        {p.line.text}
      </span>
      <span className="row-meta small muted" aria-hidden={p.labelled || undefined}>
        {[p.meta, p.counts].filter(Boolean).join(' · ') || '\u00a0'}
      </span>
    </>
  );
}
