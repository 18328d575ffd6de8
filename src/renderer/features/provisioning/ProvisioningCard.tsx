import type { ProvisioningConnection } from '../../../shared/contract';
import type { ProvisioningSnapshot, ServiceHealth } from '../../../shared/domain/provisioning';
import { stateClass, type DisplayState } from '../../format/state';
import { formatAgo } from '../../format/time';
import { useNow } from '../../stores/clock';
import { MiddleTruncate } from '../../ui/MiddleTruncate';
import { formatElapsed, phaseTone, STEPS, stepStates } from './phaseSteps';

const SERVICE_TONE: Record<ServiceHealth, DisplayState> = {
  healthy: 'Healthy',
  progressing: 'Unknown',
  degraded: 'Degraded',
  failed: 'Unhealthy',
  deleting: 'Off',
  unknown: 'Unknown',
};

/** One ClusterDeployment / Cluster: phase stepper, % bar, elapsed time, services, latest events. */
export function ProvisioningCard({
  snapshot: s,
  sources = [],
  connection,
  showContext,
}: {
  snapshot: ProvisioningSnapshot;
  /** The same cluster through other objects (a ClusterDeployment's CAPI Cluster). */
  sources?: readonly ProvisioningSnapshot[];
  connection: ProvisioningConnection;
  showContext: boolean;
}) {
  const now = useNow();
  const tone = phaseTone(s);
  const steps = stepStates(s);
  // Live while it runs (the engine's figure plus the time since it was taken); fixed once done.
  const elapsed = s.terminal ? s.elapsedMs : s.elapsedMs + Math.max(0, now - Date.parse(s.observedAt));
  const title = `${s.namespace}/${s.name}`;
  const events = s.events.slice(-3).reverse();
  return (
    <li
      className="prov-card"
      data-testid="provisioning-card"
      data-name={s.name}
      data-kind={s.kind}
      data-phase={s.phase}
      aria-label={`${s.kind === 'CAPICluster' ? 'Cluster' : 'ClusterDeployment'} ${title}`}
    >
      <div className="row-title">
        <span className={`state ${stateClass(tone.tone)}`}>
          <span className="dot" aria-hidden="true" />
          <span className="state-label small" data-testid="provisioning-phase">
            {tone.label}
          </span>
        </span>
        {/* The cluster's name leads; its namespace (often the same kcm-system for all) follows, muted. */}
        <MiddleTruncate text={s.name} className="cluster-name" />
        <span className="muted small prov-kind">
          {showContext ? `${s.context} · ` : ''}
          {s.namespace} · {s.kind === 'CAPICluster' ? 'CAPI' : 'k0rdent'}
          {sources.length > 0 ? ' + CAPI' : ''}
        </span>
      </div>
      <ol className="stepper" aria-label={`Phases of ${title}`}>
        {STEPS.map((step, i) => (
          <li
            key={step.phase}
            className={`step step-${steps[i]}`}
            data-step={steps[i]}
            aria-current={steps[i] === 'current' ? 'step' : undefined}
            title={`${step.phase}: ${steps[i]}`}
          >
            <span className="step-bar" aria-hidden="true" />
            <span className="step-label">{step.short}</span>
          </li>
        ))}
      </ol>
      <div className="prov-progress">
        <div
          className="bar"
          role="progressbar"
          aria-label={`${title} progress`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={s.progress}
        >
          <span className={`bar-fill ${stateClass(tone.tone)}`} style={{ width: `${s.progress}%` }} />
        </div>
        <span className="small prov-figures">
          {s.progress}% · {formatElapsed(elapsed)}
          {s.servicesTally && s.servicesTally.total > 0
            ? ` · ${s.servicesTally.ready}/${s.servicesTally.total} services`
            : ''}
        </span>
      </div>
      <p className="small prov-summary" title={s.summary}>
        {s.summary}
      </p>
      {s.timeoutWarning && !s.timedOut && (
        <p className="small warn-text" role="alert">
          Still not done close to the watch&apos;s time limit: check the provider.
        </p>
      )}
      {s.timedOut && (
        <p className="small error" role="alert">
          The watch passed its time limit without Ready or Failed.
        </p>
      )}
      {connection.state !== 'ok' && (
        <p className="small warn-text">
          Watch {connection.state}
          {connection.message ? `: ${connection.message}` : ''}
        </p>
      )}
      {sources.map((src) => (
        <p
          key={`${src.kind}:${src.apiVersion}`}
          className="small muted prov-source"
          data-testid="provisioning-source"
        >
          {src.kind === 'CAPICluster' ? 'Cluster API Cluster' : 'ClusterDeployment'}: {phaseTone(src).label}{' '}
          {src.progress}%{src.summary ? ` — ${src.summary}` : ''}
        </p>
      ))}
      {(events.length > 0 || s.services.length > 0) && (
        <details className="prov-details">
          <summary className="small">
            {events.length} recent event{events.length === 1 ? '' : 's'}
            {s.services.length > 0
              ? `, ${s.services.length} service${s.services.length === 1 ? '' : 's'}`
              : ''}
          </summary>
          {s.services.length > 0 && (
            <ul className="prov-services" aria-label={`Services of ${title}`}>
              {s.services.map((sv) => (
                <li key={`${sv.namespace ?? ''}/${sv.name}`} className="small" title={sv.message ?? ''}>
                  <span className={`state ${stateClass(SERVICE_TONE[sv.health])}`}>
                    <span className="dot" aria-hidden="true" />
                    {sv.state}
                  </span>{' '}
                  {sv.name}
                  {sv.conflict ? ' (conflict)' : ''}
                  {sv.message ? <span className="muted"> — {sv.message}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {events.length > 0 && (
            <ul className="prov-events" aria-label={`Events of ${title}`}>
              {events.map((e) => (
                <li key={`${e.at}:${e.reason}:${e.object.name}`} className="small">
                  <span className={e.type === 'Warning' ? 'warn-text' : 'muted'}>{e.type}</span>{' '}
                  <strong>{e.reason}</strong> {e.message}{' '}
                  <span className="muted">
                    {formatAgo(Date.parse(e.at), now)}
                    {e.count > 1 ? ` ×${e.count}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </li>
  );
}
