import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings } from '../../src/main/core/settings/engineSettings';
import type { ClusterSummary } from '../../src/shared/domain/health';
import { fixtures, waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

/** Settings kept in memory so each test states exactly which contexts it monitors and how. */
const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');
const HEALTHY_NS = 'tether-health-ok';

describe('cluster health engine against the real API server', () => {
  let engine: Engine;
  const log = memoryLogger();

  beforeAll(async () => {
    // A namespace with only a running app: with node checks off and the namespace scoped,
    // this context has nothing wrong with it.
    await fixtures.createNamespace(a, HEALTHY_NS);
    await fixtures.createApp(a, {
      namespace: HEALTHY_NS,
      name: 'calm',
      port: 80,
      containerPort: 8080,
      replicas: 2,
    });
    await fixtures.waitForRunningPods(a, HEALTHY_NS, 'app=calm', 2);
    const settings = defaultEngineSettings();
    settings.monitoredContexts = [a.context, b.context, a.contextFor('restricted'), a.contextFor('badtoken')];
    settings.health = {
      contexts: {
        // The "healthy" view of cluster a: scoped to one namespace, node check off.
        [a.context]: { namespaces: [HEALTHY_NS], checks: { nodeStatus: false } },
      },
    };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-health-')),
      mode: 'headless',
      log,
      env: { KUBECONFIG: h.kubeconfigPath },
      settingsStorage: memoryStorage(settings),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await a.kubectl(['delete', 'namespace', HEALTHY_NS, '--wait=false'], { reject: false });
  });

  const summaryOf = (context: string) => engine.clusters.monitor(context).summary();
  const waitState = (context: string, state: string, timeoutMs = 20_000) =>
    waitFor(async () => summaryOf(context).state === state, {
      timeoutMs,
      intervalMs: 100,
      what: `${context} ${state}`,
    });

  it('one monitor per context, however many holders', () => {
    engine.clusters.acquire(a.context, 'forward-1');
    engine.clusters.acquire(a.context, 'forward-2');
    expect(engine.clusters.contexts().filter((c) => c === a.context)).toHaveLength(1);
    engine.clusters.release(a.context, 'forward-1');
    engine.clusters.release(a.context, 'forward-2');
    expect(engine.clusters.contexts()).toContain(a.context);
  });

  it('a healthy cluster is Healthy with correct counts', async () => {
    await waitState(a.context, 'Healthy');
    await waitFor(async () => summaryOf(a.context).pods?.running === 2, {
      timeoutMs: 10_000,
      what: 'pod counts',
    });
    const s = summaryOf(a.context);
    expect(s.pods).toMatchObject({ total: 2, running: 2, ready: 2 });
    expect(s.nodes).toBeNull(); // node check switched off for this context
    expect(s.connectivity).toBe('ok');
    expect(s.latencyMs).toBeGreaterThan(0);
    expect(engine.clusters.getClusterInfo(a.context)?.server?.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('the crash-looping pod and the NotReady node make a cluster Degraded, naming them', async () => {
    await waitState(b.context, 'Degraded');
    // The pods and nodes informers sync independently (lists queue engine-wide): wait for both.
    await waitFor(
      async () => {
        const text = summaryOf(b.context)
          .reasons.map((r) => r.message)
          .join('\n');
        return /CrashLoopBackOff|crashy/.test(text) && /NotReady/.test(text);
      },
      { timeoutMs: 30_000, what: 'crash-loop and NotReady reasons' },
    );
    const messages = summaryOf(b.context).reasons.map((r) => r.message);
    expect(messages.join('\n')).toMatch(/1 of 3 nodes NotReady/);
    expect(messages.join('\n')).toMatch(/pod crashy in CrashLoopBackOff/);
    const pods = await engine.dispatch(
      'clusters:pods',
      { context: b.context, problemsOnly: true },
      { transport: 'in-process' },
    );
    expect(pods.ok).toBe(true);
    const names = (pods as { value: { items: { name: string; reason: string | null }[] } }).value.items.map(
      (p) => p.name,
    );
    expect(names).toContain(fixtures.seed.pods.crashLoop);
    expect(names).not.toContain(fixtures.seed.pods.succeeded);
  });

  it('pod drill-down: the crash-looping pod with its restarts and events', async () => {
    const r = await engine.dispatch(
      'clusters:pod',
      { context: b.context, namespace: fixtures.seed.namespace, name: fixtures.seed.pods.crashLoop },
      { transport: 'in-process' },
    );
    expect(r.ok).toBe(true);
    const { pod } = (r as { value: { pod: { restarts: number; containers: unknown[] } } }).value;
    expect(pod.restarts).toBeGreaterThan(0);
    expect(pod.containers.length).toBeGreaterThan(0);
  });

  it('the restricted user (pods in its namespace only): pods watched there, nodes and events off with reasons, stated once, no crash', async () => {
    const ctx = a.contextFor('restricted');
    const off = () => summaryOf(ctx).disabledChecks.map((d) => d.check);
    await waitFor(async () => off().includes('nodeStatus') && off().includes('eventsOnFailure'), {
      timeoutMs: 20_000,
      what: 'node and event checks switched off',
    });
    const s = summaryOf(ctx);
    expect(s.disabledChecks.map((d) => d.message).join('\n')).toMatch(/no permission to list nodes/);
    // Its Role reads pods in its context's namespace (default): they are watched there, so the
    // verdict comes from them ("limited access" is only for a user who may read no pods at all).
    expect(off()).not.toContain('podStatus');
    await waitFor(async () => /Healthy|Degraded/.test(summaryOf(ctx).state), {
      timeoutMs: 20_000,
      what: 'a verdict from the pods in default',
    });
    expect(summaryOf(ctx).reasons.map((r) => r.message)).toContain(
      'pods in default (no cluster-wide access)',
    );
    expect(summaryOf(ctx).connectivity).toBe('forbidden-partially');
    const switchedOff = () =>
      log.records.filter((r) => r.msg === 'check switched off' && r.fields.context === ctx);
    const checks = switchedOff().map((r) => String(r.fields.check));
    // Each check switched off is stated exactly once…
    expect(new Set(checks).size).toBe(checks.length);
    expect(checks).toEqual(expect.arrayContaining(['nodes', 'events']));
    // …and never again, however long the monitor runs.
    await engine.clusters.recheck(ctx, 'test');
    await new Promise((r) => setTimeout(r, 1500));
    expect(switchedOff()).toHaveLength(checks.length);
  });

  it('a bad token is "credentials rejected", not "unreachable"', async () => {
    const ctx = a.contextFor('badtoken');
    await waitState(ctx, 'Unhealthy');
    const s = summaryOf(ctx);
    expect(s.connectivity).toBe('credentials-rejected');
    expect(s.reasons[0]!.message).toMatch(/credentials rejected/);
  });

  it('API server stopped → Unhealthy within seconds; started → Healthy; the other cluster is untouched', async () => {
    await waitState(a.context, 'Healthy');
    const t0 = Date.now();
    await a.stopApiServer();
    try {
      await waitState(a.context, 'Unhealthy', 15_000);
      const downMs = Date.now() - t0;
      expect(summaryOf(a.context).connectivity).toBe('unreachable');
      expect(summaryOf(a.context).reasons[0]!.message).toMatch(/API unreachable/);
      expect(summaryOf(b.context).state).toBe('Degraded');
      log.info('measured', { downMs });
    } finally {
      await a.startApiServer();
    }
    await waitState(a.context, 'Healthy', 60_000);
  });

  it('API server paused (SIGSTOP) → Unhealthy through the probe timeout; resumed → Healthy', async () => {
    await waitState(a.context, 'Healthy');
    await a.pauseApiServer();
    try {
      // Hanging requests: nothing breaks the watches, the probe timeout has to notice.
      await engine.clusters.recheck(a.context, 'test');
      await waitState(a.context, 'Unhealthy', 30_000);
      expect(summaryOf(a.context).connectivity).toBe('unreachable');
    } finally {
      a.resumeApiServer();
    }
    await waitState(a.context, 'Healthy', 60_000);
  });

  it('a change in the cluster shows up in seconds through the watch', async () => {
    await waitState(a.context, 'Healthy');
    await fixtures.createPod(a, { namespace: HEALTHY_NS, name: 'newcomer', state: 'crashloop' });
    try {
      await waitFor(async () => summaryOf(a.context).state === 'Degraded', {
        timeoutMs: 20_000,
        what: 'Degraded via watch',
      });
      expect(
        summaryOf(a.context)
          .reasons.map((r) => r.message)
          .join('\n'),
      ).toMatch(/newcomer|CrashLoopBackOff/);
    } finally {
      await a.kubectl(['delete', 'pod', '-n', HEALTHY_NS, 'newcomer', '--grace-period=0', '--force'], {
        reject: false,
      });
    }
    await waitState(a.context, 'Healthy');
  });

  it('updates to the UI are coalesced: at most 4 per second per cluster', async () => {
    // Every recheck publishes a fresh summary at once (a probe result is never throttled by
    // the monitor), so back-to-back rechecks offer the manager more than 4 a second. The
    // context with the rejected token answers its probe at once and has no watches to
    // re-open, so its rechecks are the cheapest way to offer many.
    const ctx = a.contextFor('badtoken');
    const arrivals: number[] = [];
    const offers: number[] = [];
    const delivered: ClusterSummary[] = [];
    const off = engine.bus.subscribe((channel, payload) => {
      const s = payload as ClusterSummary;
      if (channel !== 'clusters:changed' || s.context !== ctx) return;
      arrivals.push(performance.now());
      delivered.push(s);
    });
    let newest: ClusterSummary | undefined;
    const t0 = performance.now();
    while (performance.now() - t0 < 2_500) {
      const r = await engine.dispatch('clusters:recheck', { context: ctx }, { transport: 'in-process' });
      if (!r.ok) throw new Error(`recheck failed: ${r.error.message}`);
      newest = (r.value as { clusters: ClusterSummary[] }).clusters[0];
      offers.push(performance.now());
    }
    // The held summary is delivered on the trailing edge, at most 250 ms after the last offer.
    await new Promise((r) => setTimeout(r, 500));
    off();
    /** The most times in any window of `ms` that starts at one of them. */
    const most = (times: number[], ms: number) =>
      Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));
    const at = (times: number[]) => times.map((t) => Math.round(t - t0)).join(', ');
    // The positive control: some second saw more summaries offered than the limit lets through.
    expect(most(offers, 1_000), `rechecks done at ${at(offers)} ms`).toBeGreaterThan(6);
    // The limit: no second holds more than 4 deliveries. The windows are 990 ms long, so a
    // delivery measured a millisecond late on the bus cannot make a fifth.
    expect(most(arrivals, 990), `deliveries at ${at(arrivals)} ms`).toBeLessThanOrEqual(4);
    // Held, not dropped: deliveries go on while offers do, and the last is the newest summary.
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(delivered.at(-1)?.lastCheckAt ?? 0).toBeGreaterThanOrEqual(newest?.lastCheckAt ?? Infinity);
  });

  it('an unknown context and bad settings are clear errors', async () => {
    const r = await engine.dispatch(
      'clusters:monitor',
      { context: 'nope', enabled: true },
      { transport: 'in-process' },
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('Unknown context "nope"') },
    });
    const p = await engine.dispatch('clusters:pods', { context: 'nope' }, { transport: 'in-process' });
    expect(p).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
