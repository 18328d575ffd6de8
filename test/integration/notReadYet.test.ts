// A cluster whose API answers before its lists are in must not read "all checks pass": the
// verdict then rests on the API alone, and the summary says what is not read yet. The lists
// are held back by the monitor's own list gate (the engine shares one across every cluster,
// so on a busy start a cluster's lists do wait their turn), then let through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterMonitor } from '../../src/main/core/clusters/clusterMonitor';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import type { ClusterSummary } from '../../src/shared/domain/health';
import { resolveHealthConfig } from '../../src/shared/logic/health/config';
import { waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');

describe('a cluster before its first lists are in (real API server)', () => {
  const log = memoryLogger();
  let client: ApiClient;
  let monitor: ClusterMonitor;
  let summary: ClusterSummary | undefined;
  /** Lists wait here until the test opens the gate. */
  let open!: () => void;
  const gateOpen = new Promise<void>((resolve) => (open = resolve));
  let held = 0;

  beforeAll(async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    client = new ApiClient(accessFor(merged, a.context));
    monitor = new ClusterMonitor({
      context: a.context,
      client,
      config: resolveHealthConfig(undefined, undefined, a.context),
      log,
      onSummary: (s) => (summary = s),
      listGate: async (run) => {
        held++;
        await gateOpen;
        return run();
      },
    });
    monitor.start();
  });

  afterAll(() => {
    open();
    monitor?.stop();
    client?.close();
  });

  it('the API answers, the lists are held: Healthy says "nodes and pods not read yet", not "all checks pass"; once they are in, the reason goes', async () => {
    const waiting = await waitFor(
      async () => {
        const s = monitor.summary();
        return s.state === 'Healthy' && held > 0 ? s : undefined;
      },
      { timeoutMs: 20_000, what: 'Healthy from the API with its lists held' },
    );
    expect(waiting.pods).toBeNull();
    expect(waiting.nodes).toBeNull();
    expect(waiting.reasons[0]).toMatchObject({
      code: 'not-checked',
      severity: 'info',
      message: 'nodes and pods not read yet',
      detail: 'the API answers; the first list is still loading',
    });

    open();
    const read = await waitFor(
      async () => {
        const s = monitor.summary();
        return s.pods !== null && s.nodes !== null ? s : undefined;
      },
      { timeoutMs: 20_000, what: 'the lists in' },
    );
    expect(read.reasons.some((r) => r.code === 'not-checked')).toBe(false);
    // What kubectl counts is what the summary counts.
    const kubectlNodes = await a.getJson<{ items: unknown[] }>(['nodes']);
    expect(read.nodes?.total).toBe(kubectlNodes.items.length);
    expect(summary?.reasons.some((r) => r.code === 'not-checked')).toBe(false);
  });
});
