/* eslint-disable no-console -- a benchmark prints its figures */
// npm run bench -- forward
// Figures for issue 6, against a real control plane and the real kubectl:
//   1. throughput through a Tether forward vs raw `kubectl port-forward` to the same pod, same run (goal ≥ 0.9×)
//   2. added latency of the local hop, p50/p99 for a small request/response (goal p50 ≤ 0.3 ms):
//      the LocalProxy in front of a local echo server vs that server directly (isolates our hop),
//      and end to end through the tunnel (Tether vs raw kubectl) for context
//   3. rollout restart → forward serving again, from the moment the new pod is Ready (goal ≤ 2 s, 0 failed connects)
//   4. memory per active forward: engine RSS growth + each kubectl child's RSS, over 10 forwards
// Tether's forwards run on the engine's own tunnel (no kubectl child; TETHER_FORWARD_PROTOCOL
// forces one protocol) unless TETHER_FORWARD_ENGINE=kubectl; the raw kubectl baseline is the
// same either way.
// The echo server and the measuring client run on a worker thread (forwardLoad.worker.ts), as a
// user's app and client run outside the engine; the engine (and its LocalProxy) keeps this thread.
import { mkdtempSync, readFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { silentLogger } from '../src/main/core/app/log';
import { createEngine, type Engine } from '../src/main/core/engine';
import type { ForwardsFile } from '../src/main/core/forwards/forwardStore';
import { LocalProxy } from '../src/main/core/forwards/localProxy';
import { tcpDialer } from '../src/main/core/forwards/tunnel/dialer';
import { isPodServing, podMeta } from '../src/main/core/forwards/podPicking';
import { defaultEngineSettings, type EngineSettings } from '../src/main/core/settings/engineSettings';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  kubectlPortForward,
  startHarness,
  tcpRoundTrip,
  waitFor,
  type Harness,
} from '../test/harness/index.ts';
import { rssBytes } from '../test/harness/procs.ts';
import type { LoadRequest } from './forwardLoad.worker.ts';

const NS = 'bench-fwd';
const PORT = 7000;
const MB = 1024 * 1024;
const THROUGHPUT_BYTES = Number(process.env.TETHER_BENCH_BYTES ?? 64 * MB);
const ENGINE = process.env.TETHER_FORWARD_ENGINE === 'kubectl' ? 'kubectl' : 'native';

function memoryStorage<T>(initial: T) {
  let v = initial;
  return { read: () => v, write: (n: T) => void (v = n) };
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** The load thread (forwardLoad.worker.ts): echo server and measuring client, off the engine's loop. */
function startLoad() {
  const worker = new Worker(new URL('./forwardLoad.worker.ts', import.meta.url));
  worker.unref();
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.value);
  });
  const ask = <T>(req: DistributiveOmit<LoadRequest, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id });
    });
  return {
    echoServer: () => ask<number>({ op: 'echo-server' }),
    throughput: (port: number, bytes: number) => ask<number>({ op: 'throughput', port, bytes }),
    pingPong: (port: number, n: number) => ask<number[]>({ op: 'ping-pong', port, n }),
    stop: () => worker.terminate(),
  };
}
/** CPU time of a process from /proc (utime + stime), in ms; 0 when it is gone. */
function procCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Whole-machine busy and idle jiffies from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const [, ...nums] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const v = nums.map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total };
}

