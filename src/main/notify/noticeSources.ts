import { NotificationSchema, type EventBus, type EventName, type Notification } from '../../shared/contract';
import { ClusterSummarySchema } from '../../shared/domain/health';
import { ClusterTransitions, ForwardTransitions, type NoticeForward } from '../../shared/logic/notify';

/**
 * Feeds the notifier from the engine's events: cluster transitions (derived here from
 * `clusters:changed`, one notification per transition), forwards that gave up after their
 * retries (from `forwards:changed`), and every `notifications:new` the engine raises
 * (provisioning Ready / Failed / timed out, …).
 * Returns the unsubscribe.
 */
export function subscribeNotices(bus: EventBus, notify: (n: Notification) => void): () => void {
  const transitions = new ClusterTransitions();
  const forwards = new ForwardTransitions();
  return bus.subscribe((channel: EventName, payload: unknown) => {
    if (channel === 'clusters:changed') {
      const summary = ClusterSummarySchema.safeParse(payload);
      if (!summary.success) return;
      const n = transitions.next(summary.data);
      if (n) notify(n);
    } else if (channel === 'forwards:changed') {
      // Checked by the bus against ForwardStatusSchema already; this reads a few fields.
      const change = payload as { id: string; status: NoticeForward | null };
      const n = forwards.next(change.id, change.status);
      if (n) notify(n);
    } else if (channel === 'notifications:new') {
      const n = NotificationSchema.safeParse(payload);
      if (n.success) notify(n.data);
    }
  });
}
