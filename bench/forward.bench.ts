/* eslint-disable no-console -- a benchmark prints its figures */
// npm run bench -- forward
// Figures for issue 6, against a real control plane and the real kubectl:
//   1. throughput through a Tether forward vs raw `kubectl port-forward` to the same pod, same run (goal ≥ 0.9×)
//   2. added latency of the local hop, p50/p99 for a small request/response (goal p50 ≤ 0.3 ms):
//      the LocalProxy in front of a local echo server vs that server directly (isolates our hop),
//      and end to end through the tunnel (Tether vs raw kubectl) for context
//   3. rollout restart → forward serving again, from the moment the new pod is Ready (goal ≤ 2 s, 0 failed connects)
//   4. memory per active forward: engine RSS growth + each kubectl child's RSS, over 10 forwards
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { silentLogger } from '../src/main/core/app/log';
import { createEngine, type Engine } from '../src/main/core/engine';
import type { ForwardsFile } from '../src/main/core/forwards/forwardStore';
import { LocalProxy } from '../src/main/core/forwards/localProxy';
import { isPodServing, podMeta } from '../src/main/core/forwards/podPicking';
import { defaultEngineSettings, type EngineSettings } from '../src/main/core/settings/engineSettings';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  kubectlPortForward,
  startEchoServer,
  startHarness,
  tcpRoundTrip,
  waitFor,
  type Harness,
  type LocalServer,
} from '../test/harness/index.ts';
import { rssBytes } from '../test/harness/procs.ts';

const NS = 'bench-fwd';
const PORT = 7000;
const MB = 1024 * 1024;
const THROUGHPUT_BYTES = Number(process.env.TETHER_BENCH_BYTES ?? 64 * MB);

function memoryStorage<T>(initial: T) {
  let v = initial;
  return { read: () => v, write: (n: T) => void (v = n) };
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Sends `bytes` through an echo at `port` and times until all came back: MB/s. */
async function throughput(port: number, bytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', noDelay: true });
    let got = 0;
    let sent = 0;
    const t0 = performance.now();
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!s.write(chunk)) return void s.once('drain', pump);
      }
    };
    s.on('connect', pump);
    s.on('data', (d) => {
      got += d.length;
      if (got >= bytes) {
        const secs = (performance.now() - t0) / 1000;
        s.destroy();
        resolve(bytes / MB / secs);
      }
    });
    s.on('error', reject);
  });
}

/** Round-trip times (ms) of `n` 32-byte ping-pongs over one connection. */
async function pingPong(port: number, n: number): Promise<number[]> {
  const s: Socket = connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise((r) => s.once('connect', r));
  const out: number[] = [];
  const msg = Buffer.alloc(32, 0x62);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (d: Buffer) => {
        got += d.length;
        if (got >= msg.length) {
          s.off('data', onData);
          resolve();
        }
      };
      s.on('data', onData);
      s.write(msg);
    });
    out.push(performance.now() - t0);
  }
  s.destroy();
  return out;
}

