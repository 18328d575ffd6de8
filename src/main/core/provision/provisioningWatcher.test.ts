import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvisioningConnection } from '../../../shared/contract';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import { silentLogger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import { ProvisioningWatcher } from './provisioningWatcher';

const CD_PATH = '/apis/k0rdent.mirantis.com/v1beta1/clusterdeployments';

interface Stream {
  path: string;
  handlers: { onOpen(): void; onEvent(ev: unknown): void; onEnd(err?: Error): void };
}

/**
 * A fake API server for one context: discovery answers, lists from `objects`, and watch
 * streams the test drives by hand. `down` makes every list and watch fail as a dead server.
 */
class FakeApi {
  down = false;
  /** The ClusterDeployment CRD was removed: its group and resource answer 404. */
  crdGone = false;
  objects: Record<string, unknown>[] = [];
  streams: Stream[] = [];
  watchAttemptsAt: number[] = [];

  client(): ApiClient {
    const fake = {
      server: 'https://fake:6443',
      getJson: async (path: string) => {
        const bare = path.split('?')[0];
        if (this.crdGone && bare?.startsWith('/apis/k0rdent.mirantis.com'))
          throw new ApiError(404, 'not found');
        if (bare === '/apis/k0rdent.mirantis.com') return { versions: [{ version: 'v1beta1' }] };
        if (bare === '/apis/k0rdent.mirantis.com/v1beta1')
          return { resources: [{ name: 'clusterdeployments' }] };
        if (bare?.startsWith('/apis/cluster.x-k8s.io')) throw new ApiError(404, 'not found');
        if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
        if (bare === CD_PATH) return { metadata: { resourceVersion: '10' }, items: this.objects };
        if (bare === '/api/v1/events') return { metadata: { resourceVersion: '10' }, items: [] };
        throw new ApiError(404, 'not found');
      },
      openStream: async (path: string, handlers: Stream['handlers']) => {
        if (path.startsWith(CD_PATH)) this.watchAttemptsAt.push(Date.now());
        if (this.crdGone && path.startsWith(CD_PATH)) {
          queueMicrotask(() =>
            handlers.onEnd(new ApiError(404, 'the server could not find the requested resource')),
          );
          return () => {};
        }
        if (this.down) {
          queueMicrotask(() => handlers.onEnd(new Error('connect ECONNREFUSED 127.0.0.1:6443')));
          return () => {};
        }
        const stream = { path, handlers };
        this.streams.push(stream);
        queueMicrotask(() => handlers.onOpen());
        return () => {
          this.streams = this.streams.filter((s) => s !== stream);
        };
      },
      close: () => {},
    };
    return fake as unknown as ApiClient;
  }

  cdStream(): Stream | undefined {
    return this.streams.find((s) => s.path.startsWith(CD_PATH));
  }
}

function cd(name: string, rv: string, ready?: boolean): Record<string, unknown> {
  return {
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    kind: 'ClusterDeployment',
    metadata: {
      name,
      namespace: 'kcm-system',
      resourceVersion: rv,
      creationTimestamp: new Date().toISOString(),
    },
    status:
      ready === undefined
        ? {}
        : {
            conditions: [
              {
                type: 'Ready',
                status: ready ? 'True' : 'False',
                reason: ready ? 'Succeeded' : 'Progressing',
                message: '',
              },
              {
                type: 'CAPIClusterSummary',
                status: ready ? 'True' : 'Unknown',
                reason: 'InfoReported',
                message: '',
              },
            ],
          },
  };
}

describe('ProvisioningWatcher', () => {
  let api: FakeApi;
  let snapshots: ProvisioningSnapshot[];
  let states: (ProvisioningConnection & { at: number })[];
  let watcher: ProvisioningWatcher;
  const t0 = 1_700_000_000_000;

  const make = (namespaces?: string[]) =>
    new ProvisioningWatcher({
      context: 'ctx',
      client: api.client(),
      log: silentLogger,
      listener: {
        snapshot: (s) => snapshots.push(s),
        connection: (c) => states.push({ ...c, at: Date.now() - t0 }),
      },
      watchLossLimitMs: 10_000,
      ...(namespaces ? { namespaces } : {}),
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: t0 });
    api = new FakeApi();
    snapshots = [];
    states = [];
  });
  afterEach(() => {
    watcher.stop();
    vi.useRealTimers();
  });

  it('discovers, lists, follows changes and reports a deletion as the final snapshot', async () => {
    api.objects = [cd('dev', '5')];
    watcher = make();
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(watcher.phase).toBe('watching');
    expect(watcher.served()).toEqual({ clusterDeployments: 'k0rdent.mirantis.com/v1beta1' });
    expect(watcher.serves('CAPICluster')).toBe(false);
    expect(watcher.snapshot('ClusterDeployment', 'kcm-system', 'dev')).toMatchObject({
      phase: 'Initializing',
    });
    expect(watcher.openStreams()).toBe(2);

    api.cdStream()!.handlers.onEvent({ type: 'MODIFIED', object: cd('dev', '6', true) });
    expect(snapshots.at(-1)).toMatchObject({ name: 'dev', phase: 'Ready', terminal: true });
    const count = snapshots.length;
    api.cdStream()!.handlers.onEvent({ type: 'MODIFIED', object: cd('dev', '6', true) });
    expect(snapshots).toHaveLength(count); // same resourceVersion: nothing new

    api.cdStream()!.handlers.onEvent({ type: 'DELETED', object: cd('dev', '7', true) });
    expect(snapshots.at(-1)).toMatchObject({ name: 'dev', deleted: true, terminal: true });
    expect(watcher.snapshots()).toEqual([expect.objectContaining({ name: 'dev', deleted: true })]);
  });

  it('an object that vanished during a relist (410) is reported deleted', async () => {
    api.objects = [cd('dev', '5'), cd('prod', '5')];
    watcher = make();
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    api.objects = [cd('prod', '8')];
    api.cdStream()!.handlers.onEnd(new ApiError(410, 'too old resource version'));
    await vi.advanceTimersByTimeAsync(10);
    expect(snapshots.filter((s) => s.deleted).map((s) => s.name)).toEqual(['dev']);
  });

  it('keeps objects outside the namespace allow-list out', async () => {
    api.objects = [
      cd('dev', '5'),
      { ...cd('other', '5'), metadata: { name: 'other', namespace: 'team-b', resourceVersion: '5' } },
    ];
    watcher = make(['kcm-system']);
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(watcher.snapshots().map((s) => s.name)).toEqual(['dev']);
  });

  it('a lost watch: reconnecting at once, retries after 1, 2, 4 s…, lost after the limit, then ok again', async () => {
    api.objects = [cd('dev', '5')];
    watcher = make();
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(watcher.connection.state).toBe('ok');
    states.length = 0;
    api.watchAttemptsAt.length = 0;

    api.down = true;
    const lostAt = Date.now();
    for (const s of [...api.streams]) s.handlers.onEnd(new Error('read ECONNRESET'));
    await vi.advanceTimersByTimeAsync(0);
    expect(states[0]).toMatchObject({ state: 'reconnecting', attempts: 1 });

    await vi.advanceTimersByTimeAsync(12_000);
    const gaps = api.watchAttemptsAt.map((t) => t - lostAt);
    expect(gaps.slice(0, 3)).toEqual([1_000, 3_000, 7_000]);
    expect(watcher.connection.state).toBe('lost');
    expect(watcher.connection.message).toMatch(/ECONNREFUSED/);
    expect(states.filter((s) => s.state === 'lost')).toHaveLength(1);

    api.down = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(watcher.connection).toMatchObject({ state: 'ok', attempts: 0 });
  });

  it('a CRD removed while watched: its objects end as deleted, discovery asks again, no retry loop', async () => {
    api.objects = [cd('dev', '5')];
    watcher = make();
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(watcher.phase).toBe('watching');

    // Deleting a CRD ends its watch; the re-watch then finds the resource gone.
    api.crdGone = true;
    api.cdStream()!.handlers.onEnd();
    await vi.advanceTimersByTimeAsync(10);
    expect(watcher.phase).toBe('unavailable');
    expect(watcher.reason).toMatch(/serves neither k0rdent ClusterDeployments/);
    expect(vi.getTimerCount()).toBe(0); // not even the retry timer of a stopped watch
    expect(snapshots.at(-1)).toMatchObject({ name: 'dev', deleted: true });
    expect(watcher.snapshots()).toEqual([expect.objectContaining({ name: 'dev', deleted: true })]);
    expect(watcher.openStreams()).toBe(0);
    expect(api.streams.filter((st) => st.path.startsWith('/api/v1/events'))).toHaveLength(0);
    expect(states.map((s) => s.state)).not.toContain('reconnecting');
    const attempts = api.watchAttemptsAt.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(api.watchAttemptsAt).toHaveLength(attempts); // nothing keeps knocking on a 404

    // Installed again: the next look finds it and follows the objects again.
    api.crdGone = false;
    api.objects = [cd('dev', '9')];
    await vi.advanceTimersByTimeAsync(60_000);
    const ready = watcher.ready(1_000); // a look at an unavailable context asks again
    await vi.advanceTimersByTimeAsync(100);
    await ready;
    expect(watcher.phase).toBe('watching');
    expect(watcher.snapshot('ClusterDeployment', 'kcm-system', 'dev')).toMatchObject({ deleted: false });
  });

  it('stop leaves no stream open', async () => {
    api.objects = [cd('dev', '5')];
    watcher = make();
    watcher.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(api.streams).toHaveLength(2);
    watcher.stop();
    expect(api.streams).toHaveLength(0);
    expect(watcher.phase).toBe('stopped');
  });
});
