// The shared clusters are real Kubernetes API servers at the pinned version, reachable
// with @kubernetes/client-node through the merged kubeconfig, with fixtures.seed's objects in place.
import { readFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { fixtures, versions } from '../harness/index.ts';
import type { PodJson } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const { seed } = fixtures;

describe('shared clusters', () => {
  it('exposes the merged kubeconfig to tests and child processes', () => {
    expect(process.env.TETHER_TEST_KUBECONFIG).toBe(h.kubeconfigPath);
    const kc = new KubeConfig();
    kc.loadFromFile(h.kubeconfigPath);
    expect(kc.getContexts().map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'tether-a',
        'tether-a-restricted',
        'tether-a-badtoken',
        'tether-b',
        'tether-b-badtoken',
      ]),
    );
  });

  it('keeps token users free of the admin certificate', () => {
    const kc = new KubeConfig();
    kc.loadFromFile(h.kubeconfigPath);
    const user = kc.getUser('tether-a-restricted');
    expect(user?.token).toBeTruthy();
    expect(user?.certData ?? user?.certFile).toBeFalsy();
    expect(readFileSync(h.kubeconfigPath, 'utf8')).not.toContain('/pki/');
  });

  it('lists pods in both clusters with @kubernetes/client-node', async () => {
    for (const name of ['a', 'b']) {
      const api = h.cluster(name).kubeConfig().makeApiClient(CoreV1Api);
      const pods = await api.listNamespacedPod({ namespace: seed.namespace });
      const names = pods.items.map((p) => p.metadata?.name);
      expect(names).toEqual(expect.arrayContaining([seed.pods.crashLoop, seed.pods.pending]));
      expect(pods.items.filter((p) => p.metadata?.labels?.app === seed.web.name)).toHaveLength(
        seed.web.replicas,
      );
    }
  });

  it('runs the pinned Kubernetes version on separate ports', async () => {
    const [a, b] = [h.cluster('a'), h.cluster('b')];
    expect(a.server).not.toBe(b.server);
    const version = JSON.parse((await a.rawGet('/version')).body) as { gitVersion: string };
    expect(version.gitVersion).toBe(versions.kubernetes);
    const client = await a.kubectl(['version', '--client', '-o', 'json']);
    expect(JSON.parse(String(client.stdout)).clientVersion.gitVersion).toBe(versions.kubernetes);
  });

  it('has Ready and NotReady nodes and pods in every state', async () => {
    const c = h.cluster('a');
    const nodes = await c.getJson<{ items: { metadata: { name: string } }[] }>(['nodes']);
    const ready = Object.fromEntries(
      await Promise.all(
        nodes.items.map(async (n) => [
          n.metadata.name,
          fixtures.nodeReadyStatus(await c.getJson(['node', n.metadata.name])),
        ]),
      ),
    );
    expect(ready).toMatchObject({
      'kwok-node-0': 'True',
      'kwok-node-1': 'True',
      [seed.nodes.notReady]: 'False',
    });

    const phase = async (name: string) =>
      (await c.getJson<PodJson>(['pod', name, '-n', seed.namespace])).status?.phase;
    expect(await phase(seed.pods.pending)).toBe('Pending');
    expect(await phase(seed.pods.failed)).toBe('Failed');
    expect(await phase(seed.pods.succeeded)).toBe('Succeeded');
  });

  it('has Normal and Warning events', async () => {
    const events = await h
      .cluster('b')
      .getJson<{ items: { type: string; reason: string }[] }>(['events', '-n', seed.namespace]);
    const reasons = events.items.map((e) => `${e.type}/${e.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining(['Normal/Scheduled', 'Warning/Unhealthy', 'Warning/BackOff']),
    );
  });
});
