import type { TetherClient, UiNavigate } from '../../shared/contract';
import { useNavStore, type ClusterTab, type Route } from './navStore';

const TABS: readonly ClusterTab[] = ['pods', 'events', 'history', 'provisioning'];

/**
 * The view stack a platform request (a notification click, the tray menu) opens: always on top
 * of home, so Esc walks back the way a user would have come. Unknown views open home.
 */
export function stackFor(req: UiNavigate): Route[] {
  const home: Route = { view: 'home' };
  const p = req.params ?? {};
  const tab = TABS.find((t) => t === p.tab);
  switch (req.view) {
    case 'cluster':
      return req.context ? [home, { view: 'cluster', context: req.context, tab: tab ?? 'pods' }] : [home];
    case 'pod':
      // From a failed forward's notification: Back leads to that forward; else to the pods list.
      return req.context && p.namespace && p.name
        ? [
            home,
            req.forwardId
              ? { view: 'forward', id: req.forwardId }
              : { view: 'cluster', context: req.context, tab: 'pods' },
            { view: 'pod', context: req.context, namespace: p.namespace, name: p.name },
          ]
        : [home];
    case 'provisioning':
      return req.context ? [home, { view: 'cluster', context: req.context, tab: 'provisioning' }] : [home];
    case 'forward':
      return [home, req.forwardId ? { view: 'forward', id: req.forwardId } : { view: 'forward' }];
    case 'settings':
      return [home, { view: 'settings' }];
    case 'health':
      return [home, { view: 'health' }];
    default:
      return [home];
  }
}

/** Follows `ui:navigate` from the platform layer. Returns the unsubscribe. */
export function bindUiNavigate(client: TetherClient): () => void {
  return client.on('ui:navigate', (req) => useNavStore.setState({ stack: stackFor(req) }));
}
