// A user whose Role lets it read pods and events in one namespace only, against the real API
// server: the engine plans its checks from the API server's access reviews, watches that
// namespace, and judges the cluster from it — Degraded from a crash-looping pod there, Healthy
// once it is fixed — while saying nothing about the namespaces it may not read, and without
// repeating the refusals. A user with no Role anywhere stays "limited access".
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import { fixtures, waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { repoRoot } from '../support/vectors';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');

/** The user's own namespace (its kubeconfig context names it) and a second one it may read. */
const MINE = 'tether-nsu-payments';
const SECOND = 'tether-nsu-web';
/** A namespace the user may not read, with a crash-looping pod in it. */
const OTHER = 'tether-nsu-other';
const USER_CTX = 'tether-nsu';
const NOBODY_CTX = 'tether-nsu-nobody';

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
}

const podReader = (namespace: string) => [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pod-reader', namespace },
    rules: [{ apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'pod-reader', namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'tether-nsu', namespace: MINE }],
  },
];

/** A kubeconfig with the two users' contexts (their namespace: MINE) on cluster a. */
async function userKubeconfig(): Promise<string> {
  for (const ns of [MINE, SECOND, OTHER]) await fixtures.createNamespace(a, ns, { restrictedAccess: false });
  await a.apply([
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tether-nsu', namespace: MINE } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tether-nsu-nobody', namespace: MINE } },
    ...podReader(MINE),
    ...podReader(SECOND),
  ]);
  const token = async (sa: string) =>
    String((await a.kubectl(['create', 'token', sa, '-n', MINE, '--duration', '2h'])).stdout).trim();
  const kc = parse(readFileSync(h.kubeconfigPath, 'utf8')) as Kubeconfig;
  const cluster = kc.contexts.find((c) => c.name === a.context)!.context.cluster;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: kc.clusters.filter((c) => c.name === cluster),
    users: [
      { name: USER_CTX, user: { token: await token('tether-nsu') } },
      { name: NOBODY_CTX, user: { token: await token('tether-nsu-nobody') } },
    ],
    contexts: [USER_CTX, NOBODY_CTX].map((name) => ({
      name,
      context: { cluster, user: name, namespace: MINE },
    })),
    'current-context': USER_CTX,
  };
  const file = join(mkdtempSync(join(tmpdir(), 'tether-nsu-')), 'config');
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}

let kubeconfig: string;

beforeAll(async () => {
  kubeconfig = await userKubeconfig();
});

afterAll(async () => {
  for (const ns of [MINE, SECOND, OTHER])
    await a.kubectl(['delete', 'namespace', ns, '--wait=false'], { reject: false });
});

