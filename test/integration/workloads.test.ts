// Workload faults behave as on a real cluster: controllers replace pods, rollouts make
// new pod names, crash loops raise the restart count.
import { describe, expect, it } from 'vitest';
import { fixtures, waitFor } from '../harness/index.ts';
import type { PodJson } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const { seed } = fixtures;
const cluster = h.cluster('b');
const restarts = (p: PodJson) => p.status?.containerStatuses?.[0]?.restartCount ?? 0;

describe('workload faults', () => {
  it('rollout restart yields a new pod name that reaches Running', async () => {
    const ns = 'rollout';
    await fixtures.createNamespace(cluster, ns);
    await fixtures.createApp(cluster, { namespace: ns, name: 'api' });
    const [before] = await fixtures.listPods(cluster, ns, 'app=api');
    await fixtures.rolloutRestart(cluster, ns, 'api');
    const [after] = await fixtures.waitForRunningPods(cluster, ns, 'app=api', 1);
    expect(after?.metadata.name).toBeTruthy();
    expect(after?.metadata.name).not.toBe(before?.metadata.name);
    expect(after?.status?.phase).toBe('Running');
  });

  it('a deleted deployment pod is replaced under a new name', async () => {
    const ns = seed.namespace;
    const [victim] = await fixtures.listPods(cluster, ns, `app=${seed.echo.name}`);
    if (!victim) throw new Error('seed echo pod missing');
    await fixtures.deletePod(cluster, ns, victim.metadata.name);
    const replacement = await waitFor(
      async () =>
        (await fixtures.listPods(cluster, ns, `app=${seed.echo.name}`)).find(
          (p) =>
            p.metadata.name !== victim.metadata.name && p.status?.phase === 'Running' && fixtures.isReady(p),
        ),
      { what: 'a running replacement echo pod' },
    );
    expect(replacement.metadata.name).not.toBe(victim.metadata.name);
  });

  it("the CrashLoopBackOff pod's restart count rises", async () => {
    const ns = seed.namespace;
    const first = await fixtures.waitForPod(cluster, ns, seed.pods.crashLoop, () => true);
    const later = await fixtures.waitForPod(
      cluster,
      ns,
      seed.pods.crashLoop,
      (p) => restarts(p) >= restarts(first) + 2,
      'two more restarts',
      30_000,
    );
    expect(restarts(later)).toBeGreaterThanOrEqual(restarts(first) + 2);
    const waiting = await fixtures.waitForPod(
      cluster,
      ns,
      seed.pods.crashLoop,
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
    );
    expect(waiting.status?.containerStatuses?.[0]?.ready).toBe(false);
  });

  it('makePodCrash turns a running pod into a crash loop', async () => {
    const ns = seed.namespace;
    await fixtures.createPod(cluster, { namespace: ns, name: 'healthy-then-not', state: 'running' });
    await fixtures.makePodCrash(cluster, ns, 'healthy-then-not');
    const crashed = await fixtures.waitForPod(
      cluster,
      ns,
      'healthy-then-not',
      (p) => restarts(p) > 0,
      'first restart',
    );
    expect(crashed.status?.phase).toBe('Running');
    await cluster.kubectl(['delete', 'pod', 'healthy-then-not', '-n', ns, '--wait=false']);
  });
});
