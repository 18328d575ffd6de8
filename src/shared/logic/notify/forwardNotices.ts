import type { Notification } from '../../domain/notification';

/** The slice of a forward's status a notification needs (see `ForwardStatusSchema`). */
export interface NoticeForward {
  spec: { id: string; name: string; context: string; namespace: string };
  state: string;
  reason: string | null;
  localPort: number | null;
  restarts: number;
  since: number;
  /** The pod the tunnel last went to, when known. */
  pod?: string | null;
}

/**
 * Follows `forwards:changed` and yields a notification when a forward enters Failed — the
 * supervisor gave up after its retries (Reconnecting is still trying and is not news). The
 * body is the engine's reason. A click opens the pod the tunnel went to, where its last log
 * lines can be read (most forwards fail because that pod crashed), with the forward one step
 * back; without a known pod it opens the forward. A deleted forward (status null) is forgotten.
 */
export class ForwardTransitions {
  private readonly last = new Map<string, string>();
  /** The pod each forward's tunnel last went to: a Failed status has no tunnel, so no pod. */
  private readonly lastPod = new Map<string, string>();

  /** The notification for this change, if it deserves one. */
  next(id: string, status: NoticeForward | null): Notification | undefined {
    if (status === null) {
      this.last.delete(id);
      this.lastPod.delete(id);
      return undefined;
    }
    if (status.pod) this.lastPod.set(id, status.pod);
    const prev = this.last.get(id);
    this.last.set(id, status.state);
    if (status.state !== 'Failed' || prev === 'Failed') return undefined;
    const s = status.spec;
    const pod = this.lastPod.get(id);
    const retries =
      status.restarts > 0
        ? ` after ${status.restarts} ${status.restarts === 1 ? 'restart' : 'restarts'}`
        : '';
    return {
      id: `forward.failed:${id}:${status.since}`,
      kind: 'forward.failed',
      severity: 'error',
      title: `Forward ${s.name} stopped${retries}`,
      body: `${status.reason ?? 'No reason was reported.'} (${s.context}/${s.namespace})`,
      context: s.context,
      target: pod
        ? { view: 'pod', params: { context: s.context, namespace: s.namespace, name: pod, forwardId: id } }
        : { view: 'forward', params: { forwardId: id, context: s.context } },
    };
  }
}