describe('a namespace-scoped user against the real API server', () => {
  let engine: Engine;
  const log = memoryLogger();

  beforeAll(async () => {
    await fixtures.createPod(a, { namespace: MINE, name: 'calm', state: 'running' });
    await fixtures.createPod(a, { namespace: OTHER, name: 'elsewhere', state: 'crashloop' });
    await fixtures.recordEvents(a, [
      {
        involved: { kind: 'Pod', name: 'elsewhere', namespace: OTHER },
        type: 'Warning',
        reason: 'BackOff',
        message: 'not for this user',
      },
    ]);
    const settings = defaultEngineSettings();
    settings.monitoredContexts = [USER_CTX, NOBODY_CTX];
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-nsu-home-')),
      mode: 'headless',
      log,
      env: { KUBECONFIG: kubeconfig },
      settingsStorage: memoryStorage(settings),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
  });

  const monitor = (ctx = USER_CTX) => engine.clusters.monitor(ctx);
  const summary = (ctx = USER_CTX) => monitor(ctx).summary();
  /** Log lines about refusals for one context (the engine's, over the whole test). */
  const refusalLines = (ctx: string) =>
    log.records.filter(
      (r) =>
        r.fields.context === ctx &&
        /403|forbidden|permission|switched off/i.test(`${r.msg} ${JSON.stringify(r.fields)}`),
    );

  it('plans from the access reviews: pods and events in its namespace, nodes off with the reason', async () => {
    // Healthy from the pods it watched: the plan is made and its lists are in.
    await waitFor(
      async () => summary().state === 'Healthy' && monitor().isSettled && summary().pods !== null,
      {
        timeoutMs: 30_000,
        what: 'Healthy from its pods',
      },
    );
    expect(monitor().accessPlan()).toEqual({
      pods: { scope: 'namespaces', namespaces: [MINE], refused: [] },
      events: { scope: 'namespaces', namespaces: [MINE], refused: [] },
      nodes: { scope: 'off', why: 'forbidden', message: 'no permission to list nodes' },
    });
    const s = summary();
    expect(s.reasons.map((r) => r.message)).toEqual([
      `pods, events in ${MINE} (no cluster-wide access)`,
      'no permission to list nodes',
    ]);
    expect(s.disabledChecks).toEqual([
      { check: 'nodeStatus', reason: 'forbidden', message: 'no permission to list nodes' },
    ]);
    expect(s.pods).toMatchObject({ total: 1, running: 1 });
    expect(s.nodes).toBeNull();
    // One list+watch per resource and namespace: pods and events in MINE.
    await waitFor(async () => monitor().openWatches() === 2, { what: 'two watches open' });
    // Nothing from the namespace it may not read, in the lists or the verdict.
    expect(
      monitor()
        .pods()
        .map((p) => `${p.namespace}/${p.name}`),
    ).toEqual([`${MINE}/calm`]);
    expect(
      monitor()
        .events()
        .every((e) => e.object.namespace === MINE),
    ).toBe(true);
    expect(JSON.stringify(s)).not.toContain(OTHER);
    // The drill-downs say what they cover.
    const pods = await engine.dispatch('clusters:pods', { context: USER_CTX }, { transport: 'in-process' });
    expect(pods).toMatchObject({
      ok: true,
      value: {
        total: 1,
        status: {
          state: 'loaded',
          scope: `pods in ${MINE} (no cluster-wide access)`,
          kubectl: `kubectl get pods -n ${MINE} --context ${USER_CTX}`,
        },
      },
    });
    const events = await engine.dispatch(
      'clusters:events',
      { context: USER_CTX },
      { transport: 'in-process' },
    );
    expect(events).toMatchObject({ ok: true, value: { status: { state: 'loaded' } } });
    // A namespace it may not read is never "empty".
    const other = await engine.dispatch(
      'clusters:pods',
      { context: USER_CTX, namespace: OTHER },
      { transport: 'in-process' },
    );
    expect(other).toMatchObject({ ok: true, value: { total: 0, status: { state: 'off' } } });
  });

  it('Degraded from a crash-looping pod in its namespace, Healthy once it is fixed; refusals are not repeated', async () => {
    const before = refusalLines(USER_CTX).length;
    await fixtures.createPod(a, { namespace: MINE, name: 'crashy', state: 'crashloop' });
    await waitFor(async () => summary().state === 'Degraded', { timeoutMs: 30_000, what: 'Degraded' });
    expect(summary().reasons[0]).toMatchObject({
      severity: 'warning',
      message: 'pod crashy in CrashLoopBackOff',
    });
    await fixtures.deletePod(a, MINE, 'crashy');
    await waitFor(async () => summary().state === 'Healthy', { timeoutMs: 30_000, what: 'Healthy again' });
    // A recheck re-opens the watches: still no new refusal, no new plan, no error.
    await engine.clusters.recheck(USER_CTX, 'test');
    await new Promise((r) => setTimeout(r, 1500));
    expect(refusalLines(USER_CTX).length).toBe(before);
    // Over the whole test, each refusal was said once: the nodes check switched off (and the
    // provisioning watches, which are not the health checks' business), nothing per namespace.
    const said = refusalLines(USER_CTX).map(
      (r) => `${r.msg} ${String(r.fields.check ?? r.fields.kind ?? '')}`,
    );
    expect(new Set(said).size).toBe(said.length);
    expect(said.filter((l) => l.startsWith('check switched off'))).toEqual(['check switched off nodes']);
    expect(said.length).toBeLessThanOrEqual(5);
    expect(log.records.filter((r) => r.level === 'error' && r.fields.context === USER_CTX)).toEqual([]);
  });

  it('a namespace added in settings is watched; removed, its watches stop', async () => {
    await fixtures.createPod(a, { namespace: SECOND, name: 'second', state: 'running' });
    const update = (watchNamespaces: string[]) =>
      engine.dispatch(
        'health:update',
        { context: USER_CTX, overrides: { watchNamespaces } },
        { transport: 'in-process' },
      );
    // What is not a namespace name is refused, and nothing is saved.
    expect(await update(['Not_A_Namespace'])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await update([SECOND])).toMatchObject({ ok: true });
    await waitFor(
      async () =>
        monitor()
          .pods()
          .some((p) => p.name === 'second'),
      { what: 'pods of SECOND' },
    );
    expect(summary().reasons[0]?.message).toBe(`pods, events in ${MINE}, ${SECOND} (no cluster-wide access)`);
    await waitFor(async () => monitor().openWatches() === 4, { what: 'four watches open' });
    expect(await update([])).toMatchObject({ ok: true });
    await waitFor(async () => monitor().openWatches() === 2 && summary().pods?.total === 1, {
      what: 'back to two watches',
    });
    expect(
      monitor()
        .pods()
        .map((p) => p.name),
    ).toEqual(['calm']);
  });

  it("a forward's namespace is watched while the forward exists", async () => {
    await waitFor(async () => monitor().openWatches() === 2 && summary().pods?.total === 1, {
      what: 'two watches in MINE',
    });
    const saved = await engine.dispatch(
      'forwards:save',
      {
        forward: {
          name: 'web',
          context: USER_CTX,
          namespace: SECOND,
          target: 'pod/second',
          remotePort: 8080,
        },
        start: false,
      },
      { transport: 'in-process' },
    );
    expect(saved).toMatchObject({ ok: true });
    const id = saved.ok ? (saved.value as { forward: { spec: { id: string } } }).forward.spec.id : '';
    await waitFor(
      async () =>
        monitor()
          .pods()
          .some((p) => p.namespace === SECOND),
      {
        what: "pods of the forward's namespace",
      },
    );
    expect(monitor().accessPlan()?.pods).toEqual({
      scope: 'namespaces',
      namespaces: [MINE, SECOND],
      refused: [],
    });
    expect(await engine.dispatch('forwards:delete', { id }, { transport: 'in-process' })).toMatchObject({
      ok: true,
    });
    await waitFor(async () => monitor().openWatches() === 2 && summary().pods?.total === 1, {
      what: 'its watches stopped with the forward gone',
    });
  });

  it('a user with no Role anywhere: Unknown "limited access", its lists refused in the API server\'s words', async () => {
    await waitFor(async () => summary(NOBODY_CTX).state === 'Unknown' && monitor(NOBODY_CTX).isSettled, {
      timeoutMs: 30_000,
      what: 'limited access',
    });
    expect(summary(NOBODY_CTX).reasons[0]?.message).toBe('limited access: may not list pods, nodes, events');
    const r = await engine.dispatch('clusters:pods', { context: NOBODY_CTX }, { transport: 'in-process' });
    expect(r).toMatchObject({
      ok: true,
      value: {
        status: {
          state: 'forbidden',
          kubectlError: `Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:${MINE}:tether-nsu-nobody" cannot list resource "pods" in API group "" at the cluster scope`,
        },
      },
    });
    // Refused by the reviews, never tried: no list of them failed.
    expect(log.records.filter((r) => r.level === 'error' && r.fields.context === NOBODY_CTX)).toEqual([]);
  });
});

