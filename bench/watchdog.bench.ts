/* eslint-disable no-console -- a benchmark prints its figures */
// npm run bench -- watchdog      (needs `npm run build`: it runs the built `tether serve`)
// Figures for issue 7, with the engine as a real child process, real kubectl forwards and two
// real control planes:
//   1. quit (SIGTERM) with 10 active forwards → every kubectl child and the orphan guard gone
//      (goal ≤ 2 s); also when the process itself has exited
//   2. resume: SIGSTOP for a pause, SIGCONT → `watchdog:wake` with every cluster rechecked and
//      every forward verified (goal ≤ 5 s), measured from SIGCONT to the event at the client;
//      a pause past the guard's 30 s stale window (it ends kubectl meanwhile) is timed too, with
//      the time until every forward is Active again
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { WatchdogWake } from '../src/shared/contract';
import {
  exposeViaPortForward,
  fixtures,
  sleep,
  startEchoServer,
  startHarness,
  type Harness,
  type LocalServer,
} from '../test/harness/index.ts';
import { guardOf, isAlive, kubectlChildrenOf } from '../test/support/engineProcesses';
import {
  echoForwardDrafts,
  killServedEngine,
  startActiveForwards,
  startServedEngine,
  waitForActive,
  type ServedEngine,
} from '../test/support/servedEngine';

const NS = 'bench-watchdog';
const PORT = 7200;
const FORWARDS = 10;
const TRIALS = Number(process.env.TETHER_BENCH_TRIALS ?? 5);
const PAUSE_MS = 8_000;
const LONG_PAUSE_MS = 40_000;

