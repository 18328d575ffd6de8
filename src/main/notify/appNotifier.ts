import { Notification } from 'electron';
import type { EventBus, Notification as TetherNotification, UiNavigate } from '../../shared/contract';
import { NotificationGate, navigationFor } from '../../shared/logic/notify';
import type { Logger } from '../core/app/log';
import type { KubectlLookup } from '../platform/kubectl';
import type { SettingsFile } from '../settings/settingsFile';
import { subscribeNotices } from './noticeSources';
import { Notifier } from './notifier';

/** Desktop notifications of the app: the engine's, start-up's and failed tray actions'. */
export interface AppNotifier {
  /** A tray action failed: a menu click has nowhere else to show it. */
  report(title: string, body: string): void;
  dispose(): void;
}

/**
 * Shows the engine's notices as desktop notifications (muted contexts and the user's switch
 * respected; a click opens the popover on the notice's view). Subscribed before the engine
 * starts, so what it says while restoring forwards is not lost; then shows what start-up had
 * to say (settings reset, kubectl not found).
 */
export function createAppNotifier(o: {
  bus: EventBus;
  settings: SettingsFile;
  log: Logger;
  openOn: (nav: UiNavigate) => void;
  startupNotices: readonly TetherNotification[];
  kubectl: KubectlLookup;
}): AppNotifier {
  const notifier = new Notifier({
    Notification,
    gate: new NotificationGate(Date.now),
    enabled: () => o.settings.shell().notifications,
    isMuted: (n) => n.context !== undefined && o.settings.shell().mutedContexts.includes(n.context),
    onClick: (n) => o.openOn(navigationFor(n)),
    log: o.log,
  });
  const unsubscribe = subscribeNotices(o.bus, (n) => notifier.notify(n));
  for (const n of o.startupNotices) notifier.notify(n);
  if (!o.kubectl.ok) {
    notifier.notify({
      id: 'kubectl-missing',
      kind: 'app.kubectl-missing',
      severity: 'warning',
      title: 'kubectl not found',
      body: o.kubectl.message,
      target: { view: 'settings' },
    });
  }
  return {
    report: (title, body) =>
      notifier.notify({
        id: `action:${title}:${Date.now()}`,
        kind: 'app.action-failed',
        severity: 'error',
        title,
        body,
      }),
    dispose: unsubscribe,
  };
}
