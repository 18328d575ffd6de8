// The forward benchmark's memory figures, measured on the real headless engine (`tether serve`,
// the built bundle) as a child process of its own read through /proc: the figure holds the
// engine and its children alone, not this test runner, the harness or the load.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { parse, stringify } from 'yaml';
import type { TetherClient } from '../src/shared/contract';
import { tcpRoundTrip } from '../test/harness/index.ts';
import {
  echoForwardDrafts,
  startActiveForwards,
  startServedEngine,
  type ServedEngine,
} from '../test/support/servedEngine';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of one process, from /proc, in bytes (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(m?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** What `read` returns, or `fallback` when the process (or thread) is gone. */
function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Every descendant of `pid` (children, their children…), from /proc/<pid>/task/<tid>/children. */
function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    for (const t of readOr(() => readdirSync(`/proc/${p}/task`), [])) {
      const kids = readOr(() => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'), '')
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      for (const k of kids) {
        out.push(Number(k));
        walk(Number(k));
      }
    }
  };
  walk(pid);
  return out;
}

/**
 * The engine's RSS once it settled: the median of five samples 200 ms apart, after `settleMs`
 * (V8 grows and returns heap in steps; one sample can land on either side of a step).
 */
export async function settledRss(pid: number, settleMs = 3_000): Promise<number> {
  await sleep(settleMs);
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(rssOf(pid));
    await sleep(200);
  }
  return xs.sort((a, b) => a - b)[2]!;
}

/** Engine plus every process under it (kubectl children when kubectl carries forwards). */
export function rssWithChildren(pid: number): { engine: number; children: number; count: number } {
  const kids = descendantsOf(pid);
  return { engine: rssOf(pid), children: kids.reduce((n, k) => n + rssOf(k), 0), count: kids.length };
}

/** Starts forwards through a served engine and sends one echo through each (so each has carried a connection). */
export async function startWarmForwards(
  client: TetherClient,
  n: number,
  contexts: string[],
  namespace: string,
  port: number,
  prefix: string,
): Promise<number[]> {
  const drafts = echoForwardDrafts(n, contexts, namespace, port).map((d) => ({
    ...d,
    name: `${prefix}-${d.name}`,
  }));
  const active = await startActiveForwards(client, drafts);
  const ports = active.map((s) => s.localPort!);
  for (const p of ports) await tcpRoundTrip(p, 'warm', 20_000);
  return ports;
}

/** `n` connections through `port`, each having echoed one message, held open until `close()`. */
export async function openConnections(port: number, n: number): Promise<{ close(): void }> {
  const socks: Socket[] = [];
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => s.write('x'));
      socks.push(s);
      s.once('data', () => resolve());
      s.once('error', reject);
      s.setTimeout(20_000, () => reject(new Error(`no echo on connection ${socks.length} in 20 s`)));
    });
  for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: Math.min(20, n - i) }, one));
  for (const s of socks) s.setTimeout(0);
  return { close: () => socks.forEach((s) => s.destroy()) };
}

/**
 * A copy of `kubeconfigPath` with `n` more contexts, each its own cluster and user entry in the
 * file but all pointing at the API server (and credentials) of `context`: `n` clusters as the
 * engine sees them (a monitor, a session pool and credentials each), on one real control plane.
 */
export function kubeconfigWithClusters(kubeconfigPath: string, context: string, n: number, out: string) {
  type Named<T> = { name: string } & T;
  const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: Named<{ cluster: object }>[];
    users: Named<{ user: object }>[];
    contexts: Named<{ context: { cluster: string; user: string } }>[];
  };
  const ctx = doc.contexts.find((c) => c.name === context)!.context;
  const cluster = doc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const user = doc.users.find((u) => u.name === ctx.user)!.user;
  const names = Array.from({ length: n }, (_, i) => `bench-cluster-${i}`);
  for (const name of names) {
    doc.clusters.push({ name, cluster });
    doc.users.push({ name, user });
    doc.contexts.push({ name, context: { cluster: name, user: name } });
  }
  writeFileSync(out, stringify(doc), { mode: 0o600 });
  return names;
}

export async function servedEngine(kubeconfig: string, kubectl: string, contexts: string[]) {
  return startServedEngine({
    kubeconfig,
    kubectl,
    contexts,
    // Whatever carries forwards by default (native), unless the run asks for kubectl.
    extraEnv: { TETHER_FORWARD_ENGINE: process.env.TETHER_FORWARD_ENGINE ?? 'native' },
  });
}

export async function stopServed(e: ServedEngine | undefined): Promise<void> {
  if (!e) return;
  e.disconnect();
  await e.serve.stop();
}
