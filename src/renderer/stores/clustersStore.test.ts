import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeEngine, summary } from '../testing/fakeEngine';
import { bindClusters, resetClustersStore, SPARK_POINTS, useClustersStore } from './clustersStore';

afterEach(() => {
  vi.useRealTimers();
  resetClustersStore();
});

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('clusters store', () => {
  it('a burst of events becomes one store write; the last summary per cluster wins', async () => {
    vi.useFakeTimers();
    const e = fakeEngine({
      'clusters:list': () => ({ clusters: [], monitored: ['a', 'b'], problems: [] }),
      'clusters:history': () => ({ samples: [] }),
    });
    const off = bindClusters(e.client);
    await vi.runAllTimersAsync();
    let writes = 0;
    const unsub = useClustersStore.subscribe(() => writes++);
    for (let i = 0; i < 20; i++) {
      e.emit('clusters:changed', summary('a', { latencyMs: i, lastCheckAt: 1000 + i }));
      e.emit('clusters:changed', summary('b', { state: 'Degraded', lastCheckAt: 1000 + i }));
    }
    expect(writes).toBe(0);
    await vi.advanceTimersByTimeAsync(60);
    expect(writes).toBe(1);
    expect(useClustersStore.getState().byContext.a!.latencyMs).toBe(19);
    expect(useClustersStore.getState().byContext.b!.state).toBe('Degraded');
    unsub();
    off();
  });

  it('the sparkline gets one point per check, capped, seeded from history', async () => {
    const e = fakeEngine({
      'clusters:list': () => ({
        clusters: [summary('a', { latencyMs: 5, lastCheckAt: 1 })],
        monitored: ['a'],
        problems: [],
      }),
      'clusters:history': () => ({
        samples: [1, 2, 3].map((i) => ({
          t: i,
          latencyMs: i * 100,
          podsReady: 1,
          podsTotal: 1,
          restarts: 0,
          warningsPerMin: 0,
        })),
      }),
    });
    const off = bindClusters(e.client);
    await flush();
    await flush();
    expect(useClustersStore.getState().latency.a).toEqual([100, 200, 300, 5]);
    e.emit('clusters:changed', summary('a', { latencyMs: 5, lastCheckAt: 1 })); // same check again
    await new Promise((r) => setTimeout(r, 60));
    expect(useClustersStore.getState().latency.a).toHaveLength(4);
    for (let i = 0; i < 40; i++) {
      e.emit('clusters:changed', summary('a', { latencyMs: i, lastCheckAt: 10 + i }));
      await new Promise((r) => setTimeout(r, 55));
    }
    expect(useClustersStore.getState().latency.a).toHaveLength(SPARK_POINTS);
    expect(useClustersStore.getState().latency.a!.at(-1)).toBe(39);
    off();
  }, 10_000);

  it('ignores a late event for a context that is no longer monitored, and reloads on kubeconfig change', async () => {
    let monitored = ['a', 'b'];
    const e = fakeEngine({
      'clusters:list': () => ({ clusters: [], monitored, problems: [] }),
      'clusters:history': () => ({ samples: [] }),
    });
    const off = bindClusters(e.client);
    await flush();
    monitored = ['a'];
    e.emit('contexts:changed', { files: [], contexts: [], problems: [] });
    await flush();
    await flush();
    expect(useClustersStore.getState().monitored).toEqual(['a']);
    e.emit('clusters:changed', summary('b'));
    await new Promise((r) => setTimeout(r, 60));
    expect(useClustersStore.getState().byContext.b).toBeUndefined();
    off();
  });

  it('clusters:monitored from another client: a context switched off loses its row and summary, one switched on gets its history', async () => {
    const asked: string[] = [];
    const e = fakeEngine({
      'clusters:list': () => ({
        clusters: [summary('a', { lastCheckAt: 1 }), summary('b', { lastCheckAt: 1 })],
        monitored: ['a', 'b'],
        problems: [],
      }),
      'clusters:history': ({ context }: { context: string }) => {
        asked.push(context);
        return { samples: [] };
      },
    });
    const off = bindClusters(e.client);
    await flush();
    await flush();
    expect(Object.keys(useClustersStore.getState().byContext).sort()).toEqual(['a', 'b']);
    asked.length = 0;
    e.emit('clusters:monitored', {
      clusters: [summary('a', { lastCheckAt: 2 }), summary('c', { lastCheckAt: 2 })],
      monitored: ['a', 'c'],
      problems: [{ context: 'c', message: 'kubeconfig unreadable' }],
    });
    await flush();
    const s = useClustersStore.getState();
    expect(s.monitored).toEqual(['a', 'c']);
    expect(s.byContext.b).toBeUndefined();
    expect(s.byContext.c?.lastCheckAt).toBe(2);
    expect(s.problems).toEqual({ c: 'kubeconfig unreadable' });
    // Only the newly monitored context's sparkline is seeded.
    expect(asked).toEqual(['c']);
    off();
  });

  it('a failed list is an error state with the message', async () => {
    const off = bindClusters(fakeEngine({}).client);
    await flush();
    await flush();
    expect(useClustersStore.getState()).toMatchObject({ status: 'error' });
    expect(useClustersStore.getState().error).toMatch(/no handler for clusters:list/);
    off();
  });
});
