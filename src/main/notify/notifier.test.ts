import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createEventBus, type Notification } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import { NotificationGate, navigationFor } from '../../shared/logic/notify';
import { silentLogger } from '../core/app/log';
import { subscribeNotices } from './noticeSources';
import { Notifier, type DesktopNotificationClass } from './notifier';

class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  options: { title: string; body: string; silent?: boolean };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  show() {
    FakeNotification.shown.push(this);
  }
}

function summary(context: string, state: ClusterSummary['state'], reason?: string): ClusterSummary {
  return {
    context,
    state,
    reasons: reason ? [{ code: 'api-unreachable', severity: 'critical', message: reason }] : [],
    connectivity: state === 'Unhealthy' ? 'unreachable' : 'ok',
    lastCheckAt: 1,
    lastSuccessAt: null,
    latencyMs: null,
    nodes: null,
    pods: null,
    warningsLast5m: 0,
    disabledChecks: [],
    nextCheckAt: null,
  };
}

function setup(muted: string[] = []) {
  FakeNotification.shown = [];
  const clock = { t: 0 };
  const clicked: Notification[] = [];
  const notifier = new Notifier({
    Notification: FakeNotification as unknown as DesktopNotificationClass,
    gate: new NotificationGate(() => clock.t),
    enabled: () => true,
    isMuted: (n) => n.context !== undefined && muted.includes(n.context),
    onClick: (n) => clicked.push(n),
    log: silentLogger,
  });
  const bus = createEventBus(silentLogger);
  subscribeNotices(bus, (n) => notifier.notify(n));
  return { bus, notifier, clicked, clock };
}

describe('notifications from engine events', () => {
  it('a cluster turning Unhealthy notifies once, with the reason; recovery notifies', () => {
    const { bus } = setup();
    bus.emit('clusters:changed', summary('prod', 'Healthy'));
    bus.emit('clusters:changed', summary('prod', 'Unhealthy', 'API unreachable'));
    bus.emit('clusters:changed', summary('prod', 'Unhealthy', 'API unreachable'));
    bus.emit('clusters:changed', summary('prod', 'Healthy'));
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'prod is unhealthy', body: 'API unreachable', silent: false, urgency: 'critical' },
      { title: 'prod recovered', body: 'Healthy again.', silent: true, urgency: 'normal' },
    ]);
  });

  it('engine notifications (a forward that gave up, provisioning done) are shown as raised', () => {
    const { bus } = setup();
    bus.emit('notifications:new', {
      id: 'fw-1:failed:1',
      kind: 'forward.failed',
      severity: 'error',
      title: 'api:8080 stopped',
      body: 'Gave up after 5 retries: no ready pod for service/api',
      context: 'prod',
      target: { view: 'forward', params: { forwardId: 'fw-1' } },
    });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['api:8080 stopped']);
  });

  it('keeps each notification referenced until clicked or closed; a click routes to its cluster', () => {
    const { bus, notifier, clicked } = setup();
    bus.emit('clusters:changed', summary('prod', 'Unhealthy', 'API unreachable'));
    bus.emit('clusters:changed', summary('staging', 'Unhealthy', 'pod payments-7f9 OOMKilled'));
    expect(notifier.pending).toBe(2);
    FakeNotification.shown[0]!.emit('click');
    expect(notifier.pending).toBe(1);
    expect(clicked.map(navigationFor)).toEqual([
      { view: 'cluster', context: 'prod', params: { context: 'prod' } },
    ]);
    FakeNotification.shown[1]!.emit('close');
    expect(notifier.pending).toBe(0);
  });

  it('a muted cluster is silent; others still notify', () => {
    const { bus } = setup(['prod']);
    bus.emit('clusters:changed', summary('prod', 'Unhealthy', 'API unreachable'));
    bus.emit('clusters:changed', summary('staging', 'Unhealthy', 'API unreachable'));
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['staging is unhealthy']);
  });

  it('a flapping cluster does not storm', () => {
    const { bus, clock } = setup();
    for (let i = 0; i < 20; i++) {
      clock.t = i * 5000;
      bus.emit('clusters:changed', summary('prod', i % 2 ? 'Healthy' : 'Unhealthy', 'API unreachable'));
    }
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual([
      'prod is unhealthy',
      'prod recovered',
      'prod is unhealthy',
      'prod keeps changing state',
    ]);
  });

  it('shows nothing when notifications are switched off or unsupported', () => {
    FakeNotification.shown = [];
    const make = (enabled: boolean) =>
      new Notifier({
        Notification: FakeNotification as unknown as DesktopNotificationClass,
        gate: new NotificationGate(() => 0),
        enabled: () => enabled,
        isMuted: () => false,
        onClick: () => {},
        log: silentLogger,
      });
    const note: Notification = { id: 'x', kind: 'k', severity: 'info', title: 't', body: 'b' };
    expect(make(false).notify(note)).toBe(false);
    FakeNotification.supported = false;
    try {
      expect(make(true).notify(note)).toBe(false);
    } finally {
      FakeNotification.supported = true;
    }
    expect(FakeNotification.shown).toEqual([]);
    expect(make(true).notify(note)).toBe(true);
  });
});
