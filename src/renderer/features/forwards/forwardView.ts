import type { ForwardStatus } from '../../../shared/contract';
import type { DisplayState } from '../../format/state';

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
      return { label: f.spec.enabled ? 'Stopped' : 'Disabled', tone: 'Off', reason: f.reason };
  }
}

/** What the target reads as, kubectl style: svc/web, pod/x, deploy/api, or the selector. */
export function targetText(f: ForwardStatus): string {
  const t = f.spec.target;
  if (t.kind === 'selector') return t.selector;
  return `${{ service: 'svc', pod: 'pod', deployment: 'deploy' }[t.kind]}/${t.name}`;
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

function inWords(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s === 0) return 'now';
  return s < 120 ? `in ${s} s` : `in ${Math.ceil(s / 60)} min`;
}

/**
 * What a troubled forward does next, in words: "retry 4 of 5 in 16 s" (a restart counted
 * against the policy), "retry in 5 s" (a wait: no pod, 403, cluster down), "Edit to fix it ·
 * looking again in 8 s" (its Service or port is missing). Null for a forward that is fine or
 * stopped; `hint` is empty when nothing is planned (it gave up: only "Retry now" is left).
 */
export function retryHint(f: ForwardStatus, now: number): string | null {
  if (f.state !== 'Reconnecting' && f.state !== 'Failed') return null;
  const when = f.nextRetryAt !== null ? inWords(f.nextRetryAt - now) : null;
  if (f.state === 'Failed') {
    if (f.problem === 'target-missing')
      return when ? `Edit to fix it · looking again ${when}` : 'Edit to fix it';
    return '';
  }
  if (!when) return '';
  return f.attempt > 0 ? `retry ${f.attempt} of ${f.spec.restart.maxAttempts} ${when}` : `retry ${when}`;
}
