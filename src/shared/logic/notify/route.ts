import type { Notification } from '../../domain/notification';
import type { UiNavigate } from '../../domain/navigation';

/**
 * Where a click on a notification takes the popover: its target view, with the cluster and
 * forward it is about. A notification without a target opens the popover's home.
 */
export function navigationFor(n: Notification): UiNavigate {
  const params = n.target?.params ?? {};
  const context = params.context ?? n.context;
  const forwardId = params.forwardId;
  return {
    view: n.target?.view ?? 'home',
    ...(context ? { context } : {}),
    ...(forwardId ? { forwardId } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}
