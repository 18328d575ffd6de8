import type { PodSummary } from '../../../shared/domain/health';

/** What a pod row says about its state, and how serious it is (for colour; the text says it too). */
export function podStatus(p: PodSummary): { text: string; tone: 'ok' | 'warn' | 'bad' | 'muted' } {
  if (p.reason)
    return { text: p.reason, tone: p.phase === 'Pending' || p.reason === 'Pending' ? 'warn' : 'bad' };
  if (p.phase === 'Succeeded') return { text: 'Completed', tone: 'muted' };
  if (p.phase === 'Running') {
    const [ready, total] = p.ready.split('/');
    return ready === total ? { text: 'Running', tone: 'ok' } : { text: 'Running, not ready', tone: 'warn' };
  }
  return { text: p.phase, tone: p.phase === 'Failed' ? 'bad' : 'warn' };
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
