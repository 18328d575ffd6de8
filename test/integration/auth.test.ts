// RBAC is real: the restricted user reads pods but gets 403 on nodes and events; the
// bad-token user gets 401 on everything.
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const { seed } = fixtures;

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

describe.each(['a', 'b'])('users on tether-%s', (name) => {
  const cluster = h.cluster(name);

  it('restricted: pods yes, nodes and events 403', async () => {
    const api = cluster.kubeConfig('restricted').makeApiClient(CoreV1Api);
    expect(await statusOf(api.listNamespacedPod({ namespace: seed.namespace }))).toBe(200);
    expect(await statusOf(api.listNode())).toBe(403);
    expect(await statusOf(api.listNamespacedEvent({ namespace: seed.namespace }))).toBe(403);
  });

  it('bad token: 401', async () => {
    const api = cluster.kubeConfig('badtoken').makeApiClient(CoreV1Api);
    expect(await statusOf(api.listNamespacedPod({ namespace: seed.namespace }))).toBe(401);
    expect((await cluster.rawGet('/api/v1/nodes', { user: 'badtoken' })).status).toBe(401);
  });

  it('admin: everything', async () => {
    const api = cluster.kubeConfig().makeApiClient(CoreV1Api);
    expect(await statusOf(api.listNode())).toBe(200);
  });
});
