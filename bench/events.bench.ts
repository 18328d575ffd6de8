/* eslint-disable no-console -- a benchmark prints its figures */
// npm run bench -- events
// Figures for an event flood against a real control plane:
//   1. RSS of the engine at 2 minutes into the flood and at its end (goal: end − 2 min < 10 MB).
//      The engine is the real headless `tether serve`, a child process of its own read through
//      /proc, so the figure holds the engine alone — not this test runner, its harness or the
//      marker requests. The flood generator and the API server are processes of their own.
//   2. Publish latency, p50 and p99, during the flood beside the same measure idle, in the
//      same run (goal: flood p99 ≤ 2 × idle p99). Measured as: from sending the POST of a
//      Warning "marker" event (the only Warnings in the cluster) to the first clusters:changed
//      the engine publishes, received over its WebSocket as the popover receives it, whose
//      warningsLast5m counts it. The marker is then deleted, the
//      engine publishes 0 again, and the next marker follows 0.5 s later.
// The flood: 5,000 Normal core/v1 Events a minute POSTed into one namespace by
// bench/eventFlood.ts in a child process, for TETHER_BENCH_EVENTS_MINUTES (default 10);
// the idle phase lasts TETHER_BENCH_EVENTS_IDLE_S seconds (default 120).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestOptions } from 'node:https';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectToRunningEngine } from '../src/main/cli/engineClient';
import type { ClusterSummary } from '../src/shared/domain/health';
import { fixtures, startHarness, waitFor, type Harness } from '../test/harness/index.ts';
import { startTetherServe, type ServeHandle } from '../test/support/tetherServe';