/** Adds up, over several timed runs, this process's CPU, one child's CPU and the machine's load. */
function newCpuTally() {
  const t = { selfMs: 0, childMs: 0, busy: 0, total: 0 };
  return {
    get selfMs() {
      return t.selfMs;
    },
    get childMs() {
      return t.childMs;
    },
    busyPct: () => (t.total ? Math.round((100 * t.busy) / t.total) : 0),
    async during<T>(run: () => Promise<T>, childPid?: number): Promise<T> {
      const self0 = process.cpuUsage();
      const child0 = childPid ? procCpuMs(childPid) : 0;
      const m0 = machineJiffies();
      const r = await run();
      const self = process.cpuUsage(self0);
      t.selfMs += (self.user + self.system) / 1000;
      if (childPid) t.childMs += procCpuMs(childPid) - child0;
      const m1 = machineJiffies();
      t.busy += m1.busy - m0.busy;
      t.total += m1.total - m0.total;
      return r;
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

describe('forward benchmark', () => {
  let h: Harness;
  let engine: Engine;
  let load: ReturnType<typeof startLoad>;

  beforeAll(async () => {
    h = await startHarness({ clusters: ['fwdbench'] });
    const c = h.clusters[0]!;
    load = startLoad();
    const echoPort = await load.echoServer();
    // A fresh cluster has no nodes: without one the echo pods are never scheduled.
    await fixtures.createNodes(c, [{ name: 'bench-node-0' }]);
    await fixtures.createNamespace(c, NS);
    await fixtures.createApp(c, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT });
    await exposeViaPortForward(c, { namespace: NS, port: PORT, target: { port: echoPort } });
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-fwd-bench-')),
      mode: 'headless',
      log: silentLogger,
      env: {
        KUBECONFIG: h.kubeconfigPath,
        TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
        PATH: process.env.PATH,
        TETHER_FORWARD_ENGINE: ENGINE,
      },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    await engine.start();
  }, 300_000);

  afterAll(async () => {
    await engine?.stop();
    await load?.stop();
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
      const runs = 5;
      const tether: number[] = [];
      const kubectl: number[] = [];
      const [tetherKubectl] = engine.forwards.childPids();
      // Where the CPU goes (this machine runs the API server and kwok's end of the stream too).
      const cpu = { raw: newCpuTally(), tether: newCpuTally() };
      for (let i = 0; i < runs; i++) {
        kubectl.push(await cpu.raw.during(() => load.throughput(raw.localPort, THROUGHPUT_BYTES)));
        tether.push(
          await cpu.tether.during(() => load.throughput(s.localPort!, THROUGHPUT_BYTES), tetherKubectl),
        );
      }
      const tMed = pct(tether, 0.5);
      const kMed = pct(kubectl, 0.5);
      console.log(
        `[forward] throughput (${THROUGHPUT_BYTES / MB} MB echoed, median of ${runs}): Tether (${ENGINE} engine) ${tMed.toFixed(1)} MB/s, raw kubectl ${kMed.toFixed(1)} MB/s, ratio ${(tMed / kMed).toFixed(2)}× (goal ≥ 0.9×)`,
      );
      const mbMoved = (runs * THROUGHPUT_BYTES) / MB;
      const perMb = (ms: number) => `${(ms / mbMoved).toFixed(2)} ms/MB`;
      console.log(
        `[forward] CPU during those runs (${os.availableParallelism()} cores): machine busy ${cpu.raw.busyPct()}% (raw) vs ${cpu.tether.busyPct()}% (Tether); ` +
          `this process (engine + load thread) ${perMb(cpu.raw.selfMs)} (raw) vs ${perMb(cpu.tether.selfMs)} (Tether) → local hop ≈ ${perMb(cpu.tether.selfMs - cpu.raw.selfMs)}; ` +
          `Tether's kubectl ${perMb(cpu.tether.childMs)}`,
      );

      const e2eT = await load.pingPong(s.localPort!, 500);
      const e2eK = await load.pingPong(raw.localPort, 500);
      console.log(
        `[forward] end-to-end ping-pong through the tunnel: Tether p50 ${pct(e2eT, 0.5).toFixed(3)} ms p99 ${pct(e2eT, 0.99).toFixed(3)} ms; raw kubectl p50 ${pct(e2eK, 0.5).toFixed(3)} ms p99 ${pct(e2eK, 0.99).toFixed(3)} ms`,
      );
    } finally {
      await raw.stop();
    }

    // The local hop alone: the engine's LocalProxy in front of the load thread's echo server,
    // against that server directly.
    const localPort = await load.echoServer();
    const proxy = new LocalProxy({ host: '127.0.0.1', port: 0, onUpstreamFailure: () => {} });
    const proxyPort = await proxy.listen();
    proxy.setUpstream(tcpDialer(localPort));
    await load.pingPong(proxyPort, 200);
    await load.pingPong(localPort, 200);
    const direct = await load.pingPong(localPort, 5_000);
    const via = await load.pingPong(proxyPort, 5_000);
    const added50 = pct(via, 0.5) - pct(direct, 0.5);
    const added99 = pct(via, 0.99) - pct(direct, 0.99);
    console.log(
      `[forward] local hop, 32-byte ping-pong ×5000: direct p50 ${pct(direct, 0.5).toFixed(3)} ms p99 ${pct(direct, 0.99).toFixed(3)} ms; via Tether p50 ${pct(via, 0.5).toFixed(3)} ms p99 ${pct(via, 0.99).toFixed(3)} ms; added p50 ${added50.toFixed(3)} ms p99 ${added99.toFixed(3)} ms (goal p50 ≤ 0.3 ms)`,
    );
    await proxy.close();
    await engine.forwards.stopAll();
  }, 600_000);

  it('rollout restart → serving again, from the new pod Ready', async () => {
    const c = h.clusters[0]!;
    const s = await startForward('rollout');
    const port = s.localPort!;
    await echoThrough(port, 'warm');
    const ROLLOUTS = 3;
    const seconds: number[] = [];
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < ROLLOUTS; i++) {
      const oldPod = engine.forwards.status(s.spec.id).pod!;
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
      await waitFor(async () => servingAt !== undefined, {
        timeoutMs: 30_000,
        what: 'serving on the new pod',
      });
      // Keep connecting while the old pod terminates and its kubectl is retired.
      await new Promise((r) => setTimeout(r, 2_000));
      running = false;
      await client;
      unsub();
      seconds.push((servingAt! - newReadyAt!) / 1000);
      await fixtures.waitForRunningPods(c, NS, 'app=echo', 1);
    }
    console.log(
      `[forward] rollout restart ×${ROLLOUTS}: serving on the new pod ${seconds.map((x) => x.toFixed(2)).join(' / ')} s after it was Ready (worst ${Math.max(...seconds).toFixed(2)} s; goal ≤ 2 s); connects every 50 ms: ${ok} ok, ${failed} failed (goal 0)`,
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
    const perChild = kids.length ? `${(kubectlRss / kids.length / MB).toFixed(1)} MB` : 'none';
    console.log(
      `[forward] memory per active forward over ${N} (${ENGINE} engine): engine +${(engineGrowth / N / MB).toFixed(2)} MB, kubectl child ${perChild}, total ${((engineGrowth + kubectlRss) / N / MB).toFixed(1)} MB`,
    );
    await engine.forwards.stopAll();
  }, 300_000);
});
