import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings } from '../../src/main/core/settings/engineSettings';
import type { PodSummary } from '../../src/shared/domain/health';
import { formatRestarts, kubectlAge, kubectlPodRow } from '../../src/shared/logic/health';
import { fixtures, waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

// kubectl's pod words, checked against kubectl itself: the harness's kubectl v1.36 prints
// `get pods -A` from the API server's table, and Tether's kubectlPodRow must print the same
// READY, STATUS, RESTARTS and AGE for every pod of the cluster — fixtures.seed's kwok-driven pods
// (running, crash-looping, pending, failed, completed) and the pods below, whose states kwok
// cannot fake (init containers, sidecars, exit codes…). Those are never scheduled (their
// schedulerName names no scheduler, so neither the scheduler nor kwok touches them) and get
// their status written through the status subresource, as a kubelet would. Two more come from
// the control plane itself: `gated` (the scheduler writes SchedulingGated) and `terminating`, a
// pod kwok runs on a fake node, deleted while a finalizer holds it (an unscheduled pod cannot
// show Terminating: the pod garbage collector marks a deleted unscheduled pod Failed).

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-pod-states';
const NOBODY = 'tether-no-scheduler';
const FINALIZER = 'tether.dev/hold';

type Json = Record<string, unknown>;
const iso = (agoS: number) => new Date(Date.now() - agoS * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const c = (name: string, extra: Json = {}) => ({ name, image: `registry.example/${name}:1`, ...extra });

const running = (agoS = 600) => ({ running: { startedAt: iso(agoS) } });
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (exitCode: number, reason?: string, agoS = 60, signal?: number) => ({
  terminated: {
    exitCode,
    ...(reason ? { reason } : {}),
    ...(signal !== undefined ? { signal } : {}),
    startedAt: iso(agoS + 5),
    finishedAt: iso(agoS),
  },
});
function cs(
  name: string,
  state: Json,
  o: { ready?: boolean; started?: boolean; restarts?: number; last?: Json } = {},
) {
  return {
    name,
    image: `registry.example/${name}:1`,
    imageID: '',
    state,
    lastState: o.last ?? {},
    ready: o.ready ?? 'running' in state,
    started: o.started ?? 'running' in state,
    restartCount: o.restarts ?? 0,
  };
}
const cond = (type: string, status: 'True' | 'False', reason?: string) => ({
  type,
  status,
  lastTransitionTime: iso(900),
  ...(reason ? { reason } : {}),
});
const initializing = [cond('Initialized', 'False', 'ContainersNotInitialized'), cond('Ready', 'False')];
const initialized = (ready: 'True' | 'False') => [cond('Initialized', 'True'), cond('Ready', ready)];

/** Pods made by the scheduler or kwok rather than by a status patch, and kubectl's word for each. */
const LIVE: Record<string, string> = { gated: 'SchedulingGated', terminating: 'Terminating' };

interface Case {
  name: string;
  /** What kubectl prints as STATUS for it (checked against kubectl below). */
  kubectl: string;
  spec: Json;
  status: Json;
  /** Deleted while a finalizer holds it: Unknown on a lost node. */
  deleting?: boolean;
}

const twoInits = { initContainers: [c('migrate'), c('seed')], containers: [c('app')] };
const sidecar = {
  initContainers: [c('proxy', { restartPolicy: 'Always' }), c('migrate')],
  containers: [c('app')],
};

const cases: Case[] = [
  {
    name: 'init-running',
    kubectl: 'Init:0/2',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initializing,
      initContainerStatuses: [
        cs('migrate', running(20), { ready: false }),
        cs('seed', waiting('PodInitializing')),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'init-second',
    kubectl: 'Init:1/2',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initializing,
      initContainerStatuses: [
        cs('migrate', terminated(0, 'Completed', 40)),
        cs('seed', running(10), { ready: false }),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'init-crashloop',
    kubectl: 'Init:CrashLoopBackOff',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initializing,
      initContainerStatuses: [
        cs('migrate', waiting('CrashLoopBackOff'), { restarts: 4, last: terminated(1, 'Error', 200) }),
        cs('seed', waiting('PodInitializing')),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'init-error',
    kubectl: 'Init:Error',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initializing,
      initContainerStatuses: [
        cs('migrate', terminated(0, 'Completed', 100)),
        cs('seed', terminated(2, 'Error', 30)),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'init-signal',
    kubectl: 'Init:Signal:9',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initializing,
      initContainerStatuses: [
        cs('migrate', terminated(137, undefined, 30, 9)),
        cs('seed', waiting('PodInitializing')),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'pod-initializing',
    kubectl: 'PodInitializing',
    spec: twoInits,
    status: {
      phase: 'Pending',
      conditions: initialized('False'),
      initContainerStatuses: [
        cs('migrate', terminated(0, 'Completed', 50)),
        cs('seed', terminated(0, 'Completed', 40)),
      ],
      containerStatuses: [cs('app', waiting('PodInitializing'))],
    },
  },
  {
    name: 'creating',
    kubectl: 'ContainerCreating',
    spec: { containers: [c('app')] },
    status: {
      phase: 'Pending',
      conditions: initialized('False'),
      containerStatuses: [cs('app', waiting('ContainerCreating'))],
    },
  },
  {
    name: 'sidecar',
    kubectl: 'Running',
    spec: sidecar,
    status: {
      phase: 'Running',
      conditions: initialized('True'),
      initContainerStatuses: [
        cs('proxy', running(500), { restarts: 2, last: terminated(1, 'Error', 501) }),
        cs('migrate', terminated(0, 'Completed', 450)),
      ],
      containerStatuses: [cs('app', running(400))],
    },
  },
  {
    name: 'sidecar-not-ready',
    kubectl: 'Running',
    spec: sidecar,
    status: {
      phase: 'Running',
      conditions: initialized('False'),
      initContainerStatuses: [
        cs('proxy', running(300), { ready: false, started: true }),
        cs('migrate', terminated(0, 'Completed', 250)),
      ],
      containerStatuses: [cs('app', running(200))],
    },
  },
  {
    name: 'half-done',
    kubectl: 'NotReady',
    spec: { containers: [c('app'), c('once')] },
    status: {
      phase: 'Running',
      conditions: initialized('False'),
      containerStatuses: [cs('app', running()), cs('once', terminated(0, 'Completed', 30))],
    },
  },
  {
    name: 'exit-code',
    kubectl: 'ExitCode:3',
    spec: { containers: [c('app')] },
    status: {
      phase: 'Failed',
      conditions: initialized('False'),
      containerStatuses: [cs('app', terminated(3, undefined, 30))],
    },
  },
  {
    name: 'oom-loop',
    kubectl: 'CrashLoopBackOff',
    spec: { containers: [c('app')] },
    status: {
      phase: 'Running',
      conditions: initialized('False'),
      containerStatuses: [
        cs('app', waiting('CrashLoopBackOff'), { restarts: 7, last: terminated(137, 'OOMKilled', 20) }),
      ],
    },
  },
  {
    name: 'evicted',
    kubectl: 'ContainerStatusUnknown',
    spec: { containers: [c('app')] },
    status: {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
      containerStatuses: [cs('app', terminated(137, 'ContainerStatusUnknown', 30))],
    },
  },
  {
    name: 'node-lost',
    kubectl: 'Unknown',
    deleting: true,
    spec: { containers: [c('app')] },
    status: {
      phase: 'Running',
      reason: 'NodeLost',
      conditions: initialized('True'),
      containerStatuses: [cs('app', running())],
    },
  },
];

/** Tether's own words where they differ from kubectl's on purpose (README "Pod states"). */
const TETHER_NAMES: Record<string, string> = { 'oom-loop': 'OOMKilled', evicted: 'Evicted' };

/** One line of `kubectl get pods -A --no-headers`: columns are 3+ spaces apart, cells have single spaces. */
function parseRow(line: string) {
  const [namespace, name, ready, status, restarts, age] = line.trim().split(/\s{2,}/);
  return { namespace, name, ready, status, restarts, age };
}

interface PodJson {
  metadata: { namespace: string; name: string; resourceVersion: string; creationTimestamp?: string };
}

/**
 * kubectl's rows and the pod objects they were printed from: the pod list is read before and
 * after kubectl runs, and only pods that did not change in between are compared (fixtures.seed's
 * crash loop changes every few seconds). The wall-clock window gives the "ago" parts' range.
 */
async function kubectlAndObjects() {
  const list = async () => (await a.getJson<{ items: PodJson[] }>(['pods', '-A'])).items;
  const before = await list();
  const from = Date.now();
  const out = String((await a.kubectl(['get', 'pods', '-A', '--no-headers'])).stdout);
  const to = Date.now();
  const after = new Map((await list()).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  const stable = before.filter(
    (p) =>
      after.get(`${p.metadata.namespace}/${p.metadata.name}`)?.metadata.resourceVersion ===
      p.metadata.resourceVersion,
  );
  const rows = new Map(
    out
      .split('\n')
      .filter((l) => l.trim())
      .map(parseRow)
      .map((r) => [`${r.namespace}/${r.name}`, r]),
  );
  return { rows, stable, from, to };
}

/** Every rendering of a time-dependent cell over the window kubectl ran in (second steps). */
function over(from: number, to: number, render: (now: number) => string): string[] {
  const out = new Set<string>();
  for (let now = from - 1000; now <= to + 1000; now += 250) out.add(render(now));
  return [...out];
}

describe('pod STATUS, READY, RESTARTS and AGE: Tether prints what kubectl prints', () => {
  beforeAll(async () => {
    await fixtures.createNamespace(a, NS);
    await a.apply(
      cases.map((k) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: k.name,
          namespace: NS,
          labels: { 'tether.dev/case': k.name },
          ...(k.deleting ? { finalizers: [FINALIZER] } : {}),
        },
        spec: { schedulerName: NOBODY, ...k.spec },
      })),
    );
    for (const k of cases) {
      await a.kubectl([
        'patch',
        'pod',
        k.name,
        '-n',
        NS,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: k.status }),
      ]);
    }
    // A pod the real scheduler holds back: SchedulingGated, written by the scheduler itself.
    await a.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'gated', namespace: NS },
      spec: { schedulingGates: [{ name: 'tether.dev/wait' }], containers: [c('app')] },
    });
    // A pod kwok runs on a fake node, then deleted: Terminating while the finalizer holds it.
    const live = fixtures.podObject({ namespace: NS, name: 'terminating', state: 'running' }) as {
      metadata: Json;
    };
    await a.apply({ ...live, metadata: { ...live.metadata, finalizers: [FINALIZER] } });
    await fixtures.waitForPod(a, NS, 'terminating', fixtures.isReady, 'pod terminating running');
    for (const name of [...cases.filter((x) => x.deleting).map((k) => k.name), 'terminating'])
      await a.kubectl(['delete', 'pod', name, '-n', NS, '--wait=false']);
  });

  afterAll(async () => {
    for (const name of [...cases.filter((x) => x.deleting).map((k) => k.name), 'terminating'])
      await a.kubectl(
        [
          'patch',
          'pod',
          name,
          '-n',
          NS,
          '--type=json',
          '-p',
          '[{"op":"remove","path":"/metadata/finalizers"}]',
        ],
        {
          reject: false,
        },
      );
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  it('kubectl itself prints the states the fixtures are meant to show (else the comparison proves little)', async () => {
    await waitFor(
      async () => {
        const { rows } = await kubectlAndObjects();
        return rows.get(`${NS}/gated`)?.status === 'SchedulingGated';
      },
      { timeoutMs: 20_000, what: 'the scheduler to mark the gated pod' },
    );
    const { rows } = await kubectlAndObjects();
    const want: Record<string, string> = {
      ...Object.fromEntries(cases.map((k) => [k.name, k.kubectl])),
      ...LIVE,
    };
    const seen = Object.fromEntries(
      Object.keys(want).map((name) => [name, rows.get(`${NS}/${name}`)?.status]),
    );
    expect(seen).toEqual(want);
    const seed = fixtures.seed;
    expect(rows.get(`${seed.namespace}/${seed.pods.crashLoop}`)?.status).toBe('CrashLoopBackOff');
    expect(rows.get(`${seed.namespace}/${seed.pods.failed}`)?.status).toBe('Error');
    expect(rows.get(`${seed.namespace}/${seed.pods.succeeded}`)?.status).toBe('Completed');
    expect(rows.get(`${seed.namespace}/${seed.pods.pending}`)?.status).toBe('Pending');
    expect(rows.get(`${NS}/sidecar`)).toMatchObject({
      ready: '2/2',
      restarts: expect.stringMatching(/^2 \(/),
    });
    expect(rows.get(`${NS}/sidecar-not-ready`)?.ready).toBe('1/2');
  });

  it('kubectlPodRow gives every pod of the cluster the READY, STATUS, RESTARTS and AGE kubectl printed', async () => {
    let compared = 0;
    {
      const { rows, stable, from, to } = await kubectlAndObjects();
      expect(stable.length).toBeGreaterThan(cases.length);
      for (const pod of stable) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        const want = rows.get(key);
        expect(want, key).toBeDefined();
        const mine = kubectlPodRow(pod);
        expect({ key, ready: mine.ready, status: mine.status }).toEqual({
          key,
          ready: want?.ready,
          status: want?.status,
        });
        expect(
          over(from, to, (now) => formatRestarts(mine.restarts, mine.lastRestartAt, now)),
          key,
        ).toContain(want?.restarts);
        const created = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : null;
        expect(
          over(from, to, (now) => kubectlAge(created, now)),
          key,
        ).toContain(want?.age);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(cases.length);
  });

  describe('through the engine (informer, slim pods, clusters:pods)', () => {
    let engine: Engine;
    beforeAll(async () => {
      const settings = defaultEngineSettings();
      settings.monitoredContexts = [a.context];
      engine = createEngine({
        home: mkdtempSync(join(tmpdir(), 'tether-podstatus-')),
        mode: 'headless',
        log: memoryLogger(),
        env: { KUBECONFIG: h.kubeconfigPath },
        settingsStorage: memoryStorage(settings),
      });
      await engine.start();
    });
    afterAll(async () => {
      await engine?.stop();
    });

    it("the pods list says kubectl's word for each pod, Tether's own only where the README says so", async () => {
      const pods = async (): Promise<PodSummary[]> => {
        const r = await engine.dispatch(
          'clusters:pods',
          { context: a.context, namespace: NS },
          { transport: 'in-process' },
        );
        return r.ok ? (r.value as { items: PodSummary[] }).items : [];
      };
      const expected = cases.length + Object.keys(LIVE).length;
      await waitFor(async () => (await pods()).length === expected, {
        timeoutMs: 30_000,
        what: 'the engine to list the fixture pods',
      });
      const { rows } = await kubectlAndObjects();
      const got = Object.fromEntries((await pods()).map((p) => [p.name, [p.ready, p.status]]));
      const want = Object.fromEntries(
        [...cases.map((k) => k.name), ...Object.keys(LIVE)].map((name) => {
          const row = rows.get(`${NS}/${name}`);
          return [name, [row?.ready, TETHER_NAMES[name] ?? row?.status]];
        }),
      );
      expect(got).toEqual(want);
    });
  });
});
