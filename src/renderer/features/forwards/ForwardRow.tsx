import { useState } from 'react';
import { useClient } from '../../client/ClientContext';
import { formatBytes } from '../../format/bytes';
import { stateClass } from '../../format/state';
import {
  deleteForward,
  setForwardRunning,
  trafficDeltas,
  useForwardsStore,
} from '../../stores/forwardsStore';
import { navigate } from '../../stores/navStore';
import { Sparkline } from '../../ui/Sparkline';
import { Switch } from '../../ui/Switch';
import { ForwardRetry } from './ForwardRetry';
import { ForwardConnectionError } from './ForwardConnectionError';
import { forwardState, isHttp, localAddress, targetText, viaText } from './forwardView';

const EMPTY: number[] = [];

/** One forward: switch, state (with why), target, local address to copy or open, traffic sparkline. */
export function ForwardRow({ id }: { id: string }) {
  const client = useClient();
  const f = useForwardsStore((s) => s.byId[id]);
  const traffic = useForwardsStore((s) => s.traffic[id] ?? EMPTY);
  const busy = useForwardsStore((s) => s.pending[id] === true);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!f) return null;
  const st = forwardState(f);
  const via = viaText(f);
  const moved = formatBytes(f.traffic.bytesIn + f.traffic.bytesOut);
  const running = f.state !== 'Stopped';
  const addr = localAddress(f);
  const copy = () => {
    if (!addr) return;
    void navigator.clipboard?.writeText(addr).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => undefined,
    );
  };

  return (
    <li className="forward-row" data-testid="forward-row" data-forward={id} data-state={f.state}>
      <div className="forward-main">
        <span className="row-title">
          <span className={`state ${stateClass(st.tone)}`}>
            <span className="dot" aria-hidden="true" />
            <span className="state-label small">{st.label}</span>
          </span>
          <span className="cluster-name" title={f.spec.name}>
            {f.spec.name}
          </span>
        </span>
        <span
          className={`row-reason small ${st.reason && f.state !== 'Stopped' ? 'error' : 'muted'}`}
          title={st.reason ?? ''}
        >
          {st.reason ?? `${f.spec.context} · ${f.spec.namespace} · ${targetText(f)}:${f.spec.remotePort}`}
        </span>
        {f.lastConnectionError && <ForwardConnectionError f={f} />}
        <ForwardRetry f={f} />
        <span className="row-meta small">
          {addr ? (
            <>
              <button
                type="button"
                className="link-button addr"
                onClick={copy}
                aria-label={`Copy ${addr}`}
                title="Click to copy"
                data-testid="forward-address"
              >
                {copied ? 'Copied' : addr}
              </button>
              {via && (
                <span className="small muted via" title={via.title} data-testid="forward-via">
                  {via.label}
                  {/* Not the best protocol: said in words, the refusals in the title. */}
                  {via.note && ' (fallback)'}
                </span>
              )}
              {isHttp(f) && (
                <a
                  className="small open-link"
                  href={`http://${addr}`}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={`Open ${addr} in the browser`}
                >
                  open ↗
                </a>
              )}
            </>
          ) : (
            <span className="muted">
              {f.spec.localPort === 'auto' ? 'local port: auto' : `local port ${f.spec.localPort}`}
            </span>
          )}
        </span>
      </div>
      <div className="cluster-side">
        <Sparkline
          values={trafficDeltas(traffic)}
          label={`${f.spec.name} traffic: bytes per update (at most every 5 s), ${moved} since it started`}
        />
        <span className="latency small muted" title="Bytes in and out since the forward started">
          {moved}
        </span>
        <span className="small forward-actions">
          {confirming ? (
            <>
              <button
                type="button"
                className="link-button danger"
                onClick={() => void deleteForward(client, id)}
                aria-label={`Confirm delete ${f.spec.name}`}
              >
                Delete
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="link-button"
                aria-label={`Edit ${f.spec.name}`}
                onClick={() => navigate({ view: 'forward', id })}
              >
                Edit
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Delete ${f.spec.name}`}
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            </>
          )}
        </span>
        <Switch
          checked={running}
          busy={busy}
          label={`Forward ${f.spec.name}`}
          onChange={(on) => void setForwardRunning(client, id, on)}
        />
      </div>
    </li>
  );
}
