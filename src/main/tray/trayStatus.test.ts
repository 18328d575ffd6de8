import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch, EventBus, EventName, Reply } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import type { TrayView } from '../../shared/logic/tray';
import { TrayStatus } from './trayStatus';

/** What the fake engine answers for `clusters:list` and `forwards:list`, and how often it was asked. */
function fakeEngine() {
  const state = {
    clusters: [] as Pick<ClusterSummary, 'context' | 'state' | 'reasons'>[],
    forwards: [] as { spec: { id: string; context: string }; state: string }[],
    reads: { 'clusters:list': 0, 'forwards:list': 0 } as Record<string, number>,
  };
  const dispatch = (async (channel: string): Promise<Reply> => {
    state.reads[channel] = (state.reads[channel] ?? 0) + 1;
    if (channel === 'clusters:list') return { ok: true, value: { clusters: state.clusters } };
    if (channel === 'forwards:list') return { ok: true, value: { forwards: state.forwards } };
    return { ok: false, error: { code: 'unknown-channel', message: String(channel) } };
  }) as unknown as Dispatch;
  const listeners = new Set<{ channel: string; fn: (p: unknown) => void }>();
  const bus = {
    on: (channel: string, fn: (p: unknown) => void) => {
      const entry = { channel, fn };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  } as unknown as Pick<EventBus, 'on'>;
  const emit = (channel: EventName, payload: unknown) => {
    for (const l of listeners) if (l.channel === channel) l.fn(payload);
  };
  const reads = () => ({ ...state.reads });
  return { state, dispatch, bus, emit, listeners, reads };
}

const summary = (
  context: string,
  state: ClusterSummary['state'],
  message?: string,
): Pick<ClusterSummary, 'context' | 'state' | 'reasons'> => ({
  context,
  state,
  reasons: message ? [{ code: 'api-unreachable', severity: 'critical', message }] : [],
});
const forward = (id: string, state: string, context = 'a') => ({
  id,
  status: { spec: { id, context }, state },
});

function setup() {
  const engine = fakeEngine();
  const views: TrayView[] = [];
  const status = new TrayStatus(engine, (v) => views.push(v), 100);
  return { ...engine, views, status };
}

describe('TrayStatus (engine → tray icon and tooltip)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('computes the first view at start, then follows cluster summaries without reading again', async () => {
    const { views, status, emit, reads } = setup();
    expect(await status.start()).toEqual({ state: 'unknown', tooltip: 'Tether — no clusters monitored' });
    const before = reads();
    for (let i = 0; i < 5; i++) emit('clusters:changed', summary('prod', 'Unhealthy', 'API unreachable'));
    await vi.advanceTimersByTimeAsync(100);
    // A burst of five events costs one recompute and no read: the summaries are the news.
    expect(reads()).toEqual(before);
    expect(views).toHaveLength(2);
    expect(views.at(-1)).toEqual({ state: 'unhealthy', tooltip: 'Tether — prod unhealthy: API unreachable' });
    expect(status.current().map((c) => c.context)).toEqual(['prod']);
  });

  it('only calls back when the icon or the tooltip changed', async () => {
    const { state, views, status, emit } = setup();
    state.forwards = [forward('f', 'Active').status];
    await status.start();
    emit('forwards:changed', forward('f', 'Active'));
    await vi.advanceTimersByTimeAsync(100);
    expect(views).toHaveLength(1);
  });

  it('a forward reconnecting makes it busy; failed makes it unhealthy; counts every saved forward', async () => {
    const { state, views, status, emit } = setup();
    state.clusters = [summary('a', 'Healthy')];
    state.forwards = [forward('f1', 'Active'), forward('f2', 'Reconnecting'), forward('f3', 'Stopped')].map(
      (f) => f.status,
    );
    await status.start();
    expect(views.at(-1)?.state).toBe('busy');
    expect(status.forwardCount()).toBe(3);
    emit('forwards:changed', forward('f2', 'Failed'));
    emit('forwards:changed', { id: 'f3', status: null });
    await vi.advanceTimersByTimeAsync(100);
    expect(status.forwardCount()).toBe(2);
    expect(views.at(-1)).toEqual({
      state: 'unhealthy',
      tooltip: 'Tether — 1 cluster healthy · 1 forward failed',
    });
  });

  it('traffic updates of a forward cost no read; a forward that stops re-reads the clusters only', async () => {
    const { state, views, status, emit, reads } = setup();
    state.clusters = [summary('a', 'Healthy')];
    state.forwards = [forward('f', 'Active').status];
    await status.start();
    const before = reads();
    for (let i = 0; i < 3; i++) emit('forwards:changed', forward('f', 'Active'));
    await vi.advanceTimersByTimeAsync(100);
    expect(reads()).toEqual(before);
    // Stopped, the forward lets its cluster go: the engine no longer lists it.
    state.clusters = [];
    emit('forwards:changed', forward('f', 'Stopped'));
    await vi.advanceTimersByTimeAsync(100);
    expect(reads()).toEqual({ ...before, 'clusters:list': before['clusters:list']! + 1 });
    expect(views.at(-1)).toEqual({ state: 'unknown', tooltip: 'Tether — no clusters monitored' });
  });

  it('a kubeconfig change reads the cluster list again', async () => {
    const { state, status, emit, reads } = setup();
    state.clusters = [summary('a', 'Healthy'), summary('b', 'Healthy')];
    await status.start();
    const before = reads()['clusters:list']!;
    state.clusters = [summary('a', 'Healthy')];
    emit('contexts:changed', { files: [], contexts: [], problems: [] });
    await vi.advanceTimersByTimeAsync(100);
    expect(reads()['clusters:list']).toBe(before + 1);
    expect(status.current().map((c) => c.context)).toEqual(['a']);
  });

  it('clusters:monitored (any client switched a context off) replaces the clusters without reading again', async () => {
    const { state, views, status, emit, reads } = setup();
    state.clusters = [summary('a', 'Healthy'), summary('b', 'Unhealthy', 'API unreachable')];
    await status.start();
    expect(views.at(-1)?.state).toBe('unhealthy');
    const before = reads();
    emit('clusters:monitored', { clusters: [summary('a', 'Healthy')], monitored: ['a'], problems: [] });
    await vi.advanceTimersByTimeAsync(100);
    expect(status.current().map((c) => c.context)).toEqual(['a']);
    expect(views.at(-1)?.state).toBe('healthy');
    expect(reads()).toEqual(before);
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
    const { views, status, emit, listeners, reads } = setup();
    await status.start();
    emit('forwards:changed', forward('f', 'Failed'));
    status.stop();
    const before = reads();
    await vi.advanceTimersByTimeAsync(500);
    expect(reads()).toEqual(before);
    expect(views).toHaveLength(1);
    expect(listeners.size).toBe(0);
  });
});
