/* eslint-disable no-console -- a benchmark prints its figures */
// npm run bench -- forward   (memory figures run the built `tether serve`: npm run build first)
// Forwards against a real control plane, each figure beside raw `kubectl port-forward` to the
// same pod in the same run, with its goal and PASS or MISS:
//   1. throughput, native / raw kubectl: median of TETHER_BENCH_RUNS (5) transfers of
//      TETHER_BENCH_BYTES (256 MB) each way at once — goal ≥ 1.1×; then, on an engine of its
//      own made for its rounds (one engine in the process at a time, as a user runs it), each
//      other native protocol (raw SPDY, the legacy WebSocket) forced in turn against kubectl
//      again (TETHER_BENCH_PROTOCOLS narrows them); CPU per MB of raw kubectl and of the engine
//      (TETHER_BENCH_CPU_PROFILE=<file> writes a CPU profile of the engines over these runs)
//   2. added round-trip latency over raw kubectl for a 32-byte ping-pong, p50 and p99 —
//      goal p50 ≤ 0.1 ms
//   3. time to first byte of a new connection, native / kubectl (medians) — goal ≤ 1.0×
//   4. rollout restart: serving on the new pod after it is Ready — goal ≤ 0.5 s, 0 failed
//      connects while a client connects every 50 ms
//   5. memory of the engine (`tether serve`, its own process, RSS from /proc): with 0, 10 and 50
//      idle forwards — goal ≤ 1 MB per idle forward; with 200 open connections — goal ≤ 100 KB
//      per connection; engine + children with 10 clusters and 20 forwards — goal ≤ 150 MB
//      (10 contexts on one API server, see forwardMemory.ts); raw kubectl's RSS per forward beside it
// The machine's load average is printed at the start and the end: figures from a busy machine
// are noisy, the ratios (both sides in the same run) less so.
// Forwards run on the engine's own tunnel (TETHER_FORWARD_PROTOCOL forces one protocol) unless
// TETHER_FORWARD_ENGINE=kubectl; the raw kubectl baseline is the same either way. The echo
// server and the measuring client run on a worker thread (forwardLoad.worker.ts), as a user's
// app and client run outside the engine; the in-process engines keep this thread.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { silentLogger } from '../src/main/core/app/log';
import { createEngine, type Engine } from '../src/main/core/engine';
import type { ForwardsFile } from '../src/main/core/forwards/forwardStore';
import { isPodServing, podMeta } from '../src/main/core/forwards/podPicking';
import { defaultEngineSettings, type EngineSettings } from '../src/main/core/settings/engineSettings';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  kubectlPortForward,
  processesMentioning,
  startHarness,
  tcpRoundTrip,
  waitFor,
  type Harness,
} from '../test/harness/index.ts';
import { readPidFile } from '../test/harness/procs.ts';
import type { ServedEngine } from '../test/support/servedEngine';
import type { LoadRequest } from './forwardLoad.worker.ts';
import {
  kubeconfigWithClusters,
  openConnections,
  rssOf,
  rssWithChildren,
  servedEngine,
  settledRss,
  startWarmForwards,
  stopServed,
} from './forwardMemory';

const NS = 'bench-fwd';
const PORT = 7000;
const MB = 1024 * 1024;
const THROUGHPUT_BYTES = Number(process.env.TETHER_BENCH_BYTES ?? 256 * MB);
const RUNS = Number(process.env.TETHER_BENCH_RUNS ?? 5);
const ENGINE = process.env.TETHER_FORWARD_ENGINE === 'kubectl' ? 'kubectl' : 'native';
/** The native protocols measured one by one (TETHER_BENCH_PROTOCOLS, comma-separated, narrows them). */
const BY_PROTOCOL = (process.env.TETHER_BENCH_PROTOCOLS ?? 'spdy-websocket,spdy,websocket')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);

function memoryStorage<T>(initial: T) {
  let v = initial;
  return { read: () => v, write: (n: T) => void (v = n) };
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const loadText = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min) on ${os.availableParallelism()} cores`;

/** Every goal's line, printed again together at the end. */
const summary: string[] = [];
function figure(line: string, ok?: boolean): void {
  const text = ok === undefined ? `[forward] ${line}` : `[forward] ${verdict(ok)} ${line}`;
  console.log(text);
  if (ok !== undefined) summary.push(text);
}

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
    firstByte: (port: number, n: number) => ask<number[]>({ op: 'ttfb', port, n }),
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
/**
 * With TETHER_BENCH_CPU_PROFILE=<file>: a CPU profile of this thread (the engines) over the
 * throughput runs, for Chrome DevTools (node --cpu-prof does not get one: vitest ends its
 * worker process before Node writes it).
 */
async function startProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.TETHER_BENCH_CPU_PROFILE;
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`[forward] CPU profile of the engines' thread: ${file}`);
    },
  };
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One side of a comparison: a local port carrying connections to the echo pod. */
interface Side {
  name: string;
  port: number;
}

