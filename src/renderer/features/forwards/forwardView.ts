import type { ForwardStatus } from '../../../shared/contract';
import { shortTarget } from '../../../shared/logic/forwards/words';
import type { DisplayState } from '../../format/state';
import { formatAgo } from '../../format/time';

/** The row's state in words and as a colour class: Active, Reconnecting + why, Failed + why, Stopped. */
export function forwardState(f: ForwardStatus): { label: string; tone: DisplayState; reason: string | null } {
  switch (f.state) {
    case 'Active':
      return { label: 'Active', tone: 'Healthy', reason: null };
    case 'Starting':
      return { label: 'Starting', tone: 'Unknown', reason: f.reason };
    case 'Reconnecting':
      return { label: 'Reconnecting', tone: 'Degraded', reason: f.reason };
    case 'Failed':
      return { label: 'Failed', tone: 'Unhealthy', reason: f.reason };
    case 'Stopped':
      return {
        label: f.spec.enabled ? 'Stopped' : 'Disabled',
        tone: 'Off',
        // An imported forward whose context this kubeconfig lacks cannot start until mapped.
        reason: f.contextMissing
          ? `Context "${f.spec.context}" is not in your kubeconfig: edit the forward to pick one of yours`
          : f.reason,
      };
  }
}

/**
 * The last connection the pod's side refused while the forward kept running, in the row's words
 * ("Last connection failed 12 s ago: …"); null when there was none, or when the forward is not
 * running or already says why it is down (its reason is the news then).
 */
export function connectionErrorText(
  f: Pick<ForwardStatus, 'state' | 'lastConnectionError'>,
  now: number,
): string | null {
  const e = f.lastConnectionError;
  if (!e || (f.state !== 'Active' && f.state !== 'Starting')) return null;
  return `Last connection failed ${formatAgo(e.at, now)}: ${e.message}`;
}

/** What the target reads as, kubectl style: svc/web, pod/x, deploy/api, or the selector. */
export function targetText(f: ForwardStatus): string {
  return shortTarget(f.spec.target);
}

/** True when the forward carries HTTP (its probe is HTTP, or the port is named or numbered like HTTP). */
export function isHttp(f: ForwardStatus): boolean {
  const p = f.spec.remotePort;
  return (
    f.spec.probe.type === 'http' ||
    (typeof p === 'string'
      ? /^(http|https|web)$/.test(p)
      : [80, 443, 3000, 5000, 8000, 8080, 8443].includes(p))
  );
}

/** The local address to copy, e.g. 127.0.0.1:8080; null while not listening. */
export function localAddress(f: ForwardStatus): string | null {
  if (f.localPort === null) return null;
  const host = f.spec.bindAddress.includes(':') ? `[${f.spec.bindAddress}]` : f.spec.bindAddress;
  return `${host}:${f.localPort}`;
}

/**
 * What carries a running forward, in the row's words: the protocol of the engine's own
 * tunnel, or "kubectl" for a kubectl child; null while no tunnel is up.
 */
export function viaText(
  f: Pick<ForwardStatus, 'protocol' | 'protocolNote'>,
): { label: string; title: string; note: string | null } | null {
  const via = protocolWords(f.protocol);
  if (!via) return null;
  const note = f.protocol !== 'kubectl' && f.protocolNote ? f.protocolNote : null;
  return { ...via, title: note ? `${via.title}. Better protocols refused — ${note}` : via.title, note };
}

function protocolWords(protocol: ForwardStatus['protocol']): { label: string; title: string } | null {
  switch (protocol) {
    case 'spdy-websocket':
      return {
        label: 'SPDY/WS',
        title: 'Carried by Tether itself: one SPDY session to the pod inside a WebSocket (no kubectl)',
      };
    case 'spdy':
      return { label: 'SPDY', title: 'Carried by Tether itself: one SPDY session to the pod (no kubectl)' };
    case 'websocket':
      return {
        label: 'WebSocket',
        title: 'Carried by Tether itself: one WebSocket per connection (no kubectl)',
      };
    case 'kubectl':
      return { label: 'kubectl', title: 'Carried by a kubectl port-forward child' };
    default:
      return null;
  }
}
