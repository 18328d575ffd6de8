// The port-forward supervisor against the real control plane and the real kubectl: forwards
// to a pod, a Service and a Deployment reach a local echo server through kwok; they survive a
// rollout, a killed kubectl and an API server outage; a taken port and a dead app are told apart;
// 30 forwards on two clusters hold steady for two minutes.
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import type { ForwardsFile } from '../../src/main/core/forwards/forwardStore';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { ForwardStatus } from '../../src/shared/contract';
import type { ForwardDraft } from '../../src/shared/domain/forward';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  startEchoServer,
  startHttpServer,
  kubectlPortForwards,
  tcpRoundTrip,
  waitFor,
} from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');
const NS = 'tether-fwd';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;

describe('port-forward supervisor against the real API server and kubectl', () => {
  let engine: Engine;
  let echo: LocalServer;
  let echoB: LocalServer;
  let http: LocalServer;
  const exposures: Exposure[] = [];
  const log = memoryLogger();
  const history: ForwardStatus[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    echoB = await startEchoServer();
    http = await startHttpServer();
    await Promise.all([fixtures.createNamespace(a, NS), fixtures.createNamespace(b, NS)]);
    await Promise.all([
      fixtures.createApp(a, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT }),
      fixtures.createApp(a, { namespace: NS, name: 'web', port: 80, containerPort: WEB_PORT }),
      fixtures.createApp(b, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT }),
    ]);
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } }),
      await exposeViaPortForward(a, { namespace: NS, port: WEB_PORT, target: { port: http.port } }),
      await exposeViaPortForward(b, { namespace: NS, port: ECHO_PORT, target: { port: echoB.port } }),
    );
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-forwards-')),
      mode: 'headless',
      log,
      env: {
        KUBECONFIG: h.kubeconfigPath,
        TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
        // This suite is about supervising kubectl children (native tunnels: nativeForwards).
        TETHER_FORWARD_ENGINE: 'kubectl',
        PATH: process.env.PATH,
      },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    engine.bus.subscribe((channel, payload) => {
      if (channel !== 'forwards:changed') return;
      const p = payload as { status: ForwardStatus | null };
      if (p.status) history.push(p.status);
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    expect(kubectlPortForwards()).toEqual([]);
    await Promise.all(exposures.map((e) => e.remove()));
    await Promise.all([echo?.close(), echoB?.close(), http?.close()]);
    await Promise.all([
      a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false }),
      b.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false }),
    ]);
  });

  const call = async <T>(channel: string, req: unknown): Promise<T> => {
    const r = await engine.dispatch(channel as never, req as never, { transport: 'in-process' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const save = async (draft: ForwardDraft) =>
    (await call<{ forward: ForwardStatus }>('forwards:save', { forward: draft })).forward.spec.id;
  const status = (id: string) => engine.forwards.status(id);
  const waitActive = (id: string, timeoutMs = 30_000) =>
    waitFor(async () => (status(id).state === 'Active' ? status(id) : undefined), {
      timeoutMs,
      intervalMs: 50,
      what: `forward ${id} Active (now ${status(id).state}: ${status(id).reason ?? ''})`,
    });
  const startActive = async (draft: ForwardDraft) => {
    const id = await save(draft);
    await call('forwards:start', { id });
    return waitActive(id);
  };

  it('forwards to a pod, a Service and a Deployment all reach the echo server', async () => {
    const [pod] = await fixtures.listPods(a, NS, 'app=echo');
    const targets = [`pod/${pod!.metadata.name}`, 'service/echo', 'deployment/echo'];
    for (const target of targets) {
      const s = await startActive({
        name: `echo ${target}`,
        context: a.context,
        namespace: NS,
        target,
        remotePort: ECHO_PORT,
      });
      expect(s.localPort).toBeGreaterThan(0);
      expect(s.pod).toBe(pod!.metadata.name);
      expect(await echoThrough(s.localPort!, `via ${target}\n`)).toBe(`via ${target}\n`);
      await call('forwards:stop', { id: s.spec.id });
    }
    const after = engine.forwards.status(engine.forwards.list()[0]!.spec.id);
    expect(after.state).toBe('Stopped');
    expect(after.traffic.totalConnections).toBeGreaterThan(0);
    expect(after.traffic.bytesIn).toBeGreaterThan(0);
  });

  it('a named Service port resolves through targetPort (service/web port 80 → 8080)', async () => {
    const s = await startActive({
      name: 'web svc',
      context: a.context,
      namespace: NS,
      target: 'svc/web',
      remotePort: 'main',
    });
    const res = await waitFor(() => fetch(`http://127.0.0.1:${s.localPort}/hello`).catch(() => undefined), {
      timeoutMs: 20_000,
      what: 'HTTP through the forward',
    });
    expect(res.status).toBe(200);
    await call('forwards:stop', { id: s.spec.id });
  });

  it('rollout restart: follows the new pod with no user action and no failed connection', async () => {
    const s = await startActive({
      name: 'echo rollout',
      context: a.context,
      namespace: NS,
      target: 'deployment/echo',
      remotePort: ECHO_PORT,
    });
    const port = s.localPort!;
    await echoThrough(port, 'warm');
    const before = s.pod;
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const client = (async () => {
      while (running) {
        const n = ok + failures.length;
        await tcpRoundTrip(port, `ping ${n}`, 10_000).then(
          () => ok++,
          (e: Error) => failures.push(e.message),
        );
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      await fixtures.rolloutRestart(a, NS, 'echo');
      await waitFor(async () => status(s.spec.id).pod !== before && status(s.spec.id).state === 'Active', {
        timeoutMs: 30_000,
        what: 'forward on the new pod',
      });
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      running = false;
      await client;
    }
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(10);
    const [newPod] = await fixtures.waitForRunningPods(a, NS, 'app=echo', 1);
    expect(status(s.spec.id).pod).toBe(newPod!.metadata.name);
    expect(await tcpRoundTrip(port, 'after rollout')).toBe('after rollout');
    await call('forwards:stop', { id: s.spec.id });
  });

  it('kubectl killed → the forward restarts it on the same local port', async () => {
    const s = await startActive({
      name: 'echo kill',
      context: a.context,
      namespace: NS,
      target: 'service/echo',
      remotePort: ECHO_PORT,
    });
    const [pid] = kubectlPortForwards();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await waitFor(async () => status(s.spec.id).restarts >= 1 && status(s.spec.id).state === 'Active', {
      timeoutMs: 20_000,
      what: 'restart after kill',
    });
    expect(kubectlPortForwards()).not.toContain(pid);
    expect(status(s.spec.id).localPort).toBe(s.localPort);
    expect(await echoThrough(s.localPort!, 'back')).toBe('back');
    expect(
      history.some(
        (x) => x.spec.id === s.spec.id && x.state === 'Reconnecting' && x.problem === 'tunnel-dead',
      ),
    ).toBe(true);
    await call('forwards:stop', { id: s.spec.id });
  });

  it('a local port already in use → a conflict naming the port, and no retry', async () => {
    const squatter = await startEchoServer();
    try {
      const id = await save({
        name: 'taken',
        context: a.context,
        namespace: NS,
        target: 'service/echo',
        remotePort: ECHO_PORT,
        localPort: squatter.port,
      });
      const err = await call('forwards:start', { id }).catch((e: Error & { code?: string }) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as { code?: string }).code).toBe('conflict');
      expect((err as Error).message).toContain(`Local port ${squatter.port}`);
      // The squatter is this test process; Linux's `ss` names it (macOS: lsof).
      if (process.platform === 'linux') expect((err as Error).message).toContain(`(pid ${process.pid})`);
      expect(status(id).state).toBe('Stopped');
      expect(kubectlPortForwards()).toEqual([]);
    } finally {
      await squatter.close();
    }
  });

  it('HTTP probe: a dead app is "app not answering", a dead tunnel is "tunnel dead"', async () => {
    const own = await startHttpServer();
    const ns2 = 'tether-fwd-probe';
    await fixtures.createNamespace(a, ns2);
    await fixtures.createApp(a, { namespace: ns2, name: 'api', port: 80, containerPort: 9090 });
    const rule = await exposeViaPortForward(a, { namespace: ns2, port: 9090, target: { port: own.port } });
    let restarted: LocalServer | undefined;
    try {
      const s = await startActive({
        name: 'probed',
        context: a.context,
        namespace: ns2,
        target: 'deployment/api',
        remotePort: 9090,
        probe: { type: 'http', path: '/healthz', intervalMs: 1_000, timeoutMs: 1_000, failureThreshold: 1 },
      });
      await waitFor(
        async () => status(s.spec.id).lastProbeAt !== null && status(s.spec.id).problem === null,
        {
          timeoutMs: 20_000,
          what: 'first good probe',
        },
      );
      const appPort = own.port;
      await own.close();
      await waitFor(async () => status(s.spec.id).problem === 'app-not-answering', {
        timeoutMs: 20_000,
        what: 'app not answering',
      });
      expect(status(s.spec.id).reason).toMatch(/GET \/healthz|refused/);
      // The app's refusals are not counted as tunnel failures: the forward never gives up on them.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(status(s.spec.id).state).not.toBe('Failed');
      expect(status(s.spec.id).problem).toBe('app-not-answering');
      restarted = await startHttpServer({ port: appPort });
      await waitFor(async () => status(s.spec.id).state === 'Active' && status(s.spec.id).problem === null, {
        timeoutMs: 20_000,
        what: 'app back',
      });
      for (const pid of kubectlPortForwards()) process.kill(pid, 'SIGKILL');
      await waitFor(async () => history.some((x) => x.spec.id === s.spec.id && x.problem === 'tunnel-dead'), {
        timeoutMs: 10_000,
        what: 'tunnel dead',
      });
      await waitActive(s.spec.id);
      await call('forwards:stop', { id: s.spec.id });
    } finally {
      await rule.remove();
      await (restarted ?? own).close();
      await a.kubectl(['delete', 'namespace', ns2, '--wait=false'], { reject: false });
    }
  });

  it('API server down → "waiting for cluster" without a restart storm; back up → Active', async () => {
    const s = await startActive({
      name: 'echo b',
      context: b.context,
      namespace: NS,
      target: 'service/echo',
      remotePort: ECHO_PORT,
    });
    await waitFor(async () => engine.clusters.clusterState(b.context) !== 'Unknown', {
      timeoutMs: 20_000,
      what: 'b checked',
    });
    await b.stopApiServer();
    let startsWhileDown = 0;
    try {
      await waitFor(async () => status(s.spec.id).problem === 'cluster-down', {
        timeoutMs: 40_000,
        what: 'waiting for cluster',
      });
      expect(status(s.spec.id).reason).toMatch(/waiting for cluster/);
      const pidsAtDown = new Set(kubectlPortForwards());
      const restartsAtDown = status(s.spec.id).restarts;
      // Ten seconds of outage: no kubectl is started into a dead cluster.
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        for (const pid of kubectlPortForwards()) if (!pidsAtDown.has(pid)) startsWhileDown++;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(startsWhileDown).toBe(0);
      expect(status(s.spec.id).restarts - restartsAtDown).toBeLessThanOrEqual(1);
    } finally {
      await b.startApiServer();
    }
    await waitActive(s.spec.id, 60_000);
    expect(await echoThrough(status(s.spec.id).localPort!, 'b is back')).toBe('b is back');
    await call('forwards:stop', { id: s.spec.id });
  });

  it('stop-all returns within 2 s and leaves no kubectl behind', async () => {
    const ids: string[] = [];
    for (const ctx of [a.context, b.context]) {
      for (let i = 0; i < 3; i++) {
        ids.push(
          await save({
            name: `bulk ${ctx} ${i}`,
            context: ctx,
            namespace: NS,
            target: 'service/echo',
            remotePort: ECHO_PORT,
          }),
        );
      }
    }
    const r = await call<{ errors: unknown[] }>('forwards:startAll', {});
    expect(r.errors).toEqual([]);
    for (const id of ids) await waitActive(id);
    const pids = kubectlPortForwards();
    expect(pids.length).toBeGreaterThanOrEqual(ids.length);
    const t0 = Date.now();
    await call('forwards:stopAll', {});
    expect(Date.now() - t0).toBeLessThan(2_000);
    // Within the same 2 s no kubectl port-forward is left (a child's exit is reaped a moment
    // after its stop resolves; one still launching ends its tunnel before the forward's stop does).
    while (kubectlPortForwards().length > 0 && Date.now() - t0 < 2_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(kubectlPortForwards()).toEqual([]);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    for (const id of ids) expect(status(id).state).toBe('Stopped');
  });

  it('30 forwards across 2 clusters stay Active for 2 minutes without flapping', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        await save({
          name: `soak ${i}`,
          context: i % 2 ? b.context : a.context,
          namespace: NS,
          target: i % 3 ? 'service/echo' : 'deployment/echo',
          remotePort: ECHO_PORT,
          probe: { type: 'tcp', intervalMs: 5_000, timeoutMs: 2_000, failureThreshold: 2 },
        }),
      );
    }
    for (const id of ids) await call('forwards:start', { id });
    for (const id of ids) await waitActive(id, 60_000);
    const soakIds = new Set(ids);
    const from = history.length;
    const pidsAtStart = kubectlPortForwards().sort();
    expect(pidsAtStart.length).toBeGreaterThanOrEqual(30);
    const until = Date.now() + 120_000;
    let rounds = 0;
    try {
      while (Date.now() < until) {
        // Every forward carries traffic each round, in parallel (the probes run meanwhile).
        await Promise.all(
          ids.map(async (id, i) => {
            const msg = `soak ${i} round ${rounds}\n`;
            expect(await echoThrough(status(id).localPort!, msg)).toBe(msg);
          }),
        );
        rounds++;
        await new Promise((r) => setTimeout(r, 10_000));
      }
      const flaps = history.slice(from).filter((x) => soakIds.has(x.spec.id) && x.state !== 'Active');
      expect(flaps.map((x) => `${x.spec.name}: ${x.state} ${x.reason ?? ''}`)).toEqual([]);
      for (const id of ids) {
        expect(status(id)).toMatchObject({ state: 'Active', problem: null, restarts: 0 });
        expect(status(id).lastProbeAt).toBeGreaterThan(until - 120_000);
      }
      expect(kubectlPortForwards().sort()).toEqual(pidsAtStart);
      expect(rounds).toBeGreaterThanOrEqual(10);
    } finally {
      for (const id of ids) await call('forwards:stop', { id });
    }
  }, 300_000);

  it('a client error never tears the forward down', async () => {
    const s = await startActive({
      name: 'echo rude',
      context: a.context,
      namespace: NS,
      target: 'service/echo',
      remotePort: ECHO_PORT,
    });
    for (let i = 0; i < 5; i++) {
      const sock = connect(s.localPort!, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      sock.write('half a message');
      sock.resetAndDestroy();
    }
    expect(await echoThrough(s.localPort!, 'still here')).toBe('still here');
    expect(status(s.spec.id).state).toBe('Active');
    await call('forwards:stop', { id: s.spec.id });
  });
});