const MINUTES = Number(process.env.TETHER_BENCH_EVENTS_MINUTES ?? 10);
const IDLE_MS = Number(process.env.TETHER_BENCH_EVENTS_IDLE_S ?? 120) * 1000;
const PER_MINUTE = 5000;
const FLOOD_NS = 'bench-flood';
const MARKER_NS = 'bench-markers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
/** Resident memory of a process, from /proc, in MB. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

describe('events benchmark', () => {
  let h: Harness;
  let serve: ServeHandle | undefined;
  let closeClient: (() => void) | undefined;
  beforeAll(async () => {
    h = await startHarness({ clusters: ['events'] });
  });
  afterAll(async () => {
    closeClient?.();
    await serve?.stop();
    await h?.stop();
  });

  it(`a flood of ${PER_MINUTE} events/min for ${MINUTES} min: engine RSS and publish latency`, async () => {
    const c = h.cluster('events');
    await fixtures.createNamespace(c, FLOOD_NS);
    await fixtures.createNamespace(c, MARKER_NS);
    const kc = c.kubeConfig('admin');
    const core = kc.makeApiClient(CoreV1Api);
    const home = mkdtempSync(join(tmpdir(), 'tether-bench-events-'));
    serve = await startTetherServe(
      { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home },
      { settings: { version: 1, monitoredContexts: [c.context], health: {} } },
    );
    const pid = serve.process.pid!;
    const conn = await connectToRunningEngine({ TETHER_HOME: home }, 30_000);
    if (!conn) throw new Error('tether serve started but its WebSocket did not answer');
    closeClient = conn.close;
    const client = conn.client;

    // Every clusters:changed for this context, to the one waiter there is at a time.
    let waiter: ((s: ClusterSummary) => void) | undefined;
    client.on('clusters:changed', (summary) => {
      if (summary.context === c.context) waiter?.(summary);
    });
    const published = (ok: (s: ClusterSummary) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no publish with ${what} in 60 s`)), 60_000);
        waiter = (s) => {
          if (!ok(s)) return;
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        };
      });
    await waitFor(
      async () => {
        const list = await client.invoke('clusters:list', {});
        return list.clusters.some((s) => s.context === c.context && s.state === 'Healthy');
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'a healthy monitor' },
    );

    let marker = 0;
    /** Marker cycles until `endAt` (performance.now()); returns the latencies in ms. */
    const measure = async (endAt: number): Promise<number[]> => {
      const out: number[] = [];
      while (performance.now() < endAt) {
        const name = `marker-${marker++}`;
        const counted = published((s) => s.warningsLast5m >= 1, `marker ${name} counted`);
        const now = new Date();
        const t0 = performance.now();
        await core.createNamespacedEvent({
          namespace: MARKER_NS,
          body: {
            metadata: { name, namespace: MARKER_NS },
            type: 'Warning',
            reason: 'BackOff',
            message: 'Back-off restarting failed container (bench marker)',
            involvedObject: { kind: 'Pod', namespace: MARKER_NS, name: 'marker-pod' },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
          },
        });
        await counted;
        out.push(performance.now() - t0);
        const gone = published((s) => s.warningsLast5m === 0, `marker ${name} gone`);
        await core.deleteNamespacedEvent({ name, namespace: MARKER_NS });
        await gone;
        await sleep(500);
      }
      return out;
    };

    // Idle baseline, same engine, same cluster, same measure.
    const idle = await measure(performance.now() + IDLE_MS);
    const rssIdle = rssMb(pid);

    // The flood, from its own process.
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const pem = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? ''));
    const floodMs = MINUTES * 60_000;
    const flood = execFile(process.execPath, [join(import.meta.dirname, 'eventFlood.ts')], {
      env: {
        ...process.env,
        TETHER_FLOOD: JSON.stringify({
          server: kc.getCurrentCluster()!.server,
          ca: pem(opts.ca),
          cert: pem(opts.cert),
          key: pem(opts.key),
          namespace: FLOOD_NS,
          perMinute: PER_MINUTE,
          durationMs: floodMs,
        }),
      },
      timeout: floodMs + 120_000,
    });
    const floodDone = new Promise<string>((resolve) => {
      let out = '';
      flood.stdout?.on('data', (d: string) => (out += d));
      flood.stderr?.on('data', (d: string) => (out += d));
      flood.on('exit', () => resolve(out.trim()));
    });
    const t0 = performance.now();
    const floodEnd = t0 + floodMs;
    let rss2: number | undefined;
    const rssSamples: number[] = [];
    let heap2: number | undefined;
    const sampler = setInterval(() => {
      const m = rssMb(pid);
      rssSamples.push(m);
      if (rss2 === undefined && performance.now() - t0 >= 2 * 60_000) {
        rss2 = m;
        void client.invoke('app:stats', {}).then(
          (st) => (heap2 = st.heapUsedBytes / 1024 / 1024),
          () => undefined,
        );
      }
    }, 1000);
    const during = await measure(floodEnd);
    const totals = await floodDone;
    clearInterval(sampler);
    const rssEnd = rssMb(pid);
    const heapEnd = (await client.invoke('app:stats', {})).heapUsedBytes / 1024 / 1024;
    const listed = await client.invoke('clusters:events', { context: c.context, limit: 5000 });

    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    const p99Idle = quantile(idle, 0.99);
    const p99Flood = quantile(during, 0.99);
    console.log(`\n[events] flood: ${PER_MINUTE} Normal events/min for ${MINUTES} min → ${totals}`);
    console.log(
      `[events] engine (tether serve) RSS: ${rssIdle.toFixed(1)} MB after the idle phase; ` +
        `${rss2 === undefined ? 'n/a (flood shorter than 2 min)' : `${rss2.toFixed(1)} MB`} at 2 min; ` +
        `${rssEnd.toFixed(1)} MB at ${MINUTES} min (max ${Math.max(...rssSamples).toFixed(1)} MB) — ` +
        `goal: ${MINUTES} min − 2 min < 10 MB` +
        (rss2 === undefined ? '' : ` (${(rssEnd - rss2).toFixed(1)} MB)`),
    );
    console.log(
      `[events] engine JS heap in use: ${heap2 === undefined ? 'n/a' : `${heap2.toFixed(1)} MB`} at 2 min; ${heapEnd.toFixed(1)} MB at ${MINUTES} min`,
    );
    console.log(
      `[events] publish latency (POST of a Warning → clusters:changed counting it): ` +
        `idle p50 ${f(quantile(idle, 0.5))} p99 ${f(p99Idle)} (n=${idle.length}); ` +
        `flood p50 ${f(quantile(during, 0.5))} p99 ${f(p99Flood)} (n=${during.length}) — ` +
        `goal: flood p99 ≤ 2 × idle p99 (${(p99Flood / p99Idle).toFixed(2)} ×)`,
    );
    console.log(
      `[events] events the engine lists: ${listed.items.length} (truncated: ${listed.status.truncated ?? false}, newest Normal kept: ${listed.status.keptLimit ?? 'all'})`,
    );
  });
});
