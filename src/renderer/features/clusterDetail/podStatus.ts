import type { PodSummary } from '../../../shared/domain/health';
import { humanDuration } from '../../../shared/logic/health/kubectlPod';

/**
 * What a pod row says about its state — kubectl's STATUS word (`p.status`, worked out by the
 * engine) — and how serious it is (for colour; the text says it too): a problem pod is `bad`,
 * or `warn` while it is only pending; a running pod with unready containers is `warn`.
 */
export function podStatus(p: PodSummary): { text: string; tone: 'ok' | 'warn' | 'bad' | 'muted' } {
  const text = p.status;
  if (p.reason)
    return {
      text,
      tone: p.phase === 'Pending' || p.reason === 'Pending' || p.reason === 'Unschedulable' ? 'warn' : 'bad',
    };
  if (p.phase === 'Succeeded') return { text, tone: 'muted' };
  if (p.phase === 'Running') {
    const [ready, total] = p.ready.split('/');
    return { text, tone: ready === total && text === 'Running' ? 'ok' : 'warn' };
  }
  return { text, tone: p.phase === 'Failed' ? 'bad' : 'warn' };
}

/** "3 restarts (4m ago)": kubectl's RESTARTS in words, the time since the last one ended. */
export function restartsText(p: PodSummary, now: number): string {
  const n = `${p.restarts} restart${p.restarts === 1 ? '' : 's'}`;
  return p.restarts > 0 && p.lastRestartAt !== null
    ? `${n} (${humanDuration(now - p.lastRestartAt)} ago)`
    : n;
}

/** The status filter's choices. */
export const POD_STATUS_FILTERS = ['all', 'problems', 'Running', 'Pending', 'Failed', 'Succeeded'] as const;
export type PodStatusFilter = (typeof POD_STATUS_FILTERS)[number];

/** Applies the status filter on top of the engine's text/namespace filter. */
export function matchesStatus(p: PodSummary, f: PodStatusFilter): boolean {
  if (f === 'all') return true;
  if (f === 'problems') return p.reason !== null;
  return p.phase === f;
}