describe('forward benchmark', () => {
  let h: Harness;
  let engine: Engine;
  let echo: LocalServer;

  beforeAll(async () => {
    h = await startHarness({ clusters: ['fwdbench'] });
    const c = h.clusters[0]!;
    echo = await startEchoServer();
    await fixtures.createNamespace(c, NS);
    await fixtures.createApp(c, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT });
    await exposeViaPortForward(c, { namespace: NS, port: PORT, target: { port: echo.port } });
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-fwd-bench-')),
      mode: 'headless',
      log: silentLogger,
      env: {
        KUBECONFIG: h.kubeconfigPath,
        TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
        PATH: process.env.PATH,
      },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    await engine.start();
  }, 300_000);

  afterAll(async () => {
    await engine?.stop();
    await echo?.close();
    await h?.stop();
  }, 120_000);

  const startForward = async (name: string, target = 'deployment/echo') => {
    const c = h.clusters[0]!;
    const { forward } = await engine.forwards.save({
      name,
      context: c.context,
      namespace: NS,
      target,
      remotePort: PORT,
      probe: { type: 'none' },
    });
    await engine.forwards.start(forward.spec.id);
    return waitFor(
      async () => {
        const s = engine.forwards.status(forward.spec.id);
        return s.state === 'Active' ? s : undefined;
      },
      { timeoutMs: 30_000, what: `${name} Active` },
    );
  };

  it('throughput and latency: Tether vs raw kubectl, and the local hop alone', async () => {
    const c = h.clusters[0]!;
    const s = await startForward('bench');
    await echoThrough(s.localPort!, 'warm');
    const raw = await kubectlPortForward(c, `pod/${s.pod!}`, PORT, { namespace: NS });
    try {
      await echoThrough(raw.localPort, 'warm');
      const runs = 3;
      const tether: number[] = [];
      const kubectl: number[] = [];
      for (let i = 0; i < runs; i++) {
        kubectl.push(await throughput(raw.localPort, THROUGHPUT_BYTES));
        tether.push(await throughput(s.localPort!, THROUGHPUT_BYTES));
      }
      const tMed = pct(tether, 0.5);
      const kMed = pct(kubectl, 0.5);
      console.log(
        `[forward] throughput (${THROUGHPUT_BYTES / MB} MB echoed, median of ${runs}): Tether ${tMed.toFixed(1)} MB/s, raw kubectl ${kMed.toFixed(1)} MB/s, ratio ${(tMed / kMed).toFixed(2)}× (goal ≥ 0.9×)`,
      );

      const e2eT = await pingPong(s.localPort!, 500);
      const e2eK = await pingPong(raw.localPort, 500);
      console.log(
        `[forward] end-to-end ping-pong through the tunnel: Tether p50 ${pct(e2eT, 0.5).toFixed(3)} ms p99 ${pct(e2eT, 0.99).toFixed(3)} ms; raw kubectl p50 ${pct(e2eK, 0.5).toFixed(3)} ms p99 ${pct(e2eK, 0.99).toFixed(3)} ms`,
      );
    } finally {
      await raw.stop();
    }

    // The local hop alone: LocalProxy → local echo server vs the server directly.
    const local = createServer((sock) => {
      sock.on('error', () => {});
      sock.pipe(sock);
    });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    const localPort = (local.address() as { port: number }).port;
    const proxy = new LocalProxy({ host: '127.0.0.1', port: 0, onUpstreamFailure: () => {} });
    const proxyPort = await proxy.listen();
    proxy.setUpstream(localPort);
    await pingPong(proxyPort, 200);
    await pingPong(localPort, 200);
    const direct = await pingPong(localPort, 5_000);
    const via = await pingPong(proxyPort, 5_000);
    const added50 = pct(via, 0.5) - pct(direct, 0.5);
    const added99 = pct(via, 0.99) - pct(direct, 0.99);
    console.log(
      `[forward] local hop, 32-byte ping-pong ×5000: direct p50 ${pct(direct, 0.5).toFixed(3)} ms p99 ${pct(direct, 0.99).toFixed(3)} ms; via Tether p50 ${pct(via, 0.5).toFixed(3)} ms p99 ${pct(via, 0.99).toFixed(3)} ms; added p50 ${added50.toFixed(3)} ms p99 ${added99.toFixed(3)} ms (goal p50 ≤ 0.3 ms)`,
    );
    await proxy.close();
    local.close();
    await engine.forwards.stopAll();
  }, 600_000);

  it('rollout restart → serving again, from the new pod Ready', async () => {
    const c = h.clusters[0]!;
    const s = await startForward('rollout');
    const port = s.localPort!;
    await echoThrough(port, 'warm');
    const oldPod = s.pod!;
    let newReadyAt: number | undefined;
    let newPod: string | undefined;
    const unsub = engine.clusters.onPodsChanged(c.context, () => {
      if (newReadyAt) return;
      for (const p of engine.clusters.monitor(c.context).rawPods()) {
        const m = podMeta(p);
        if (m.namespace === NS && m.name !== oldPod && m.labels.app === 'echo' && isPodServing(p)) {
          newReadyAt = performance.now();
          newPod = m.name;
        }
      }
    });
    let ok = 0;
    let failed = 0;
    let servingAt: number | undefined;
    let running = true;
    const client = (async () => {
      while (running) {
        const ok1 = await tcpRoundTrip(port, 'x', 10_000).then(
          () => true,
          () => false,
        );
        if (ok1) ok++;
        else failed++;
        if (ok1 && newPod && servingAt === undefined && engine.forwards.status(s.spec.id).pod === newPod)
          servingAt = performance.now();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await fixtures.rolloutRestart(c, NS, 'echo');
    await waitFor(async () => servingAt !== undefined, { timeoutMs: 30_000, what: 'serving on the new pod' });
    running = false;
    await client;
    unsub();
    console.log(
      `[forward] rollout restart: serving on the new pod ${((servingAt! - newReadyAt!) / 1000).toFixed(2)} s after it was Ready (includes waiting for the old pod to be deleted; goal ≤ 2 s); connects: ${ok} ok, ${failed} failed (goal 0)`,
    );
    await engine.forwards.stopAll();
  }, 300_000);

  it('memory per active forward (engine + kubectl child)', async () => {
    const N = 10;
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await startForward(`mem ${i}`, 'service/echo')).spec.id);
    for (const id of ids) await echoThrough(engine.forwards.status(id).localPort!, 'x');
    (globalThis as { gc?: () => void }).gc?.();
    const engineGrowth = process.memoryUsage().rss - before;
    const kids = engine.forwards.childPids();
    const kubectlRss = kids.reduce((sum, pid) => sum + rssBytes(pid), 0);
    console.log(
      `[forward] memory per active forward over ${N}: engine +${(engineGrowth / N / MB).toFixed(2)} MB, kubectl child ${(kubectlRss / kids.length / MB).toFixed(1)} MB, total ${((engineGrowth + kubectlRss) / N / MB).toFixed(1)} MB`,
    );
    await engine.forwards.stopAll();
  }, 300_000);
});
