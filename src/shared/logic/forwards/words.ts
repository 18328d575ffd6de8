// How a forward is put in words, the same in the UI and the CLI.
import type { ForwardStatus } from '../../domain/forwardStatus';
import type { ForwardTarget } from '../../domain/forward';

/** A target as kubectl's short form: svc/web, deploy/api, pod/x, or the label selector. */
export function shortTarget(t: ForwardTarget): string {
  if (t.kind === 'selector') return t.selector;
  return `${{ service: 'svc', pod: 'pod', deployment: 'deploy' }[t.kind]}/${t.name}`;
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
