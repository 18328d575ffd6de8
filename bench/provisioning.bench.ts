/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench -- provisioning`: 50 concurrent provisioning subscriptions on one real
// control plane. Prints the engine memory they add (goal ≤ 50 MB, seed 002) and checks that
// nothing is left behind once they end: no subscription, no timer, no extra watch stream.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/core/engine';
import { defaultEngineSettings, type EngineSettings } from '../src/main/core/settings/engineSettings';
import type { SettingsStorage } from '../src/main/core/settings/settingsStore';
import type { ProvisioningContext, ProvisioningUpdate } from '../src/shared/contract';
import {
  fixtures,
  startHarness,
  waitFor,
  type ClusterDeploymentStepper,
  type Harness,
} from '../test/harness/index.ts';
import { memoryLogger } from '../test/support/memoryLogger';

const N = 50;
const CLIENTS = 5; // 10 per client is the per-window limit
const NS = 'prov-bench';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}
/** Runs `fn` over items, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}
function memoryStorage(initial: EngineSettings): SettingsStorage<EngineSettings> {
  let value = initial;
  return { read: () => value, write: (v) => void (value = v) };
}

let harness: Harness;
let engine: Engine | undefined;

beforeAll(async () => {
  harness = await startHarness({ clusters: ['prov-bench'] });
}, 10 * 60_000);

afterAll(async () => {
  await engine?.stop();
  await harness?.stop();
});

it('50 concurrent subscriptions: memory added, nothing leaked', async () => {
  const c = harness.cluster('prov-bench');
  await fixtures.createNamespace(c, NS);
  const steppers: ClusterDeploymentStepper[] = [];
  await inBatches(
    Array.from({ length: N }, (_, i) => `bench-${String(i).padStart(2, '0')}`),
    10,
    async (name) => {
      const cd = await fixtures.createClusterDeployment(c, { namespace: NS, name });
      await cd.next();
      steppers.push(cd);
    },
  );

  const heapBeforeEngine = heapMb();
  const settings = defaultEngineSettings();
  settings.monitoredContexts = [c.context];
  const updates: ProvisioningUpdate[] = [];
  engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'tether-prov-bench-')),
    mode: 'headless',
    log: memoryLogger(),
    env: { KUBECONFIG: harness.kubeconfigPath },
    settingsStorage: memoryStorage(settings),
    provisioningOptions: { readyTimeoutMs: 30_000 },
  });
  const e = engine;
  e.bus.subscribe((channel, payload) => {
    if (channel === 'provisioning:changed') updates.push(payload as ProvisioningUpdate);
  });
  await e.start();
  const list = async () => {
    const r = await e.dispatch('provisioning:list', { context: c.context }, { transport: 'in-process' });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { contexts: ProvisioningContext[] }).contexts[0]!;
  };
  await waitFor(async () => (await list()).items.filter((s) => s.kind === 'ClusterDeployment').length === N, {
    timeoutMs: 60_000,
    what: `${N} ClusterDeployments tracked`,
  });
  // The context's three watches (ClusterDeployments, CAPI Clusters, events) are open.
  await waitFor(() => e.provisioning.stats().openStreams === 3, {
    timeoutMs: 30_000,
    what: 'watch streams open',
  });
  const heapWatching = heapMb();
  const before = { ...e.provisioning.stats(), timeouts: timeouts() };

  const t0 = performance.now();
  const ids: string[] = [];
  for (const [i, cd] of steppers.entries()) {
    const r = await e.dispatch(
      'provisioning:subscribe',
      {
        context: c.context,
        kind: 'ClusterDeployment',
        namespace: NS,
        name: cd.spec.name,
        client: `window-${i % CLIENTS}`,
      },
      { transport: 'in-process' },
    );
    if (!r.ok) throw new Error(r.error.message);
    ids.push((r.value as ProvisioningUpdate).subscriptionId);
  }
  const subscribeMs = performance.now() - t0;
  expect(e.provisioning.stats().subscriptions).toBe(N);

  // Half-way: every subscription live, each object a few phases in, updates flowing.
  await inBatches(steppers, 10, (cd) => cd.stepTo('HelmReleaseReady'));
  await waitFor(
    () =>
      new Set(updates.filter((u) => u.snapshot.phase === 'Provisioning').map((u) => u.subscriptionId))
        .size === N,
    {
      timeoutMs: 60_000,
      what: 'every subscription in Provisioning',
    },
  );
  const heapSubscribed = heapMb();
  const during = { ...e.provisioning.stats(), timeouts: timeouts() };
  const rss = process.memoryUsage().rss / 2 ** 20;

  // To the end: every subscription stops by itself on Ready.
  await inBatches(steppers, 10, (cd) => cd.stepTo('Ready'));
  await waitFor(() => e.provisioning.stats().subscriptions === 0, {
    timeoutMs: 60_000,
    what: 'all subscriptions ended',
  });
  const ended = new Set(
    updates.filter((u) => !u.active && u.endReason === 'ready').map((u) => u.subscriptionId),
  );
  const after = { ...e.provisioning.stats(), timeouts: timeouts() };
  const heapAfter = heapMb();

  const f = (x: number) => x.toFixed(1);
  console.log(`provisioning bench: ${N} ClusterDeployments, ${N} subscriptions from ${CLIENTS} clients`);
  console.log(
    `  subscribe ${N}: ${subscribeMs.toFixed(0)} ms; updates pushed: ${updates.length}; ended on Ready: ${ended.size}/${N}`,
  );
  console.log(
    `  heap before engine ${f(heapBeforeEngine)} MB; watching ${N} objects +${f(heapWatching - heapBeforeEngine)} MB`,
  );
  console.log(
    `  engine memory added (engine + watcher + ${N} live subscriptions): +${f(heapSubscribed - heapBeforeEngine)} MB heap (goal ≤ 50 MB); subscriptions alone +${f(heapSubscribed - heapWatching)} MB; process RSS ${f(rss)} MB`,
  );
  console.log(`  after all ended: heap ${f(heapAfter - heapBeforeEngine)} MB over the pre-engine baseline`);
  console.log(`  before:  ${JSON.stringify(before)}`);
  console.log(`  during:  ${JSON.stringify(during)}`);
  console.log(`  after:   ${JSON.stringify(after)}`);

  await e.stop();
  engine = undefined;
  const stopped = { ...e.provisioning.stats(), timeouts: timeouts() };
  console.log(`  engine stopped: ${JSON.stringify(stopped)}`);

  expect(ended.size).toBe(N);
  expect(stopped).toMatchObject({ watchers: 0, openStreams: 0, subscriptions: 0, timers: 0 });
  expect(heapSubscribed - heapBeforeEngine).toBeLessThan(50);
  expect(after.subscriptions).toBe(0);
  expect(after.timers).toBe(0);
  // The context's own watches stay (objects, events); nothing per subscription is left.
  expect(after.openStreams).toBe(before.openStreams);
  expect(after.timeouts).toBeLessThanOrEqual(before.timeouts);
});
