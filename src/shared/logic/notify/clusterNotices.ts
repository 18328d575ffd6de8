import type { Notification } from '../../domain/notification';
import type { HealthState } from '../../domain/health';

/** The slice of a cluster summary a notification needs. */
export interface NoticeCluster {
  context: string;
  state: HealthState;
  reasons: readonly { message: string; detail?: string | undefined }[];
  lastCheckAt: number | null;
}

/** A detail longer than this stays in the popover; a notification must read at a glance. */
const MAX_DETAIL = 140;

/**
 * The notification a cluster's state change deserves, if any: it became Unhealthy (from any
 * other state, including Unknown at start-up, because a cluster that is down when Tether
 * starts is news), or it recovered from Unhealthy to Healthy or Degraded. Going to Unknown
 * (monitoring switched off, context removed) is not news. The body says why, in the engine's
 * words (the first reason is the most severe).
 */
export function clusterTransitionNotice(
  prev: HealthState | undefined,
  next: NoticeCluster,
): Notification | undefined {
  const target = { view: 'cluster', params: { context: next.context } };
  const at = next.lastCheckAt ?? 0;
  if (next.state === 'Unhealthy' && prev !== 'Unhealthy') {
    return {
      id: `cluster.unhealthy:${next.context}:${at}`,
      kind: 'cluster.unhealthy',
      severity: 'error',
      title: `${next.context} is unhealthy`,
      body: why(next) ?? 'No reason was reported.',
      context: next.context,
      target,
    };
  }
  if (prev === 'Unhealthy' && (next.state === 'Healthy' || next.state === 'Degraded')) {
    const still = next.state === 'Degraded' ? why(next) : undefined;
    return {
      id: `cluster.recovered:${next.context}:${at}`,
      kind: 'cluster.recovered',
      severity: 'info',
      title: `${next.context} recovered`,
      body: still ? `Reachable again, still degraded: ${still}` : 'Healthy again.',
      context: next.context,
      target,
    };
  }
  return undefined;
}

function why(c: NoticeCluster): string | undefined {
  const first = c.reasons[0];
  if (!first) return undefined;
  const more = c.reasons.length > 1 ? ` (+${c.reasons.length - 1} more)` : '';
  const detail = first.detail && first.detail.length <= MAX_DETAIL ? ` — ${first.detail}` : '';
  return `${first.message}${detail}${more}`;
}

/**
 * Follows `clusters:changed` summaries and yields the notifications their transitions
 * deserve. Remembers the last state per context; `forget` drops a context that went away.
 */
export class ClusterTransitions {
  private readonly last = new Map<string, HealthState>();

  /** The notification for this summary, if its state change deserves one. */
  next(summary: NoticeCluster): Notification | undefined {
    const prev = this.last.get(summary.context);
    this.last.set(summary.context, summary.state);
    if (prev === summary.state) return undefined;
    return clusterTransitionNotice(prev, summary);
  }

  /** A context stopped being monitored: its next appearance starts fresh. */
  forget(context: string): void {
    this.last.delete(context);
  }
}