describe('forward benchmark', () => {
  let h: Harness;
  let load: ReturnType<typeof startLoad>;
  /** The default engine (protocols in order, or kubectl when asked); each forced protocol's engine lives only for its rounds. */
  const engines = new Map<string, Engine>();
  let served: ServedEngine | undefined;

  const makeEngine = async (protocol?: string) => {
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    const engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-fwd-bench-')),
      mode: 'headless',
      log: silentLogger,
      env: {
        KUBECONFIG: h.kubeconfigPath,
        TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
        PATH: process.env.PATH,
        TETHER_FORWARD_ENGINE: ENGINE,
        ...(protocol ? { TETHER_FORWARD_PROTOCOL: protocol } : {}),
      },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    await engine.start();
    return engine;
  };

  beforeAll(async () => {
    console.log(`[forward] start: ${loadText()}`);
    h = await startHarness({ clusters: ['fwdbench'] });
    const c = h.clusters[0]!;
    load = startLoad();
    const echoPort = await load.echoServer();
    // A fresh cluster has no nodes: without one the echo pods are never scheduled.
    await fixtures.createNodes(c, [{ name: 'bench-node-0' }]);
    await fixtures.createNamespace(c, NS);
    await fixtures.createApp(c, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT });
    await exposeViaPortForward(c, { namespace: NS, port: PORT, target: { port: echoPort } });
    engines.set('default', await makeEngine());
  }, 300_000);

  afterAll(async () => {
    await stopServed(served);
    for (const e of engines.values()) await e.stop();
    await load?.stop();
    await h?.stop();
    console.log(`\n[forward] summary (${ENGINE} engine; goals beside each figure):`);
    for (const line of summary) console.log(line);
    console.log(`[forward] end: ${loadText()}`);
  }, 120_000);

  const startForward = async (engine: Engine, name: string, target = 'deployment/echo') => {
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
    const s = await waitFor(
      async () => {
        const st = engine.forwards.status(forward.spec.id);
        return st.state === 'Active' ? st : undefined;
      },
      { timeoutMs: 30_000, what: `${name} Active` },
    );
    await echoThrough(s.localPort!, 'warm');
    return s;
  };

  /**
   * One side against raw kubectl in the same rounds: throughput (median of RUNS, with the CPU
   * per MB of each process), then blocks of ping-pong and first byte, alternating. `goals`: this
   * side is the default protocol, whose figures carry the goals.
   */
  const compare = async (kubectl: Side & { pid: number | undefined }, side: Side, goals: boolean) => {
    const c = h.clusters[0]!;
    // Throughput: rounds of kubectl then the native side, so drift in the machine's load
    // touches both alike.
    const mbps = new Map<string, number[]>([kubectl, side].map((x) => [x.name, []]));
    // CPU of this process (the engine and the load thread) and of raw kubectl, per side.
    const cpuMs = new Map<string, { self: number; kubectl: number; apiserver: number; kwok: number }>();
    const rawPid = kubectl.pid;
    const pidOf = (component: string) => readPidFile(join(c.info.clusterDir, 'pids', `${component}.pid`));
    const [apiPid, kwokPid] = [pidOf('kube-apiserver'), pidOf('kwok-controller')];
    const cpuOf = (pid: number | undefined) => (pid ? procCpuMs(pid) : 0);
    const profiler = goals ? await startProfile() : undefined;
    for (let i = 0; i < RUNS; i++) {
      for (const x of [kubectl, side]) {
        const self0 = process.cpuUsage();
        const [raw0, api0, kwok0] = [cpuOf(rawPid), cpuOf(apiPid), cpuOf(kwokPid)];
        mbps.get(x.name)!.push(await load.throughput(x.port, THROUGHPUT_BYTES));
        const self = process.cpuUsage(self0);
        const c0 = cpuMs.get(x.name) ?? { self: 0, kubectl: 0, apiserver: 0, kwok: 0 };
        c0.self += (self.user + self.system) / 1000;
        c0.kubectl += cpuOf(rawPid) - raw0;
        c0.apiserver += cpuOf(apiPid) - api0;
        c0.kwok += cpuOf(kwokPid) - kwok0;
        cpuMs.set(x.name, c0);
      }
    }
    await profiler?.stop();
    const med = (name: string) => pct(mbps.get(name)!, 0.5);
    const k = med(kubectl.name);
    const ratio = med(side.name) / k;
    const runs = `runs: ${mbps
      .get(side.name)!
      .map((x) => x.toFixed(1))
      .join(', ')}; kubectl: ${mbps
      .get(kubectl.name)!
      .map((x) => x.toFixed(1))
      .join(', ')}`;
    figure(
      goals
        ? `throughput native (${side.name}) / raw kubectl: ${ratio.toFixed(2)}× — ${med(side.name).toFixed(1)} vs ${k.toFixed(1)} MB/s (${THROUGHPUT_BYTES / MB} MB each way, median of ${RUNS}; ${runs}; goal ≥ 1.1×)`
        : `throughput by protocol: ${side.name} ${med(side.name).toFixed(1)} MB/s vs raw kubectl ${k.toFixed(1)} MB/s = ${ratio.toFixed(2)}× (${runs})`,
      goals ? ratio >= 1.1 : undefined,
    );
    const perMb = (ms: number) => `${(ms / ((RUNS * THROUGHPUT_BYTES) / MB)).toFixed(2)} ms/MB`;
    const cpu = (x: Side) => cpuMs.get(x.name)!;
    figure(
      `CPU per MB echoed (${side.name} rounds): raw kubectl's process ${perMb(cpu(kubectl).kubectl)}; this process (load thread${ENGINE === 'native' ? ' + the engine' : ''}) ${perMb(cpu(kubectl).self)} on the kubectl side, ${perMb(cpu(side).self)} on the ${side.name} side — the engine's share is the difference; the API server ${perMb(cpu(kubectl).apiserver)} vs ${perMb(cpu(side).apiserver)}; kwok (the pod's end) ${perMb(cpu(kubectl).kwok)} vs ${perMb(cpu(side).kwok)}`,
    );

    // Latency and first byte: blocks alternating between the two.
    const rtt = new Map<string, number[]>();
    const ttfb = new Map<string, number[]>();
    for (let block = 0; block < 4; block++) {
      for (const x of [kubectl, side]) {
        rtt.set(x.name, [...(rtt.get(x.name) ?? []), ...(await load.pingPong(x.port, 500))]);
        ttfb.set(x.name, [...(ttfb.get(x.name) ?? []), ...(await load.firstByte(x.port, 10))]);
      }
    }
    const kr = rtt.get(kubectl.name)!;
    const kt = pct(ttfb.get(kubectl.name)!, 0.5);
    const r = rtt.get(side.name)!;
    const add50 = pct(r, 0.5) - pct(kr, 0.5);
    const add99 = pct(r, 0.99) - pct(kr, 0.99);
    figure(
      `added round trip over raw kubectl (32-byte ping-pong ×2000, ${side.name}): p50 ${add50.toFixed(3)} ms, p99 ${add99.toFixed(3)} ms — native p50 ${pct(r, 0.5).toFixed(3)} / p99 ${pct(r, 0.99).toFixed(3)} ms, kubectl p50 ${pct(kr, 0.5).toFixed(3)} / p99 ${pct(kr, 0.99).toFixed(3)} ms${goals ? ' (goal p50 ≤ 0.1 ms)' : ''}`,
      goals ? add50 <= 0.1 : undefined,
    );
    const t = pct(ttfb.get(side.name)!, 0.5);
    figure(
      `time to first byte of a new connection (${side.name}, median of 40): ${t.toFixed(2)} ms vs raw kubectl ${kt.toFixed(2)} ms = ${(t / kt).toFixed(2)}×${goals ? ' (goal ≤ 1.0×)' : ''}`,
      goals ? t / kt <= 1.0 : undefined,
    );
  };

  it('throughput, latency and first byte: native vs raw kubectl to the same pod', async () => {
    const c = h.clusters[0]!;
    const main = engines.get('default')!;
    const s = await startForward(main, 'bench');
    const mainProtocol = ENGINE === 'kubectl' ? 'kubectl' : (main.forwards.status(s.spec.id).protocol ?? '?');
    const raw = await kubectlPortForward(c, `pod/${s.pod!}`, PORT, { namespace: NS });
    try {
      await echoThrough(raw.localPort, 'warm');
      const kubectl = {
        name: 'raw kubectl',
        port: raw.localPort,
        pid: processesMentioning(`port-forward -n ${NS} --address 127.0.0.1 pod/${s.pod!}`)[0],
      };
      // The default engine alone in this process, as a user runs it.
      await compare(kubectl, { name: mainProtocol, port: s.localPort! }, true);
      await main.forwards.stopAll();
      if (ENGINE !== 'native') return;
      // Then each other protocol on an engine of its own, made for its rounds and stopped after,
      // so no engine's garbage or timers land in another's figures.
      for (const p of BY_PROTOCOL) {
        if (p === mainProtocol) continue;
        const e = await makeEngine(p);
        try {
          await compare(kubectl, { name: p, port: (await startForward(e, `bench ${p}`)).localPort! }, false);
        } finally {
          await e.stop();
        }
      }
    } finally {
      await raw.stop();
      for (const e of engines.values()) await e.forwards.stopAll();
    }
  }, 3_600_000);

  it('rollout restart → serving on the new pod, from its Ready', async () => {
    const c = h.clusters[0]!;
    const engine = engines.get('default')!;
    const s = await startForward(engine, 'rollout');
    const port = s.localPort!;
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
        for (const p of engine.clusters.monitor(c.context).podsIn(NS) ?? []) {
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
      // Keep connecting while the old pod terminates and its tunnel is retired.
      await new Promise((r) => setTimeout(r, 2_000));
      running = false;
      await client;
      unsub();
      seconds.push((servingAt! - newReadyAt!) / 1000);
      await fixtures.waitForRunningPods(c, NS, 'app=echo', 1);
    }
    const worst = Math.max(...seconds);
    figure(
      `rollout restart ×${ROLLOUTS}: serving on the new pod ${seconds.map((x) => x.toFixed(2)).join(' / ')} s after it was Ready, worst ${worst.toFixed(2)} s (goal ≤ 0.5 s); connects every 50 ms: ${ok} ok, ${failed} failed (goal 0)`,
      worst <= 0.5 && failed === 0,
    );
    await engine.forwards.stopAll();
  }, 300_000);

  it('memory: the engine with idle forwards and open connections, and with 10 clusters', async () => {
    const c = h.clusters[0]!;
    const kubectlBin = join(h.info.binDir, 'kubectl');
    served = await servedEngine(h.kubeconfigPath, kubectlBin, [c.context]);
    const pid = served.pid;
    const rss0 = await settledRss(pid);
    await startWarmForwards(served.client, 10, [c.context], NS, PORT, 'idle-a');
    const rss10 = await settledRss(pid);
    const ports = await startWarmForwards(served.client, 40, [c.context], NS, PORT, 'idle-b');
    const rss50 = await settledRss(pid);
    const kids50 = rssWithChildren(pid);
    const per10 = (rss10 - rss0) / 10;
    const per50 = (rss50 - rss0) / 50;
    const mb = (b: number) => `${(b / MB).toFixed(2)} MB`;
    figure(
      `engine RSS with idle forwards: 0 → ${mb(rss0)}, 10 → ${mb(rss10)}, 50 → ${mb(rss50)}; per idle forward ${mb(per10)} (10), ${mb(per50)} (50) (goal ≤ 1 MB each)` +
        (kids50.count ? `; plus ${kids50.count} children ${mb(kids50.children)}` : ''),
      Math.max(per10, per50) + kids50.children / 50 <= MB,
    );
    const conns = await openConnections(ports[0]!, 200);
    const rss200 = await settledRss(pid);
    conns.close();
    const perConn = (rss200 - rss50) / 200;
    figure(
      `engine RSS with 200 open connections through one forward: ${mb(rss200)} (+${mb(rss200 - rss50)} over 50 idle forwards), ${(perConn / 1024).toFixed(1)} KB per connection (goal ≤ 100 KB)`,
      perConn <= 100 * 1024,
    );
    await stopServed(served);
    served = undefined;

    // raw kubectl beside it: one process per forward, idle after one connection.
    const raw = await kubectlPortForward(c, 'service/echo', PORT, { namespace: NS });
    await echoThrough(raw.localPort, 'warm');
    await new Promise((r) => setTimeout(r, 2_000));
    const rawPids = processesMentioning(`port-forward -n ${NS} --address 127.0.0.1 service/echo`);
    const rawRss = rawPids.reduce((n, p) => n + rssOf(p), 0);
    await raw.stop();
    figure(`raw kubectl port-forward beside it: ${mb(rawRss)} per idle forward (one process each)`);

    // 10 clusters, 20 forwards (2 per cluster), each having carried a connection.
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'tether-fwd-bench-kc-')), 'kubeconfig.yaml');
    const contexts = kubeconfigWithClusters(h.kubeconfigPath, c.context, 10, kubeconfig);
    served = await servedEngine(kubeconfig, kubectlBin, contexts);
    await startWarmForwards(served.client, 20, contexts, NS, PORT, 'multi');
    await settledRss(served.pid);
    const total = rssWithChildren(served.pid);
    const sum = total.engine + total.children;
    figure(
      `engine + children with 10 clusters and 20 forwards: ${mb(sum)} (engine ${mb(total.engine)}, ${total.count} children ${mb(total.children)}) (goal ≤ 150 MB; the 10 clusters are 10 contexts, each its own cluster entry, on one harness API server, not 10 control planes) vs raw kubectl ×20 ≈ ${mb(20 * rawRss)}`,
      sum <= 150 * MB,
    );
    await stopServed(served);
    served = undefined;
  }, 600_000);
});
