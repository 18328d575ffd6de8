import type { ContainerSummary } from '../../../shared/domain/health';
import { formatRestarts } from '../../../shared/logic/health/kubectlPod';
import { useClient } from '../../client/ClientContext';
import { formatAge, formatAgo } from '../../format/time';
import { useNow } from '../../stores/clock';
import { loadPod, useDetailStore } from '../../stores/detailStore';
import { goBack } from '../../stores/navStore';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { EventList } from './EventList';
import { compareEvents } from './eventOrder';
import { PodLogsPanel } from './PodLogsPanel';
import { podStatus } from './podStatus';
import { useRefreshKey } from './useRefreshKey';
import { useThrottledLoad } from './useThrottledLoad';
import { CopyButton } from '../../ui/CopyButton';

/** One container: its state now and why it last stopped. */
function Container({ c }: { c: ContainerSummary }) {
  const now = useNow();
  const last = c.lastState;
  return (
    <li className="container" data-testid="container">
      <span className="container-head">
        <span className="container-name">
          {c.name}
          {c.init && <span className="badge">init</span>}
        </span>
        <span
          className={`small tone-${c.state === 'running' && c.ready ? 'ok' : c.state === 'terminated' && c.exitCode === 0 ? 'muted' : 'bad'}`}
        >
          {c.state}
          {c.reason ? ` (${c.reason})` : ''}
          {c.ready ? ', ready' : ', not ready'}
        </span>
        <span className={`small ${c.restartCount > 0 ? 'warn-text' : 'muted'}`}>
          {c.restartCount} restart{c.restartCount === 1 ? '' : 's'}
        </span>
      </span>
      {c.message && <span className="small muted">{c.message}</span>}
      {last && (
        <span className="small muted">
          Last: {last.state}
          {last.reason ? ` (${last.reason})` : ''}
          {last.exitCode !== null ? `, exit code ${last.exitCode}` : ''}
          {last.finishedAt ? `, ${formatAgo(last.finishedAt, now)}` : ''}
          {last.message ? ` — ${last.message}` : ''}
        </span>
      )}
    </li>
  );
}

/** A pod: status, restarts, node, age, its containers' states and its events. */
export function PodDetail({
  context,
  namespace,
  name,
}: {
  context: string;
  namespace: string;
  name: string;
}) {
  const client = useClient();
  const now = useNow();
  const key = `${context}/${namespace}/${name}`;
  const slot = useDetailStore((s) => s.pod);
  useThrottledLoad(() => void loadPod(client, context, namespace, name), `${key}|${useRefreshKey(context)}`);
  const mine = slot.key === key ? slot : undefined;

  let body;
  if (!mine || (mine.status === 'loading' && !mine.data)) body = <Loading>Loading pod…</Loading>;
  else if (mine.status === 'error' && !mine.data)
    body = (
      <ErrorState
        title="Could not load the pod"
        message={mine.error}
        onRetry={() => void loadPod(client, context, namespace, name)}
      />
    );
  else if (!mine.data?.pod)
    body = <Empty title="This pod is gone">It was deleted or replaced; go back to the list.</Empty>;
  else {
    const p = mine.data.pod;
    const st = podStatus(p);
    const events = [...mine.data.events].sort(compareEvents);
    body = (
      <div className="scroll-area">
        <dl className="facts">
          <dt>Status</dt>
          <dd className={`tone-${st.tone}`} data-testid="pod-status">
            {st.text}
          </dd>
          <dt>Restarts</dt>
          <dd data-testid="pod-restarts">{formatRestarts(p.restarts, p.lastRestartAt, now)}</dd>
          <dt>Ready</dt>
          <dd>{p.ready}</dd>
          <dt>Node</dt>
          <dd>{p.node ?? 'not scheduled'}</dd>
          <dt>Age</dt>
          <dd>{formatAge(p.createdAt, now)}</dd>
          <dt>Phase</dt>
          <dd>{p.phase}</dd>
        </dl>
        {p.message && <p className="small muted">{p.message}</p>}
        <h3>Containers</h3>
        <ul className="containers" aria-label="Containers">
          {p.containers.map((c) => (
            <Container key={`${c.init ? 'init:' : ''}${c.name}`} c={c} />
          ))}
        </ul>
        <PodLogsPanel key={key} context={context} pod={p} />
        <h3>Events</h3>
        {events.length === 0 ? (
          <p className="small muted">No recent events for this pod.</p>
        ) : (
          <EventList events={events} label="Pod events" showObject={false} />
        )}
      </div>
    );
  }

  return (
    <section className="detail" aria-labelledby="pod-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="pod-heading" className="detail-title full-name">
          {name}
        </h2>
        <CopyButton text={name} what="pod name" />
      </div>
      <p className="small muted detail-meta">
        {namespace} · {context}
      </p>
      {body}
    </section>
  );
}
