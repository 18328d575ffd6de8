// The watchdog with the engine as a real child process (`tether serve`, the built bundle), real
// kubectl forwards and the real control plane: kill -9 leaves no kubectl behind; a 60 s freeze
// (SIGSTOP) is noticed on SIGCONT and every cluster and forward is looked at again; a crash that
// also took the orphan guard down is cleaned up at the next start, sparing an unrelated process
// that reuses a listed PID; quit with 10 forwards ends every child.
// (A hanging component checker: src/main/core/watchdog/componentRegistry.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildrenFile } from '../../src/main/core/watchdog/childRecords';
import { exposeViaPortForward, fixtures, sleep, startEchoServer, waitFor } from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import {
  guardOf,
  isAlive,
  kubectlChildrenOf,
  listeningSockets,
  portIsFree,
  stillListening,
} from '../support/engineProcesses';
import {
  echoForwardDrafts,
  exitCodeOf,
  killServedEngine,
  startActiveForwards,
  startServedEngine,
  waitForActive,
  type ServedEngine,
} from '../support/servedEngine';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');
const NS = 'tether-watchdog';
const PORT = 7100;

const env = (contexts: string[], home?: string) => ({
  kubeconfig: h.kubeconfigPath,
  kubectl: join(h.info.binDir, 'kubectl'),
  contexts,
  ...(home ? { home } : {}),
});
const drafts = (n: number, contexts: string[]) => echoForwardDrafts(n, contexts, NS, PORT);

/** Every PID gone from the process table (zombies count as gone), waiting at most `timeoutMs`. */
const allGone = (pids: number[], what: string, timeoutMs: number) =>
  waitFor(() => pids.every((p) => !isAlive(p)), { timeoutMs, intervalMs: 100, what });

async function freePorts(ports: number[]): Promise<number[]> {
  const free = await Promise.all(ports.map(portIsFree));
  return ports.filter((_, i) => free[i]);
}

/** The kubectl children of a served engine, checked against what it reports through `app:health`. */
async function children(e: ServedEngine, expected: number) {
  const pids = await waitFor(
    () => {
      const p = kubectlChildrenOf(e.pid);
      return p.length === expected ? p : undefined;
    },
    { timeoutMs: 20_000, what: `${expected} kubectl children in the process table` },
  );
  const health = await e.client.invoke('app:health', {});
  expect([...health.self.childProcesses.pids].sort()).toEqual([...pids].sort());
  expect(health.self.childProcesses.guarded).toBe(true);
  const guard = guardOf(e.pid);
  expect(guard, 'the orphan guard runs beside the engine').toBeDefined();
  return { pids, guard: guard! };
}

