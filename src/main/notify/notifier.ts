import type { Notification } from '../../shared/contract';
import type { NotificationGate } from '../../shared/logic/notify';
import type { Logger } from '../core/app/log';

/** The slice of Electron's Notification this uses. */
export interface DesktopNotification {
  on(event: 'click' | 'close' | 'failed', listener: (...args: unknown[]) => void): unknown;
  show(): void;
}

/** Electron's Notification class, structurally. */
export interface DesktopNotificationClass {
  new (options: {
    title: string;
    body: string;
    silent?: boolean;
    urgency?: 'normal' | 'critical' | 'low';
  }): DesktopNotification;
  isSupported(): boolean;
}

export interface NotifierOptions {
  Notification: DesktopNotificationClass;
  gate: NotificationGate;
  /** Notifications on at all (Preferences). */
  enabled: () => boolean;
  /** The user muted this notification's cluster. */
  isMuted: (n: Notification) => boolean;
  /** A click: open the popover on what it is about. */
  onClick: (n: Notification) => void;
  log: Logger;
}

/**
 * Shows desktop notifications through the gate (de-duplicated, rate-limited, muted per
 * cluster). Each shown Notification object stays referenced until it is clicked, closed or
 * fails: a notification that is garbage-collected loses its click handler on macOS.
 */
export class Notifier {
  private readonly o: NotifierOptions;
  private readonly log: Logger;
  private readonly live = new Set<DesktopNotification>();

  constructor(o: NotifierOptions) {
    this.o = o;
    this.log = o.log.child({ part: 'notify' });
  }

  /** Shows it if the gate lets it through; returns whether it was shown. */
  notify(n: Notification): boolean {
    if (!this.o.enabled()) return false;
    const d = this.o.gate.decide(n, this.o.isMuted(n));
    if (!d.show) {
      this.log.debug('notification held back', { id: n.id, why: d.why });
      return false;
    }
    if (!this.o.Notification.isSupported()) {
      this.log.info('notifications not supported here', { title: d.notification.title });
      return false;
    }
    const shown = d.notification;
    const desktop = new this.o.Notification({
      title: shown.title,
      body: shown.body,
      silent: shown.severity === 'info',
      urgency: shown.severity === 'error' ? 'critical' : 'normal',
    });
    this.live.add(desktop);
    const forget = () => this.live.delete(desktop);
    desktop.on('click', () => {
      forget();
      this.o.onClick(shown);
    });
    desktop.on('close', forget);
    desktop.on('failed', (_e, error) => {
      forget();
      this.log.warn('notification failed', { id: shown.id, error: String(error) });
    });
    desktop.show();
    this.log.info('notified', { id: shown.id, kind: shown.kind, context: shown.context });
    return true;
  }

  /** How many notifications are kept alive, waiting for a click or a close. */
  get pending(): number {
    return this.live.size;
  }
}
