// The engine as a real child process (`tether serve`, the built bundle) with a contract client
// over its WebSocket, and helpers to run forwards through it: for the watchdog's integration
// test and benchmark, which kill, freeze and quit that process.
import { createClient, type TetherClient } from '../../src/shared/contract';
import { createWsTransport } from '../../src/shared/contract/wsTransport';
import type { ForwardStatus, WatchdogWake } from '../../src/shared/contract';
import { waitFor } from '../harness/index.ts';
import { startTetherServe, type ServeHandle } from './tetherServe';

export interface ServedEngine {
  serve: ServeHandle;
  pid: number;
  client: TetherClient;
  /** Every `watchdog:wake` the engine pushed so far. */
  wakes: WatchdogWake[];
  /** Closes the client only (the process is the test's to end). */
  disconnect(): void;
}

/** What the engine needs to reach the clusters: the kubeconfig and the harness's kubectl. */
export interface ServeEnv {
  kubeconfig: string;
  kubectl: string;
  /** Contexts to monitor (settings.json). */
  contexts: string[];
  /** Reuse a TETHER_HOME (a restart after a crash); a fresh one otherwise. */
  home?: string;
  extraEnv?: Record<string, string>;
}

/** Starts `tether serve` and connects a client that records wake events. */
export async function startServedEngine(e: ServeEnv): Promise<ServedEngine> {
  const serve = await startTetherServe(
    {
      KUBECONFIG: e.kubeconfig,
      TETHER_KUBECTL: e.kubectl,
      // The watchdog's subject is kubectl children; native tunnels have none to orphan.
      TETHER_FORWARD_ENGINE: 'kubectl',
      ...(e.home ? { TETHER_HOME: e.home } : {}),
      ...e.extraEnv,
    },
    { settings: { version: 1, monitoredContexts: e.contexts, health: {} } },
  );
  const transport = createWsTransport({
    baseUrl: `ws://127.0.0.1:${serve.port}`,
    token: serve.token,
    callTimeoutMs: 20_000,
    maxBackoffMs: 500,
  });
  const client = createClient(transport);
  const wakes: WatchdogWake[] = [];
  client.on('watchdog:wake', (w) => wakes.push(w));
  await client.invoke('app:info', {});
  return {
    serve,
    pid: serve.process.pid!,
    client,
    wakes,
    disconnect() {
      client.close();
      transport.close();
    },
  };
}

/** Saves and starts one forward per draft, then waits until every one is Active. */
export async function startActiveForwards(
  client: TetherClient,
  drafts: Array<{ name: string; context: string; namespace: string; target: string; remotePort: number }>,
): Promise<ForwardStatus[]> {
  const ids: string[] = [];
  for (const d of drafts) {
    const { forward } = await client.invoke('forwards:save', { forward: d });
    ids.push(forward.spec.id);
  }
  await Promise.all(ids.map((id) => client.invoke('forwards:start', { id })));
  return waitForActive(client, ids);
}

/** Waits until every forward in `ids` is Active; returns their statuses. */
export function waitForActive(
  client: TetherClient,
  ids: string[],
  timeoutMs = 60_000,
): Promise<ForwardStatus[]> {
  return waitFor(
    async () => {
      const { forwards } = await client.invoke('forwards:list', {});
      const mine = forwards.filter((f) => ids.includes(f.spec.id));
      return mine.length === ids.length && mine.every((f) => f.state === 'Active') ? mine : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `${ids.length} forwards Active` },
  );
}

/** `n` forward drafts to `deployment/echo`, spread over `contexts` round-robin. */
export function echoForwardDrafts(n: number, contexts: string[], namespace: string, remotePort: number) {
  return Array.from({ length: n }, (_, i) => ({
    name: `echo-${i}`,
    context: contexts[i % contexts.length]!,
    namespace,
    target: 'deployment/echo',
    remotePort,
  }));
}

/** Cleanup after a failed test: SIGCONT (it may be frozen), SIGKILL, wait; its guard ends kubectl. */
export async function killServedEngine(e: ServedEngine): Promise<void> {
  e.disconnect();
  for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
    try {
      process.kill(e.pid, sig);
    } catch {
      // already gone
    }
  }
  await e.serve.process;
}

/** Resolves with the process's exit code once `tether serve` has exited. */
export async function exitCodeOf(e: ServedEngine): Promise<number | undefined> {
  const r = await e.serve.process;
  return r.exitCode;
}
