// API server faults on a dedicated cluster (cheap: one starts in seconds), so the shared
// clusters stay healthy for other tests.
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, RequestFailed, startHarness, waitFor } from '../harness/index.ts';
import type { ClusterHandle, Harness } from '../harness/index.ts';

let harness: Harness;
let c: ClusterHandle;

beforeAll(async () => {
  const t0 = performance.now();
  harness = await startHarness({ clusters: ['fault'] });
  c = harness.cluster('fault');
  console.log(
    `dedicated cluster: started in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
      `${Math.round(c.memoryBytes() / 2 ** 20)} MiB resident`,
  );
});

afterAll(async () => {
  await harness?.stop();
});

// Whatever a test did, the next one starts with a running, unpaused API server.
afterEach(async () => {
  await c?.startApiServer();
});

async function failure(p: Promise<unknown>): Promise<RequestFailed> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RequestFailed)) throw new Error(`expected the request to fail, got ${String(err)}`);
  return err;
}

describe('API server faults', () => {
  it('stopped: a request fails within its timeout; started: it succeeds again on the same port', async () => {
    await c.kubectl(['create', 'configmap', 'survivor', '--from-literal=k=v']);
    const pidBefore = c.pid('kube-apiserver');
    const serverBefore = c.server;

    await c.stopApiServer();
    const err = await failure(c.rawGet('/readyz', { timeoutMs: 3_000 }));
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.elapsedMs).toBeLessThan(3_000);
    const api = c.kubeConfig().makeApiClient(CoreV1Api);
    await expect(api.listNamespace()).rejects.toThrow();

    const t0 = performance.now();
    await c.startApiServer();
    console.log(`API server restart took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(c.server).toBe(serverBefore);
    expect(c.pid('kube-apiserver')).not.toBe(pidBefore);
    expect((await c.rawGet('/readyz')).status).toBe(200);
    // etcd kept running: data written before the crash is still there.
    const cm = await api.readNamespacedConfigMap({ name: 'survivor', namespace: 'default' });
    expect(cm.data).toEqual({ k: 'v' });
  });

  it('paused (SIGSTOP): a request hangs until its timeout; resumed: answers again', async () => {
    await c.pauseApiServer();
    try {
      const err = await failure(c.rawGet('/readyz', { timeoutMs: 2_000 }));
      expect(err.code).toBe('ETIMEDOUT');
      expect(err.elapsedMs).toBeGreaterThanOrEqual(1_900);
    } finally {
      c.resumeApiServer();
    }
    expect((await c.rawGet('/readyz', { timeoutMs: 10_000 })).status).toBe(200);
  });

  it('after an outage longer than a lease, deployments make pods and pods get scheduled again', async () => {
    // Leader election would end the controller manager and the scheduler once the 10 s
    // renew deadline passed, and their reflectors would resume only after a backoff of up
    // to a minute: later tests on the cluster would find deployments making no pods.
    await fixtures.createNodes(c, [{ name: 'fault-node' }]);
    await c.stopApiServer();
    await new Promise((r) => setTimeout(r, 12_000));
    await c.startApiServer();
    expect(c.pid('kube-controller-manager')).toBeDefined();
    expect(c.pid('kube-scheduler')).toBeDefined();
    await c.kubectl(['create', 'deployment', 'after-outage', '--image=echo', '--replicas=1']);
    await waitFor(
      async () => {
        const r = await c.kubectl([
          'get',
          'pods',
          '-l',
          'app=after-outage',
          '-o',
          'jsonpath={.items[*].spec.nodeName}',
        ]);
        return String(r.stdout).trim() !== '';
      },
      { timeoutMs: 30_000, what: 'a scheduled pod made by the deployment after the outage' },
    );
  });

  it('start also recovers a paused server', async () => {
    await c.pauseApiServer();
    await c.startApiServer();
    expect((await c.rawGet('/readyz')).status).toBe(200);
  });
});
