// Forwards carried by the engine itself (TETHER_FORWARD_ENGINE=native: the protocols in the
// engine's order, of which SPDY over WebSocket wins on this API server; no kubectl child)
// against the real control plane: a pod, a Service and a Deployment reach a local echo server through kwok; a rollout is followed with no failed
// connection; the HTTP probe runs through the native tunnel; a deleted pod's forward moves on;
// nothing is left behind.
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
  descendantsNamed,
  echoThrough,
  exposeViaPortForward,
  fixtures,
  startEchoServer,
  startHttpServer,
  tcpRoundTrip,
  waitFor,
} from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-native-fwd';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;
const DOWN_PORT = 7100;

describe('native forwards (SPDY over WebSocket, no kubectl) against the real API server', () => {
  let engine: Engine;
  let echo: LocalServer;
  let http: LocalServer;
  const exposures: Exposure[] = [];
  const log = memoryLogger();

  beforeAll(async () => {
    echo = await startEchoServer();
    http = await startHttpServer();
    await fixtures.createNamespace(a, NS);
    await Promise.all([
      fixtures.createApp(a, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT }),
      fixtures.createApp(a, { namespace: NS, name: 'web', port: 80, containerPort: WEB_PORT }),
    ]);
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } }),
      await exposeViaPortForward(a, { namespace: NS, port: WEB_PORT, target: { port: http.port } }),
    );
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-native-')),
      mode: 'headless',
      log,
      // No TETHER_KUBECTL and no PATH: a forward that tried kubectl could not start at all.
      env: { KUBECONFIG: h.kubeconfigPath, TETHER_FORWARD_ENGINE: 'native' },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await Promise.all(exposures.map((e) => e.remove()));
    await Promise.all([echo?.close(), http?.close()]);
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  const call = async <T>(channel: string, req: unknown): Promise<T> => {
    const r = await engine.dispatch(channel as never, req as never, { transport: 'in-process' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const status = (id: string) => engine.forwards.status(id);
  const startActive = async (draft: ForwardDraft): Promise<ForwardStatus> => {
    const id = (await call<{ forward: ForwardStatus }>('forwards:save', { forward: draft })).forward.spec.id;
    await call('forwards:start', { id });
    return await waitFor(async () => (status(id).state === 'Active' ? status(id) : undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `forward ${id} Active (now ${status(id).state}: ${status(id).reason ?? ''})`,
    });
  };

  it('a pod, a Service and a Deployment reach the echo server over SPDY inside a WebSocket, with no kubectl child', async () => {
    const [pod] = await fixtures.listPods(a, NS, 'app=echo');
    for (const target of [`pod/${pod!.metadata.name}`, 'service/echo', 'deployment/echo']) {
      const s = await startActive({
        name: `native ${target}`,
        context: a.context,
        namespace: NS,
        target,
        remotePort: ECHO_PORT,
      });
      expect(s.protocol).toBe('spdy-websocket');
      expect(s.protocolNote).toBeNull();
      expect(s.pod).toBe(pod!.metadata.name);
      expect(descendantsNamed('kubectl')).toEqual([]);
      expect(await echoThrough(s.localPort!, `via ${target}\n`)).toBe(`via ${target}\n`);
      await call('forwards:stop', { id: s.spec.id });
      expect(status(s.spec.id).protocol).toBeNull();
    }
  });

  it("an app that refuses: that connection ends, the forward stays Active on the same session and its status shows the server's error text", async () => {
    // A port behind the pod where nothing listens: kwok dials it and is refused.
    const gone = await startEchoServer();
    const deadPort = gone.port;
    await gone.close();
    await fixtures.createApp(a, { namespace: NS, name: 'down', port: DOWN_PORT, containerPort: DOWN_PORT });
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: DOWN_PORT, target: { port: deadPort } }),
    );
    const s = await startActive({
      name: 'refusing app',
      context: a.context,
      namespace: NS,
      target: 'deployment/down',
      remotePort: DOWN_PORT,
      // No probe: the one connection below is the only one.
      probe: { type: 'none' },
    });
    expect(s.lastConnectionError ?? null).toBeNull();
    const outcome = await new Promise<string>((resolve) => {
      const c = connect({ port: s.localPort!, host: '127.0.0.1' }, () => c.write('anyone?'));
      let got = '';
      c.on('data', (d: Buffer) => (got += d.toString()));
      c.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
      c.on('close', () => resolve(`closed after ${JSON.stringify(got)}`));
    });
    expect(outcome).toBe('closed after ""');
    const after = await waitFor(
      async () => (status(s.spec.id).lastConnectionError ? status(s.spec.id) : undefined),
      {
        timeoutMs: 10_000,
        what: 'the refused connection in the status',
      },
    );
    console.log(`refusing app: the status shows ${JSON.stringify(after.lastConnectionError)}`);
    expect(after.lastConnectionError!.message).toMatch(/refused/i);
    expect(after.lastConnectionError!.message).toContain(String(deadPort));
    expect(after).toMatchObject({
      state: 'Active',
      protocol: 'spdy-websocket',
      restarts: 0,
      localPort: s.localPort,
    });
    await call('forwards:stop', { id: s.spec.id });
  });

  it('HTTP through a named Service port, and the HTTP probe runs through the native tunnel', async () => {
    const s = await startActive({
      name: 'native web',
      context: a.context,
      namespace: NS,
      target: 'svc/web',
      remotePort: 'main',
      probe: { type: 'http', path: '/healthz', intervalMs: 1_000, timeoutMs: 1_000, failureThreshold: 1 },
    });
    const res = await fetch(`http://127.0.0.1:${s.localPort}/hello`);
    expect(res.status).toBe(200);
    await waitFor(async () => status(s.spec.id).lastProbeAt !== null && status(s.spec.id).problem === null, {
      timeoutMs: 20_000,
      what: 'a good probe through the native tunnel',
    });
    // Probe traffic is not the user's: only the one fetch above counts.
    expect(status(s.spec.id).traffic.totalConnections).toBe(1);
    await call('forwards:stop', { id: s.spec.id });
  });

  it('rollout restart: follows the new pod with no failed connection', async () => {
    const s = await startActive({
      name: 'native rollout',
      context: a.context,
      namespace: NS,
      target: 'deployment/echo',
      remotePort: ECHO_PORT,
    });
    const port = s.localPort!;
    const before = s.pod;
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const client = (async () => {
      while (running) {
        await tcpRoundTrip(port, `ping ${ok + failures.length}`, 10_000).then(
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
    expect(status(s.spec.id).protocol).toBe('spdy-websocket');
    await call('forwards:stop', { id: s.spec.id });
  });

  it('a forward to a pod that is deleted: Reconnecting with the reason, Active again when a pod of that name returns', async () => {
    const name = 'native-single';
    await fixtures.createPod(a, { namespace: NS, name, state: 'running', containerPort: ECHO_PORT });
    const rule = await exposeViaPortForward(a, {
      namespace: NS,
      port: ECHO_PORT,
      target: { port: echo.port },
      podName: name,
    });
    try {
      const s = await startActive({
        name: 'native pod',
        context: a.context,
        namespace: NS,
        target: `pod/${name}`,
        remotePort: ECHO_PORT,
      });
      expect(await echoThrough(s.localPort!, 'one\n')).toBe('one\n');
      await a.kubectl(['delete', 'pod', name, '-n', NS, '--grace-period=0', '--force']);
      await waitFor(async () => status(s.spec.id).state !== 'Active', {
        timeoutMs: 30_000,
        what: 'the forward to notice',
      });
      expect(status(s.spec.id).reason ?? '').not.toBe('');
      await fixtures.createPod(a, { namespace: NS, name, state: 'running', containerPort: ECHO_PORT });
      await waitFor(async () => status(s.spec.id).state === 'Active', {
        timeoutMs: 60_000,
        what: 'Active again',
      });
      expect(status(s.spec.id).localPort).toBe(s.localPort);
      expect(await echoThrough(s.localPort!, 'two\n')).toBe('two\n');
      await call('forwards:stop', { id: s.spec.id });
    } finally {
      await rule.remove();
    }
  });

  it('stop-all returns within 2 s with connections open', async () => {
    const s = await startActive({
      name: 'native stop',
      context: a.context,
      namespace: NS,
      target: 'service/echo',
      remotePort: ECHO_PORT,
    });
    const { connect } = await import('node:net');
    const open = Array.from({ length: 5 }, () => connect(s.localPort!, '127.0.0.1'));
    await Promise.all(open.map((c) => new Promise((r) => c.once('connect', r))));
    for (const c of open) c.on('error', () => undefined);
    const t0 = performance.now();
    await engine.forwards.stopAll();
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(status(s.spec.id).state).toBe('Stopped');
  });
});
