// The engine's list+watch against the real API server, down the path a long-lived informer
// meets sooner or later: its resourceVersion has been compacted away, the watch answers
// 410 Gone, and the informer must relist — and learn what changed while it was away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { ListWatch } from '../../src/main/core/watch/listWatch';
import { memoryLogger } from '../support/memoryLogger';
import { fixtures, startHarness, waitFor } from '../harness/index.ts';
import type { ClusterHandle, Harness } from '../harness/index.ts';

// A dedicated cluster: compacting etcd and restarting the API server under the shared ones
// would disturb the tests that run after this file (kwok's and the controllers' own watches).
let harness: Harness;
let a: ClusterHandle;
const NS = 'informer-gone';

/** etcd's JSON gateway (kwokctl serves etcd over plain http on loopback). */
async function etcd<T>(path: string, body: object): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${a.info.ports.etcd}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`etcd ${path}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

describe('list+watch against the real API server', () => {
  const log = memoryLogger();
  let client: ApiClient;
  let informer: ListWatch<string>;
  const errors: unknown[] = [];

  beforeAll(async () => {
    harness = await startHarness({ clusters: ['gone'] });
    a = harness.cluster('gone');
    const { merged } = await loadKubeconfig([harness.kubeconfigPath]);
    client = new ApiClient(accessFor(merged, a.context));
    await fixtures.createNamespace(a, NS);
    await a.kubectl(['create', 'configmap', 'first', '-n', NS, '--from-literal=k=v']);
    informer = new ListWatch<string>({
      client,
      path: `/api/v1/namespaces/${NS}/configmaps`,
      digest: (raw) => (raw as { metadata?: { name?: string } }).metadata?.name ?? null,
      onSync: () => {},
      onChange: () => {},
      onError: (e) => void errors.push(e),
      log,
      requestTimeoutMs: 10_000,
      backoff: { initialMs: 200, maxMs: 1_000, minMs: 100, jitter: 'equal' },
    });
    informer.start();
    await waitFor(async () => informer.synced && informer.watching, { what: 'informer synced and watching' });
  });

  afterAll(async () => {
    informer?.stop();
    client?.close();
    await harness?.stop();
  });

  it('a change arrives through the watch', async () => {
    await a.kubectl(['create', 'configmap', 'second', '-n', NS, '--from-literal=k=v']);
    await waitFor(async () => [...informer.items().values()].includes('second'), {
      what: 'second via watch',
    });
  });

  it('compacted while the API server was down: 410 Gone → relist, then watching again with nothing lost', async () => {
    await a.stopApiServer();
    // Move etcd past the informer's resourceVersion and compact: the version it will ask
    // to resume from no longer exists anywhere.
    const put = await etcd<{ header: { revision: string } }>('/v3/kv/put', {
      key: Buffer.from('/tether-test/bump').toString('base64'),
      value: Buffer.from(String(Date.now())).toString('base64'),
    });
    await etcd('/v3/kv/compaction', { revision: put.header.revision, physical: true });
    await a.startApiServer();
    // Made after the restart, but also proof the relisted informer is watching again.
    await a.kubectl(['create', 'configmap', 'third', '-n', NS, '--from-literal=k=v']);
    await waitFor(async () => [...informer.items().values()].includes('third'), {
      timeoutMs: 60_000,
      what: 'third after the relist',
    });
    const relists = log.records.filter((r) => r.msg === 'relisting');
    expect(relists.map((r) => String(r.fields.why))).toEqual(
      expect.arrayContaining([expect.stringMatching(/410 Gone/)]),
    );
    // The relist rebuilt the store from the server: nothing lost, nothing duplicated.
    const names = [...informer.items().values()].filter((n) => n !== 'kube-root-ca.crt').sort();
    expect(names).toEqual(['first', 'second', 'third']);
  });
});