describe('watchdog: the engine as a real process, real kubectl, real control plane', () => {
  let echo: LocalServer;
  const exposures: Exposure[] = [];
  const engines: ServedEngine[] = [];
  const strays: ResultPromise[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    await Promise.all([fixtures.createNamespace(a, NS), fixtures.createNamespace(b, NS)]);
    await Promise.all([
      fixtures.createApp(a, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT }),
      fixtures.createApp(b, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT }),
    ]);
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: PORT, target: { port: echo.port } }),
      await exposeViaPortForward(b, { namespace: NS, port: PORT, target: { port: echo.port } }),
    );
  });

  afterEach(async () => {
    // Whatever a failed test left running.
    for (const e of engines.splice(0)) await killServedEngine(e);
    for (const s of strays.splice(0)) s.kill('SIGKILL');
  });

  afterAll(async () => {
    for (const x of exposures) await x.remove();
    await echo?.close();
  });

  const start = async (contexts: string[], home?: string) => {
    const e = await startServedEngine(env(contexts, home));
    engines.push(e);
    return e;
  };

  it('kill -9 the engine: within 30 s no kubectl child it started is alive and none of their listening sockets is left open', async () => {
    const e = await start([a.context]);
    const forwards = await startActiveForwards(e.client, drafts(3, [a.context, b.context]));
    const { pids, guard } = await children(e, 3);
    const sockets = [e.pid, ...pids].flatMap(listeningSockets);
    const ports = sockets.map((s) => s.port);
    for (const f of forwards) expect(ports).toContain(f.localPort);
    expect(ports.length).toBeGreaterThanOrEqual(6); // each forward's listener + each kubectl's
    expect(await freePorts(ports)).toEqual([]);

    process.kill(e.pid, 'SIGKILL');
    const killedAt = performance.now();
    await e.serve.process;
    await allGone(pids, 'every kubectl child of the killed engine gone', 30_000);
    expect(pids.filter(isAlive)).toEqual([]);
    // None of their listening sockets is left open anywhere (a port number may already be
    // reused), within the same 30 s: the kernel closes them as the last thread exits.
    await waitFor(() => stillListening(sockets).length === 0, {
      timeoutMs: Math.max(30_000 - (performance.now() - killedAt), 1_000),
      intervalMs: 100,
      what: 'no listening socket of the killed engine or its kubectl children left',
    }).catch(() => undefined);
    expect(stillListening(sockets)).toEqual([]);
    await allGone([guard], 'the orphan guard done and gone', 10_000);
  });

  it('SIGSTOP 60 s then SIGCONT: the gap is detected, every cluster rechecked, every forward verified', async () => {
    const contexts = [a.context, b.context];
    const e = await start(contexts);
    const forwards = await startActiveForwards(e.client, drafts(2, contexts));
    const ids = forwards.map((f) => f.spec.id);
    const { pids: before, guard } = await children(e, 2);
    const earlier = e.wakes.length;

    process.kill(e.pid, 'SIGSTOP');
    await sleep(60_000);
    // Frozen past the guard's 30 s stale window (checked every 10 s): it ended the children.
    expect(before.filter(isAlive)).toEqual([]);
    expect(isAlive(guard)).toBe(true); // it stays: the engine may come back
    process.kill(e.pid, 'SIGCONT');

    const wake = await waitFor(() => e.wakes.slice(earlier).find((w) => w.reason.startsWith('gap:')), {
      timeoutMs: 30_000,
      what: 'a watchdog:wake after SIGCONT',
    });
    expect(wake.reason).toBe('gap:stall'); // both clocks ran on: a frozen process, not a sleep
    expect(wake.gapMs).toBeGreaterThanOrEqual(55_000);
    expect(wake.clusters.map((c) => c.context).sort()).toEqual([...contexts].sort());
    expect(wake.rechecked).toBe(2);
    expect(wake.forwards.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(wake.verified).toBe(2);

    const health = await e.client.invoke('app:health', {});
    expect(health.self.heartbeat.lastGap).toMatchObject({ kind: 'stall' });
    expect(health.self.heartbeat.missedBeats).toBeGreaterThan(50);
    // And the forwards come back on new kubectl processes, still guarded.
    await waitForActive(e.client, ids);
    const after = await children(e, 2);
    expect(after.pids.some((p) => before.includes(p))).toBe(false);
    expect(after.guard).toBe(guard);
  }, 240_000);

  it('a PID file left by a crash is cleaned on the next start; an unrelated process reusing a listed PID is left alone', async () => {
    const e = await start([a.context]);
    await startActiveForwards(e.client, drafts(2, [a.context]));
    const { pids, guard } = await children(e, 2);
    const file = join(e.serve.home, 'state', 'children.json');
    const recorded = await waitFor(
      () => {
        const f = JSON.parse(readFileSync(file, 'utf8')) as ChildrenFile;
        return pids.every((p) => f.children.some((c) => c.pid === p && c.identity !== '')) ? f : undefined;
      },
      { timeoutMs: 10_000, what: 'children.json listing both kubectl children with their identity' },
    );
    expect(recorded.owner.pid).toBe(e.pid);

    // A crash the guard cannot clean up after: freeze the engine (so it cannot restart its
    // guard), kill the guard, then kill the engine. The kubectl children are orphans now.
    process.kill(e.pid, 'SIGSTOP');
    process.kill(guard, 'SIGKILL');
    await allGone([guard], 'the guard killed', 5_000);
    process.kill(e.pid, 'SIGKILL');
    await e.serve.process;
    engines.splice(engines.indexOf(e), 1);
    await sleep(1_000);
    expect(pids.filter(isAlive)).toEqual(pids);

    // Another process now holds a listed PID: same PID, another start identity (PID reuse).
    const unrelated = execa('sleep', ['600'], { reject: false });
    strays.push(unrelated);
    const reused = { ...recorded.children[0]!, pid: unrelated.pid! };
    writeFileSync(file, JSON.stringify({ ...recorded, children: [...recorded.children, reused] }));

    const next = await start([a.context], e.serve.home);
    await allGone(pids, 'the orphans of the crashed run ended at the next start', 20_000);
    expect(isAlive(unrelated.pid!)).toBe(true);
    const log = readFileSync(join(e.serve.home, 'logs', 'tether.log'), 'utf8');
    const line = log.split('\n').find((l) => l.includes('children left by a previous run'));
    expect(line).toBeDefined();
    for (const p of pids) expect(line).toContain(`"pid":${p}`);
    expect(line).toContain(`"leftAlone":[${unrelated.pid}]`);
    // The new run owns the file now.
    const now = JSON.parse(readFileSync(file, 'utf8')) as ChildrenFile;
    expect(now.owner.pid).toBe(next.pid);
    expect(now.children.map((c) => c.pid)).not.toContain(unrelated.pid);
  });

  it('a closed client stops nothing; quit (SIGTERM) with 10 active forwards: every child gone, no listening socket left, exit 0', async () => {
    const e = await start([a.context, b.context]);
    const forwards = await startActiveForwards(e.client, drafts(10, [a.context, b.context]));
    const { pids, guard } = await children(e, 10);
    const sockets = [e.pid, ...pids].flatMap(listeningSockets);
    for (const f of forwards) expect(sockets.map((s) => s.port)).toContain(f.localPort);
    expect(sockets.length).toBeGreaterThanOrEqual(20);
    // The UI is not the app: the client going away (a closed tab) stops nothing.
    e.disconnect();
    await sleep(1_000);
    expect(pids.filter(isAlive)).toEqual(pids);

    process.kill(e.pid, 'SIGTERM');
    expect(await exitCodeOf(e)).toBe(0);
    await allGone([...pids, guard], 'every kubectl child and the guard gone', 10_000);
    expect(stillListening(sockets)).toEqual([]);
    const left = JSON.parse(
      readFileSync(join(e.serve.home, 'state', 'children.json'), 'utf8'),
    ) as ChildrenFile;
    expect(left.children).toEqual([]);
    const log = readFileSync(join(e.serve.home, 'logs', 'tether.log'), 'utf8');
    expect(log).toMatch(/"msg":"shut down"/);
  });

  it('a second signal forces exit (130), and the guard still ends every kubectl child', async () => {
    const e = await start([a.context]);
    await startActiveForwards(e.client, drafts(2, [a.context]));
    const { pids, guard } = await children(e, 2);
    process.kill(e.pid, 'SIGTERM');
    process.kill(e.pid, 'SIGINT');
    expect(await exitCodeOf(e)).toBe(130);
    await allGone([...pids, guard], 'every kubectl child and the guard gone after a forced exit', 10_000);
  });
});
