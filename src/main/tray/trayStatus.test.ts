import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch, EventBus, EventName, Reply } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import type { TrayView } from '../../shared/logic/tray';
import { TrayStatus } from './trayStatus';

/** What the fake engine answers for `clusters:list` and `forwards:list`. */
function fakeEngine() {
  const state = {
    clusters: [] as Pick<ClusterSummary, 'context' | 'state' | 'reasons'>[],
    forwards: [] as { state: string }[],
    reads: 0,
  };
  const dispatch = (async (channel: unknown): Promise<Reply> => {
    state.reads++;
    if (channel === 'clusters:list') return { ok: true, value: { clusters: state.clusters } };
    if (channel === 'forwards:list') return { ok: true, value: { forwards: state.forwards } };
    return { ok: false, error: { code: 'unknown-channel', message: String(channel) } };
  }) as Dispatch;
  const listeners = new Set<(c: EventName, p: unknown) => void>();
  const bus = {
    subscribe: (l: (c: EventName, p: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as EventBus;
  const emit = (channel: string, payload: unknown = {}) => {
    for (const l of listeners) l(channel as EventName, payload);
  };
  return { state, dispatch, bus, emit, listeners };
}

function setup() {
  const engine = fakeEngine();
  const views: TrayView[] = [];
  const status = new TrayStatus(engine, (v) => views.push(v), 100);
  return { ...engine, views, status };
}

describe('TrayStatus (engine → tray icon and tooltip)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('computes the first view at start, then follows cluster events (debounced)', async () => {
    const { state, views, status, emit } = setup();
    expect(await status.start()).toEqual({ state: 'unknown', tooltip: 'Tether — no clusters monitored' });
    state.clusters = [
      {
        context: 'prod',
        state: 'Unhealthy',
        reasons: [{ code: 'api-unreachable', severity: 'critical', message: 'API unreachable' }],
      },
    ];
    const readsBefore = state.reads;
    for (let i = 0; i < 5; i++) emit('clusters:changed');
    await vi.advanceTimersByTimeAsync(100);
    // A burst of five events costs one read of each list.
    expect(state.reads - readsBefore).toBe(2);
    expect(views.at(-1)).toEqual({ state: 'unhealthy', tooltip: 'Tether — prod unhealthy: API unreachable' });
    expect(status.current().map((c) => c.context)).toEqual(['prod']);
  });

  it('only calls back when the icon or the tooltip changed', async () => {
    const { views, status, emit } = setup();
    await status.start();
    emit('forwards:changed');
    await vi.advanceTimersByTimeAsync(100);
    expect(views).toHaveLength(1);
  });

  it('a forward reconnecting makes it busy; failed makes it unhealthy; counts every saved forward', async () => {
    const { state, views, status, emit } = setup();
    state.clusters = [{ context: 'a', state: 'Healthy', reasons: [] }];
    state.forwards = [{ state: 'Active' }, { state: 'Reconnecting' }, { state: 'Stopped' }];
    await status.start();
    expect(views.at(-1)?.state).toBe('busy');
    expect(status.forwardCount()).toBe(3);
    state.forwards = [{ state: 'Active' }, { state: 'Failed' }];
    emit('forwards:changed');
    await vi.advanceTimersByTimeAsync(100);
    expect(views.at(-1)).toEqual({
      state: 'unhealthy',
      tooltip: 'Tether — 1 cluster healthy · 1 forward failed',
    });
  });

  it('an active provisioning makes it busy until it is Ready or its subscription ends', async () => {
    const { state, views, status, emit } = setup();
    state.clusters = [{ context: 'mgmt', state: 'Healthy', reasons: [] }];
    await status.start();
    expect(views.at(-1)?.state).toBe('healthy');
    emit('provisioning:changed', { subscriptionId: 's1', active: true, snapshot: { phase: 'Provisioning' } });
    await vi.advanceTimersByTimeAsync(100);
    expect(views.at(-1)).toEqual({ state: 'busy', tooltip: 'Tether — 1 cluster healthy · 1 provisioning' });
    emit('provisioning:changed', { subscriptionId: 's1', active: true, snapshot: { phase: 'Ready' } });
    await vi.advanceTimersByTimeAsync(100);
    expect(views.at(-1)?.state).toBe('healthy');
    emit('provisioning:changed', { subscriptionId: 's2', active: true, snapshot: { phase: 'Scaling' } });
    emit('provisioning:changed', { subscriptionId: 's2', active: false, snapshot: { phase: 'Scaling' } });
    await vi.advanceTimersByTimeAsync(100);
    expect(views.at(-1)?.state).toBe('healthy');
  });

  it('stop unsubscribes and drops a pending recompute', async () => {
    const { state, status, emit, listeners } = setup();
    await status.start();
    emit('clusters:changed');
    status.stop();
    const reads = state.reads;
    await vi.advanceTimersByTimeAsync(500);
    expect(state.reads).toBe(reads);
    expect(listeners.size).toBe(0);
  });
});