const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${Math.round(ms)} ms`;
const spread = (xs: number[]) =>
  `median ${fmt(median(xs))} (min ${fmt(sorted(xs)[0]!)}, max ${fmt(sorted(xs).at(-1)!)}, n=${xs.length})`;

/** Polls the process table until every PID is gone; ms since `t0`. */
async function goneAfter(pids: number[], t0: number, timeoutMs = 30_000): Promise<number> {
  while (pids.some(isAlive)) {
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`still alive after ${timeoutMs} ms: ${pids.filter(isAlive).join(' ')}`);
    await sleep(5);
  }
  return performance.now() - t0;
}

/** Waits for the first wake after index `from`; ms since `t0`. */
async function wakeAfter(
  e: ServedEngine,
  from: number,
  t0: number,
): Promise<{ ms: number; wake: WatchdogWake }> {
  for (;;) {
    const wake = e.wakes.slice(from).find((w) => w.reason.startsWith('gap:'));
    if (wake) return { ms: performance.now() - t0, wake };
    if (performance.now() - t0 > 60_000) throw new Error('no watchdog:wake within 60 s of SIGCONT');
    await sleep(5);
  }
}

describe('watchdog benchmark', () => {
  let h: Harness;
  let echo: LocalServer;
  let contexts: string[];
  const running: ServedEngine[] = [];

  const startEngine = async () => {
    const e = await startServedEngine({
      kubeconfig: h.kubeconfigPath,
      kubectl: join(h.info.binDir, 'kubectl'),
      contexts,
    });
    running.push(e);
    const forwards = await startActiveForwards(e.client, echoForwardDrafts(FORWARDS, contexts, NS, PORT));
    return { e, ids: forwards.map((f) => f.spec.id) };
  };

  beforeAll(async () => {
    h = await startHarness({ clusters: ['wdbench-a', 'wdbench-b'] });
    echo = await startEchoServer();
    for (const c of h.clusters) {
      await fixtures.createNodes(c, [{ name: 'bench-node-0' }]);
      await fixtures.createNamespace(c, NS);
      await fixtures.createApp(c, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT });
      await exposeViaPortForward(c, { namespace: NS, port: PORT, target: { port: echo.port } });
    }
    contexts = h.clusters.map((c) => c.context);
  }, 300_000);

  afterAll(async () => {
    for (const e of running) await killServedEngine(e);
    await echo?.close();
    await h?.stop();
  }, 120_000);

  it('quit with 10 active forwards → all children gone', async () => {
    const gone: number[] = [];
    const exited: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const { e } = await startEngine();
      const pids = kubectlChildrenOf(e.pid);
      const guard = guardOf(e.pid);
      if (pids.length !== FORWARDS || guard === undefined) {
        throw new Error(
          `expected ${FORWARDS} kubectl children and a guard, got ${pids.length}, guard ${guard}`,
        );
      }
      e.disconnect();
      const t0 = performance.now();
      process.kill(e.pid, 'SIGTERM');
      gone.push(await goneAfter([...pids, guard], t0));
      const r = await e.serve.process;
      exited.push(performance.now() - t0);
      running.splice(running.indexOf(e), 1);
      if (r.exitCode !== 0) throw new Error(`tether serve exited ${r.exitCode}`);
      if (exited.at(-1)! > 1_000) {
        const log = readFileSync(join(e.serve.home, 'logs', 'tether.log'), 'utf8');
        const line = log.split('\n').find((l) => l.includes('"msg":"shut down"'));
        console.log(`[watchdog]   trial ${i + 1}: slow exit; the engine's shutdown log: ${line}`);
      }
    }
    console.log(
      `[watchdog] quit (SIGTERM) with ${FORWARDS} active forwards on 2 clusters → every kubectl child and the guard gone: ${spread(gone)} (goal ≤ 2 s)`,
    );
    console.log(`[watchdog] quit → tether serve process exited: ${spread(exited)}`);
  });

  it('resume (SIGCONT after a pause) → every cluster rechecked and every forward verified', async () => {
    const { e, ids } = await startEngine();
    const atClient: number[] = [];
    const inEngine: number[] = [];
    let last: WatchdogWake | undefined;
    for (let i = 0; i < TRIALS; i++) {
      const from = e.wakes.length;
      process.kill(e.pid, 'SIGSTOP');
      await sleep(PAUSE_MS);
      const t0 = performance.now();
      process.kill(e.pid, 'SIGCONT');
      const { ms, wake } = await wakeAfter(e, from, t0);
      if (wake.rechecked !== contexts.length || wake.verified !== FORWARDS) {
        throw new Error(
          `wake rechecked ${wake.rechecked}/${contexts.length}, verified ${wake.verified}/${FORWARDS}`,
        );
      }
      atClient.push(ms);
      inEngine.push(wake.tookMs);
      last = wake;
      await waitForActive(e.client, ids);
      await sleep(2_500); // past the wake's quiet window, so the next pause gets a wake of its own
    }
    const states = (w: WatchdogWake) =>
      `clusters ${w.clusters.map((c) => c.state).join('/')}; forwards ${[...new Set(w.forwards.map((f) => f.state))].join('/')}`;
    console.log(
      `[watchdog] resume after a ${PAUSE_MS / 1000} s SIGSTOP → wake with ${contexts.length} clusters rechecked and ${FORWARDS} forwards verified, SIGCONT to event at the client: ${spread(atClient)} (goal ≤ 5 s)`,
    );
    console.log(
      `[watchdog]   of which recheck + verify inside the engine (wake.tookMs): ${spread(inEngine)}; last: ${states(last!)}`,
    );

    // Past the guard's stale window: the guard ends kubectl while the engine is frozen.
    const from = e.wakes.length;
    const before = kubectlChildrenOf(e.pid);
    process.kill(e.pid, 'SIGSTOP');
    await sleep(LONG_PAUSE_MS);
    const endedByGuard = before.filter((p) => !isAlive(p)).length;
    const t0 = performance.now();
    process.kill(e.pid, 'SIGCONT');
    const { ms, wake } = await wakeAfter(e, from, t0);
    // Back means: every forward Active on a new kubectl (not a status read before the exits were seen).
    for (;;) {
      const now = kubectlChildrenOf(e.pid);
      if (now.length === FORWARDS && !now.some((p) => before.includes(p))) break;
      if (performance.now() - t0 > 60_000) throw new Error('forwards not back on new kubectl within 60 s');
      await sleep(5);
    }
    await waitForActive(e.client, ids);
    const active = performance.now() - t0;
    console.log(
      `[watchdog] resume after a ${LONG_PAUSE_MS / 1000} s SIGSTOP (guard ended ${endedByGuard}/${before.length} kubectl while frozen): wake at the client ${fmt(ms)} (engine ${fmt(wake.tookMs)}; ${states(wake)}); all ${FORWARDS} forwards Active again on new kubectl ${fmt(active)} after SIGCONT`,
    );
  });
});