describe('the CLI for a namespace-scoped user', () => {
  beforeAll(async () => {
    await fixtures.createPod(a, { namespace: MINE, name: 'cli-calm', state: 'running' });
    await fixtures.createPod(a, { namespace: MINE, name: 'cli-crashy', state: 'crashloop' });
    await fixtures.createPod(a, { namespace: SECOND, name: 'cli-second', state: 'running' });
  });

  const tether = (args: string[], home: string) =>
    execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
      env: { KUBECONFIG: kubeconfig, TETHER_HOME: home, NO_COLOR: '1' },
      reject: false,
      timeout: 60_000,
    });
  const savedNamespaces = (home: string) =>
    (JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as EngineSettings).health.contexts?.[
      USER_CTX
    ]?.watchNamespaces;

  it('tether cluster namespaces CTX add|remove: saved in the settings, bad names refused, then watched', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tether-nsu-cli-'));
    const bad = await tether(['cluster', 'namespaces', USER_CTX, 'add', 'Not_A_Namespace'], home);
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toMatch(/watchNamespaces\[0\] must be a namespace name/);
    const add = await tether(['cluster', 'namespaces', USER_CTX, 'add', SECOND], home);
    expect(add.exitCode, String(add.stderr)).toBe(0);
    expect(String(add.stdout)).toContain(`Namespaces added for ${USER_CTX}: ${SECOND}`);
    expect(savedNamespaces(home)).toEqual([SECOND]);
    const pods = await tether(['cluster', 'pods', USER_CTX], home);
    expect(pods.exitCode, String(pods.stderr)).toBe(0);
    expect(String(pods.stderr)).toContain(`# pods in ${MINE}, ${SECOND} (no cluster-wide access)`);
    expect(String(pods.stdout)).toContain('cli-second');
    const remove = await tether(['cluster', 'namespaces', USER_CTX, 'remove', SECOND], home);
    expect(remove.exitCode).toBe(0);
    expect(savedNamespaces(home)).toBeUndefined();
    const unknown = await tether(['cluster', 'namespaces', 'no-such-context', 'add', SECOND], home);
    expect(unknown.exitCode).toBe(3);
  });

  it('lists the pods of its namespace, with the STATUS kubectl prints, and says what it covers', async () => {
    const r = await tether(['cluster', 'pods', USER_CTX], mkdtempSync(join(tmpdir(), 'tether-nsu-cli-')));
    const k = await execa(
      join(a.binDir, 'kubectl'),
      ['--kubeconfig', kubeconfig, '--context', USER_CTX, 'get', 'pods', '-n', MINE],
      {
        reject: false,
      },
    );
    expect(k.exitCode, String(k.stderr)).toBe(0);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toContain(`# pods in ${MINE} (no cluster-wide access)`);
    // NAME and STATUS of every pod, as each prints them (ours adds a NAMESPACE column).
    const rows = (out: string) => {
      const [header, ...lines] = out.trim().split('\n');
      const cols = header!.trim().split(/\s+/);
      return lines
        .map((line) => {
          const cells = line.trim().split(/\s+/);
          return `${cells[cols.indexOf('NAME')]} ${cells[cols.indexOf('STATUS')]}`;
        })
        .sort();
    };
    const ours = rows(String(r.stdout));
    expect(ours).toEqual(rows(String(k.stdout)));
    expect(ours).toEqual(expect.arrayContaining(['cli-calm Running', 'cli-crashy CrashLoopBackOff']));
  });
});
