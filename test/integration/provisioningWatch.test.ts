// Live provisioning progress, engine end to end against the real control plane: the
// harness's ClusterDeploymentStepper plays kcm, the engine follows through the contract.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings } from '../../src/main/core/settings/engineSettings';
import type { Notification, ProvisioningContext, ProvisioningUpdate } from '../../src/shared/contract';
import type { ProvisioningPhase } from '../../src/shared/domain/provisioning';
import { buildProvisioningSnapshot } from '../../src/shared/logic/provisioning';
import { installLegacyClusterDeploymentCrd } from '../harness/fixtures/crds.ts';
import { fixtures, sleep, waitFor } from '../harness/index.ts';
import type { ClusterDeploymentStepper } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');
const NS = 'tether-prov';
const CRDS = ['crd/clusterdeployments.k0rdent.mirantis.com', 'crd/clusters.cluster.x-k8s.io'];

/** A headless engine monitoring `contexts`, with the updates and notifications it pushes. */
async function startEngine(
  contexts: string[],
  log: ReturnType<typeof memoryLogger>,
  provisioningOptions?: NonNullable<Parameters<typeof createEngine>[0]['provisioningOptions']>,
) {
  const settings = defaultEngineSettings();
  settings.monitoredContexts = contexts;
  const engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'tether-prov-')),
    mode: 'headless',
    log,
    env: { KUBECONFIG: h.kubeconfigPath },
    settingsStorage: memoryStorage(settings),
    ...(provisioningOptions ? { provisioningOptions } : {}),
  });
  const updates: ProvisioningUpdate[] = [];
  const notes: Notification[] = [];
  engine.bus.subscribe((channel, payload) => {
    if (channel === 'provisioning:changed') updates.push(payload as ProvisioningUpdate);
    if (channel === 'notifications:new') notes.push(payload as Notification);
  });
  await engine.start();
  return { engine, updates, notes };
}

/** Takes the harness's CRDs off a cluster and waits until discovery no longer serves `groups`. */
async function removeCrds(cluster: typeof b, groups: string[]) {
  await cluster.kubectl(['delete', ...CRDS, '--ignore-not-found', '--wait=true']);
  for (const group of groups) {
    await waitFor(
      async () =>
        (await cluster.kubectl(['get', '--raw', `/apis/${group}`], { reject: false })).exitCode !== 0,
      { what: `${group} gone from ${cluster.name}` },
    );
  }
}

/** Consecutive duplicates removed: the order phases were entered in. */
const entered = (phases: ProvisioningPhase[]) => phases.filter((p, i) => p !== phases[i - 1]);

