// The add/edit form's target catalog (`forwards:targets`) against the real API server: the
// seeded echo and web apps appear as Service and Deployment with their named ports, their
// running pods as pod targets; the restricted user's 403 leaves kinds out instead of failing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import type { ForwardsFile } from '../../src/main/core/forwards/forwardStore';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { ContractErrorShape, CatalogTarget, ListStatus } from '../../src/shared/contract';
import { fixtures } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');
const { seed } = fixtures;
/** A namespace the restricted user has no RoleBinding in: every list there is a 403. */
const CLOSED_NS = 'tether-targets-closed';

interface Catalog {
  targets: CatalogTarget[];
  denied: string[];
  truncated: string[];
  status: ListStatus;
}

describe('forwards:targets against the real API server', () => {
  let engine: Engine;

  beforeAll(async () => {
    await fixtures.createNamespace(a, CLOSED_NS, { restrictedAccess: false });
    // Nothing monitored: the catalog must work for any context of the kubeconfig.
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-targets-')),
      mode: 'headless',
      log: memoryLogger(),
      env: { KUBECONFIG: h.kubeconfigPath, PATH: process.env.PATH },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await a.kubectl(['delete', 'namespace', CLOSED_NS, '--wait=false'], { reject: false });
  });

  const targets = async (context: string, namespace: string) => {
    const r = await engine.dispatch('forwards:targets', { context, namespace }, { transport: 'in-process' });
    return r.ok ? { ok: true as const, value: r.value as Catalog } : { ok: false as const, error: r.error };
  };
  const catalogOf = async (context: string, namespace: string): Promise<Catalog> => {
    const r = await targets(context, namespace);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const namespacesOf = async (context: string) => {
    const r = await engine.dispatch('forwards:namespaces', { context }, { transport: 'in-process' });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as { namespaces: string[]; listed: boolean; status: ListStatus };
  };
  const find = (c: Catalog, kind: string, name: string) =>
    c.targets.find((t) => t.kind === kind && t.name === name);

  it('lists the seeded Services and Deployments with their named ports, and their running pods', async () => {
    const c = await catalogOf(a.context, seed.namespace);
    expect(c.denied).toEqual([]);
    expect(find(c, 'service', seed.web.name)?.ports).toEqual([
      { port: seed.web.port, name: 'main', protocol: 'TCP' },
    ]);
    expect(find(c, 'service', seed.echo.name)?.ports).toEqual([
      { port: seed.echo.port, name: 'main', protocol: 'TCP' },
    ]);
    expect(find(c, 'deployment', seed.web.name)?.ports).toEqual([
      { port: seed.web.containerPort, name: 'main', protocol: 'TCP' },
    ]);
    const webPods = c.targets.filter((t) => t.kind === 'pod' && t.name.startsWith(`${seed.web.name}-`));
    expect(webPods).toHaveLength(seed.web.replicas);
    for (const p of webPods)
      expect(p.ports).toEqual([{ port: seed.web.containerPort, name: 'main', protocol: 'TCP' }]);
    // Finished pods are no forward targets; a crash-looping one still is (it may come back).
    const podNames = c.targets.filter((t) => t.kind === 'pod').map((t) => t.name);
    expect(podNames).not.toContain(seed.pods.succeeded);
    expect(podNames).not.toContain(seed.pods.failed);
    expect(podNames).toContain(seed.pods.crashLoop);
  });

  it('the restricted user: kinds it may list are listed, a 403 names the kinds left out', async () => {
    const ctx = a.contextFor('restricted');
    const open = await catalogOf(ctx, seed.namespace);
    expect(open.denied).toEqual([]);
    expect(find(open, 'service', seed.echo.name)).toBeDefined();
    expect(open.status).toMatchObject({ state: 'loaded', stale: false });
    const closed = await catalogOf(ctx, CLOSED_NS);
    expect(closed).toMatchObject({ targets: [], denied: ['service', 'deployment', 'pod'], truncated: [] });
    // Every kind refused: the empty catalog says so, with kubectl's command and words.
    expect(closed.status).toMatchObject({
      state: 'forbidden',
      reason: `may not list services, deployments, pods in ${CLOSED_NS}`,
      kubectl: `kubectl get services,deployments,pods -n ${CLOSED_NS} --context ${ctx}`,
    });
    expect(closed.status.kubectlError).toMatch(/^Error from server \(Forbidden\): .* is forbidden: User /);
  });

  it('rejected credentials: an empty catalog and no namespaces, each saying why (401), not failing the form', async () => {
    const ctx = a.contextFor('badtoken');
    const c = await catalogOf(ctx, seed.namespace);
    expect(c.targets).toEqual([]);
    expect(c.status.state).toBe('unauthorized');
    expect(c.status.reason).toMatch(/credentials rejected \(401\)/);
    expect(c.status.kubectlError).toBe('error: You must be logged in to the server (Unauthorized)');
    const ns = await namespacesOf(ctx);
    expect(ns).toMatchObject({ namespaces: [], listed: false, status: { state: 'unauthorized' } });
  });

  it('namespaces: listed for the admin; "may not list namespaces" for the namespace-scoped user', async () => {
    const admin = await namespacesOf(a.context);
    expect(admin.listed).toBe(true);
    expect(admin.namespaces).toContain(seed.namespace);
    expect(admin.status).toMatchObject({
      state: 'loaded',
      kubectl: `kubectl get namespaces --context ${a.context}`,
    });
    const restricted = await namespacesOf(a.contextFor('restricted'));
    expect(restricted).toMatchObject({ namespaces: [], listed: false });
    expect(restricted.status).toMatchObject({ state: 'forbidden', reason: 'may not list namespaces' });
  });

  it('an unknown context is a clear not-found, naming the contexts there are', async () => {
    const r = await targets('no-such-context', 'default');
    expect(r.ok).toBe(false);
    const error = (r as { error: ContractErrorShape }).error;
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('Unknown context "no-such-context"');
    expect(error.message).toContain(a.context);
  });
});