describe('provisioning progress against the real API server', () => {
  let engine: Engine;
  const log = memoryLogger();
  let updates: ProvisioningUpdate[] = [];
  let notes: Notification[] = [];

  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await engine.dispatch(channel, payload, { transport: 'in-process' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const listOf = async (context: string) =>
    (await call<{ contexts: ProvisioningContext[] }>('provisioning:list', { context })).contexts[0]!;
  const subscribe = (name: string, kind: 'ClusterDeployment' | 'CAPICluster' = 'ClusterDeployment') =>
    call<ProvisioningUpdate>('provisioning:subscribe', {
      context: a.context,
      kind,
      namespace: NS,
      name,
      client: 'test',
    });
  const updatesOf = (id: string) => updates.filter((u) => u.subscriptionId === id);
  const waitEnd = (id: string, timeoutMs = 30_000) =>
    waitFor(() => updatesOf(id).find((u) => !u.active), { timeoutMs, intervalMs: 100, what: `end of ${id}` });
  /** What the pure logic reads from the object as the API server has it now (the expected phase). */
  const phaseNow = async (cd: ClusterDeploymentStepper): Promise<ProvisioningPhase> => {
    const r = buildProvisioningSnapshot({ context: a.context, object: await cd.get(), nowMs: Date.now() });
    if (!r.ok) throw new Error(r.error);
    return r.snapshot.phase;
  };
  const waitTracked = (name: string, kind = 'ClusterDeployment') =>
    waitFor(async () => (await listOf(a.context)).items.find((s) => s.name === name && s.kind === kind), {
      timeoutMs: 20_000,
      what: `${name} tracked`,
    });

  beforeAll(async () => {
    await fixtures.createNamespace(a, NS);
    ({ engine, updates, notes } = await startEngine([a.context], log, {
      readyTimeoutMs: 20_000,
      watcher: { watchLossLimitMs: 90_000 },
    }));
  });

  afterAll(async () => {
    await engine?.stop();
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  it('discovers the CRDs served on cluster a', async () => {
    const section = await listOf(a.context);
    expect(section).toMatchObject({
      available: true,
      apis: { clusterDeployments: 'k0rdent.mirantis.com/v1beta1', clusters: 'cluster.x-k8s.io/v1beta1' },
      connection: { state: 'ok' },
    });
  });

  it('follows a ClusterDeployment to Ready, every phase in order, and notifies', async () => {
    const cd = await fixtures.createClusterDeployment(a, { namespace: NS, name: 'prov-ready' });
    await cd.next();
    await waitTracked('prov-ready');
    const first = await subscribe('prov-ready');
    expect(first.active).toBe(true);
    const expected: ProvisioningPhase[] = [await phaseNow(cd)];
    while (cd.phase !== 'Ready') {
      await cd.next();
      const want = await phaseNow(cd);
      expected.push(want);
      // Each step is seen before the next is made, so no transition can hide another.
      await waitFor(
        () => [first, ...updatesOf(first.subscriptionId)].some((u) => u.snapshot.phase === want),
        { timeoutMs: 20_000, intervalMs: 100, what: `phase ${want} after ${cd.phase}` },
      );
    }
    const end = await waitEnd(first.subscriptionId);
    expect(end).toMatchObject({
      endReason: 'ready',
      snapshot: { phase: 'Ready', progress: 100, terminal: true },
    });
    const seen = entered([first, ...updatesOf(first.subscriptionId)].map((u) => u.snapshot.phase));
    expect(seen).toEqual(entered(expected));
    // The stepper walks kcm's pre-flight checks and helm release, CAPI's infrastructure,
    // control plane and workers, then the services.
    expect(seen).toEqual(['Initializing', 'Provisioning', 'Bootstrapping', 'Scaling', 'Installing', 'Ready']);
    const installing = [first, ...updatesOf(first.subscriptionId)].find(
      (u) => u.snapshot.phase === 'Installing',
    );
    expect(installing?.snapshot.services.map((s) => [s.name, s.state])).toEqual([
      ['ingress-nginx', 'Deployed'],
      ['kyverno', 'Provisioning'],
    ]);
    const progress = [first, ...updatesOf(first.subscriptionId)].map((u) => u.snapshot.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    // kcm's milestone events come with the snapshots (the last one lands just after Ready).
    expect(end.snapshot.events.map((e) => e.reason)).toContain('HelmReleaseCreated');
    await waitFor(
      async () =>
        (await listOf(a.context)).items
          .find((s) => s.name === 'prov-ready' && s.kind === 'ClusterDeployment')
          ?.events.some((e) => e.reason === 'CAPIClusterIsReady'),
      { what: 'the CAPIClusterIsReady milestone' },
    );
    expect(
      notes.find((n) => n.kind === 'provisioning.ready' && n.target?.params?.name === 'prov-ready'),
    ).toBeDefined();
    // The final update stays visible in the list after the subscription stopped.
    const listed = (await listOf(a.context)).items.find(
      (s) => s.name === 'prov-ready' && s.kind === 'ClusterDeployment',
    );
    expect(listed).toMatchObject({ phase: 'Ready', terminal: true });
    expect(engine.provisioning.stats().subscriptions).toBe(0);
  });

  it('reports a failure with the failing condition message', async () => {
    const cd = await fixtures.createClusterDeployment(a, { namespace: NS, name: 'prov-fail' });
    await cd.next();
    await waitTracked('prov-fail');
    const sub = await subscribe('prov-fail');
    await cd.fail();
    const end = await waitEnd(sub.subscriptionId);
    expect(end).toMatchObject({ endReason: 'failed', snapshot: { phase: 'Failed', terminal: true } });
    const message = `the Credential ${NS}/aws-cluster-identity-cred is not ready`;
    expect(end.snapshot.summary + JSON.stringify(end.snapshot.conditions)).toContain(message);
    const note = await waitFor(() =>
      notes.find((n) => n.kind === 'provisioning.failed' && n.target?.params?.name === 'prov-fail'),
    );
    expect(note.severity).toBe('error');
    expect(note.body).toContain(message);
  });

  it('a deletion mid-watch is a final "deleted" update', async () => {
    const cd = await fixtures.createClusterDeployment(a, { namespace: NS, name: 'prov-del' });
    await cd.stepTo('HelmReleaseReady');
    await waitTracked('prov-del');
    const sub = await subscribe('prov-del');
    expect(sub.snapshot.phase).not.toBe('Deleting');
    await a.kubectl(['delete', 'clusterdeployment', 'prov-del', '-n', NS, '--wait=true']);
    const end = await waitEnd(sub.subscriptionId);
    expect(end).toMatchObject({
      endReason: 'deleted',
      active: false,
      snapshot: { deleted: true, terminal: true },
    });
    const listed = (await listOf(a.context)).items.find(
      (s) => s.name === 'prov-del' && s.kind === 'ClusterDeployment',
    );
    expect(listed?.deleted).toBe(true);
  });

  it('follows a CAPI Cluster to Provisioned', async () => {
    const cd = await fixtures.createClusterDeployment(a, { namespace: NS, name: 'prov-capi' });
    await cd.stepTo('HelmReleaseReady'); // the chart's CAPI Cluster appears, Provisioning
    await waitTracked('prov-capi', 'CAPICluster');
    const sub = await subscribe('prov-capi', 'CAPICluster');
    expect(sub).toMatchObject({
      active: true,
      snapshot: { kind: 'CAPICluster', apiVersion: 'cluster.x-k8s.io/v1beta1' },
    });
    expect(sub.snapshot.phase).toBe('Provisioning');
    await cd.next(); // Provisioning: still the infrastructure
    await cd.next(); // Bootstrapping: infrastructure ready (phase Provisioned), control plane not
    await waitFor(() => updatesOf(sub.subscriptionId).some((u) => u.snapshot.phase === 'Bootstrapping'), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'CAPI Cluster Bootstrapping',
    });
    await cd.stepTo('Ready');
    const end = await waitEnd(sub.subscriptionId);
    expect(end).toMatchObject({
      endReason: 'ready',
      snapshot: { kind: 'CAPICluster', phase: 'Ready', progress: 100 },
    });
    const seen = entered([sub, ...updatesOf(sub.subscriptionId)].map((u) => u.snapshot.phase));
    expect(seen).toEqual(['Provisioning', 'Bootstrapping', 'Ready']);
    const capi = await a.getJson<{ status: { phase: string } }>([
      'cluster.cluster.x-k8s.io',
      'prov-capi',
      '-n',
      NS,
    ]);
    expect(capi.status.phase).toBe('Provisioned');
  });

  it('refuses an unknown object and a context that is not monitored, clearly', async () => {
    await expect(subscribe('no-such-cluster')).rejects.toMatchObject({
      code: 'not-found',
      message: /does not exist/,
    });
    await expect(
      call('provisioning:subscribe', {
        context: 'nope',
        kind: 'ClusterDeployment',
        namespace: NS,
        name: 'x',
      }),
    ).rejects.toMatchObject({ code: 'not-found', message: /not monitored/ });
  });

  it('an API server restart mid-watch: a visible warning, a reconnect, and no phase lost', async () => {
    const cd = await fixtures.createClusterDeployment(a, { namespace: NS, name: 'prov-restart' });
    await cd.next();
    await waitTracked('prov-restart');
    const sub = await subscribe('prov-restart');
    const expected: ProvisioningPhase[] = [await phaseNow(cd)];
    try {
      await a.stopApiServer();
      await waitFor(() => updatesOf(sub.subscriptionId).some((u) => /reconnecting/.test(u.warning ?? '')), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'a reconnecting warning',
      });
    } finally {
      await a.startApiServer();
    }
    // Written the moment the server answers again, while the watch is still backing off:
    // the resumed watch must deliver it (and the phase change it makes) all the same.
    await cd.stepTo('HelmReleaseReady');
    expected.push(await phaseNow(cd));
    expect(expected).toEqual(['Initializing', 'Provisioning']);
    await waitFor(async () => (await listOf(a.context)).connection.state === 'ok', {
      timeoutMs: 60_000,
      what: 'watch restored',
    });
    expect(updatesOf(sub.subscriptionId).at(-1)?.warning).toBeUndefined();
    await waitFor(() => updatesOf(sub.subscriptionId).some((u) => u.snapshot.phase === 'Provisioning'), {
      what: 'the phase written during the reconnect',
    });
    while (cd.phase !== 'Ready') {
      await cd.next();
      expected.push(await phaseNow(cd));
    }
    const end = await waitEnd(sub.subscriptionId, 60_000);
    expect(end.endReason).toBe('ready');
    const seen = entered([sub, ...updatesOf(sub.subscriptionId)].map((u) => u.snapshot.phase));
    expect(seen).toEqual(entered(expected));
  });
});

describe('a context without the provisioning CRDs', () => {
  let engine: Engine;
  const log = memoryLogger();

  beforeAll(async () => {
    // The harness installs the CRDs on every cluster; take them off b for this suite.
    await removeCrds(b, ['k0rdent.mirantis.com', 'cluster.x-k8s.io']);
    ({ engine } = await startEngine([b.context, a.contextFor('restricted')], log));
  });

  afterAll(async () => {
    await engine?.stop();
    await fixtures.installCrds(b);
  });

  const list = async () => {
    const r = await engine.dispatch('provisioning:list', {}, { transport: 'in-process' });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { contexts: ProvisioningContext[] }).contexts;
  };

  it('b really serves neither CRD', async () => {
    const r = await b.kubectl(['get', 'crd', '-o', 'name']);
    expect(String(r.stdout)).not.toMatch(/clusterdeployments|clusters\.cluster\.x-k8s\.io/);
  });

  it('has no provisioning section, with the reason, logged once; subscribing says why', async () => {
    const first = (await list()).find((c) => c.context === b.context);
    expect(first).toMatchObject({ available: false, items: [] });
    expect(first?.reason).toMatch(/neither k0rdent ClusterDeployments/);
    await list();
    await list();
    const said = log.records.filter(
      (r) => r.msg === 'no provisioning section for context' && r.fields.context === b.context,
    );
    expect(said).toHaveLength(1);
    expect(log.records.filter((r) => r.level === 'error')).toEqual([]);
    const r = await engine.dispatch(
      'provisioning:subscribe',
      { context: b.context, kind: 'ClusterDeployment', namespace: 'default', name: 'x' },
      { transport: 'in-process' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: /no provisioning section/ } });
  });

  it('a user who may not list ClusterDeployments gets a reason, stated once', async () => {
    const ctx = a.contextFor('restricted');
    const section = await waitFor(async () => {
      const c = (await list()).find((x) => x.context === ctx);
      return c && !c.available && c.reason !== undefined && !/Checking/.test(c.reason) ? c : undefined;
    });
    expect(section.reason).toMatch(/No permission to watch ClusterDeployments/);
    expect(section.reason).toMatch(/No permission to watch Cluster API Clusters/);
    // Long enough for the 1 s and 2 s retries a transient error would have made.
    await sleep(4_000);
    const said = log.records.filter(
      (r) => r.msg === 'provisioning watch switched off' && r.fields.context === ctx,
    );
    expect(said.map((r) => r.fields.kind).sort()).toEqual(['CAPICluster', 'ClusterDeployment']);
  });
});

describe('a cluster that serves ClusterDeployments only as v1alpha1', () => {
  let engine: Engine;
  const log = memoryLogger();
  let updates: ProvisioningUpdate[] = [];
  const LEGACY_NS = 'tether-prov-legacy';

  // kcm releases before v1beta1: the legacy Sveltos shape of status.services.
  const legacyStatus = (kyvernoDone: boolean) => {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ok = (type: string, reason = 'Succeeded', message = '') => ({
      type,
      status: 'True',
      reason,
      message,
      lastTransitionTime: at,
    });
    return {
      observedGeneration: 1,
      conditions: [
        ok('CredentialReady'),
        ok('HelmReleaseReady', 'InstallSucceeded', 'Helm install succeeded'),
        ok('HelmChartReady'),
        ok('TemplateReady'),
        ok('CAPIClusterSummary', 'InfoReported'),
        kyvernoDone
          ? ok('ServicesInReadyState', 'Succeeded', '2/2')
          : { ...ok('ServicesInReadyState', 'Failed', '1/2'), status: 'False' },
        kyvernoDone
          ? ok('Ready', 'Succeeded', 'Object is ready')
          : { ...ok('Ready', 'Progressing', '1/2 Services are ready.'), status: 'False' },
      ],
      services: [
        {
          clusterName: 'legacy-1',
          clusterNamespace: LEGACY_NS,
          conditions: [
            ok('Helm', kyvernoDone ? 'Provisioned' : 'Provisioning'),
            ok('ingress-nginx.ingress-nginx/SveltosHelmReleaseReady', 'Managing', 'Release ingress-nginx'),
            kyvernoDone
              ? ok('kyverno.kyverno/SveltosHelmReleaseReady', 'Managing', 'Release kyverno/kyverno')
              : {
                  ...ok('kyverno.kyverno/SveltosHelmReleaseReady', 'Provisioning', 'installing'),
                  status: 'False',
                },
          ],
        },
      ],
    };
  };
  const patchStatus = (status: object) =>
    b.kubectl([
      'patch',
      'clusterdeployment.v1alpha1.k0rdent.mirantis.com',
      'legacy-1',
      '-n',
      LEGACY_NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status }),
    ]);

  beforeAll(async () => {
    await removeCrds(b, ['k0rdent.mirantis.com/v1beta1']);
    await installLegacyClusterDeploymentCrd(b);
    await waitFor(
      async () =>
        (await b.kubectl(['get', '--raw', '/apis/k0rdent.mirantis.com/v1alpha1'], { reject: false }))
          .exitCode === 0,
      { what: 'k0rdent v1alpha1 served on b' },
    );
    await fixtures.createNamespace(b, LEGACY_NS);
    await b.apply({
      apiVersion: 'k0rdent.mirantis.com/v1alpha1',
      kind: 'ClusterDeployment',
      metadata: { name: 'legacy-1', namespace: LEGACY_NS },
      spec: { template: 'aws-standalone-cp-0-0-5', credential: 'aws-cred' },
    });
    await patchStatus(legacyStatus(false));
    ({ engine, updates } = await startEngine([b.context], log));
  });

  afterAll(async () => {
    await engine?.stop();
    await b.kubectl(['delete', 'namespace', LEGACY_NS, '--wait=false'], { reject: false });
    await b.kubectl(['delete', CRDS[0]!, '--ignore-not-found', '--wait=true']);
    await fixtures.installCrds(b);
  });

  const dispatch = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await engine.dispatch(channel, payload, { transport: 'in-process' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as T;
  };
  const sectionOfB = async () =>
    (await dispatch<{ contexts: ProvisioningContext[] }>('provisioning:list', { context: b.context }))
      .contexts[0];

  it('falls back to v1alpha1, reads the legacy services, and follows the object to Ready', async () => {
    const section = await waitFor(async () => {
      const c = await sectionOfB();
      return c?.items.some((s) => s.name === 'legacy-1') ? c : undefined;
    });
    expect(section).toMatchObject({
      available: true,
      apis: { clusterDeployments: 'k0rdent.mirantis.com/v1alpha1' },
    });
    expect(section.apis.clusters).toBeUndefined();
    const sub = await dispatch<ProvisioningUpdate>('provisioning:subscribe', {
      context: b.context,
      kind: 'ClusterDeployment',
      namespace: LEGACY_NS,
      name: 'legacy-1',
    });
    expect(sub).toMatchObject({
      active: true,
      snapshot: { apiVersion: 'k0rdent.mirantis.com/v1alpha1', phase: 'Installing' },
    });
    expect(sub.snapshot.services.map((s) => [s.namespace, s.name, s.health, s.shape])).toEqual([
      ['ingress-nginx', 'ingress-nginx', 'healthy', 'legacy'],
      ['kyverno', 'kyverno', 'progressing', 'legacy'],
    ]);
    await patchStatus(legacyStatus(true));
    const end = await waitFor(
      () => updates.find((u) => u.subscriptionId === sub.subscriptionId && !u.active),
      {
        what: 'the end of the v1alpha1 watch',
      },
    );
    expect(end).toMatchObject({ endReason: 'ready', snapshot: { phase: 'Ready', progress: 100 } });
    expect(log.records.filter((r) => r.level === 'error')).toEqual([]);
  });

  it('the CRD removed while watched: the object ends deleted, the section goes with its reason', async () => {
    await b.kubectl(['delete', CRDS[0]!, '--wait=true']);
    const section = await waitFor(
      async () => {
        const c = await sectionOfB();
        return c && !c.available && /serves neither/.test(c.reason ?? '') ? c : undefined;
      },
      { timeoutMs: 60_000, what: 'the provisioning section gone from b' },
    );
    expect(section.items).toEqual([expect.objectContaining({ name: 'legacy-1', deleted: true })]);
    expect(log.records.filter((r) => r.msg === 'provisioning watch lost')).toEqual([]);
    expect(log.records.filter((r) => r.level === 'error')).toEqual([]);
  });
});
