// Debian's real proxies for the proxy suites: tinyproxy (HTTP CONNECT) and microsocks (SOCKS5),
// started on free loopback ports, and a kubeconfig putting cluster a's admin behind them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { waitFor } from '../harness/index.ts';
import { freePorts } from '../harness/ports.ts';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
}

/** The proxies not installed here (the suites skip, saying which). */
export const missingProxies = ['tinyproxy', 'microsocks'].filter((c) => !has(c));
// .ci/run installs both; in CI a missing proxy is a broken set-up, never a silent skip.
if (process.env.CI && missingProxies.length > 0) {
  throw new Error(
    `CI run without ${missingProxies.join(', ')}: .ci/run installs them (apt-get install tinyproxy microsocks)`,
  );
}

/** Whether something accepts connections on a loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** The two proxies, running: their ports and what each says it carried. */
export interface RealProxies {
  readonly tinyPort: number;
  readonly socksPort: number;
  /** tinyproxy's log so far (a `CONNECT host:port` line per tunnel). */
  tinyLog(): string;
  /** microsocks' output so far (a line per connection, naming its target). */
  socksOutput(): string;
  stop(): void;
}

/**
 * Starts tinyproxy (allowed to CONNECT only to `apiPort`) and microsocks on free loopback
 * ports, their files in `dir`, and waits until both listen.
 */
export async function startRealProxies(
  dir: string,
  apiPort: number,
  { maxClients }: { maxClients?: number } = {},
): Promise<RealProxies> {
  const [tinyPort = 0, socksPort = 0] = await freePorts(2);
  const log = join(dir, 'tinyproxy.log');
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${tinyPort}`,
      'Listen 127.0.0.1',
      'Allow 127.0.0.1',
      `ConnectPort ${apiPort}`,
      ...(maxClients !== undefined ? [`MaxClients ${maxClients}`] : []),
      'Timeout 600',
      `LogFile "${log}"`,
      'LogLevel Info',
    ].join('\n') + '\n',
  );
  writeFileSync(log, '');
  const children: ChildProcess[] = [spawn('tinyproxy', ['-d', '-c', conf], { stdio: 'ignore' })];
  let socksOutput = '';
  const socks = spawn('microsocks', ['-i', '127.0.0.1', '-p', String(socksPort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  socks.stdout?.on('data', (d: Buffer) => (socksOutput += d.toString()));
  socks.stderr?.on('data', (d: Buffer) => (socksOutput += d.toString()));
  children.push(socks);
  for (const port of [tinyPort, socksPort]) {
    await waitFor(() => listening(port), { timeoutMs: 10_000, what: `proxy listening on ${port}` });
  }
  return {
    tinyPort,
    socksPort,
    tinyLog: () => readFileSync(log, 'utf8'),
    socksOutput: () => socksOutput,
    stop: () => {
      for (const c of children) c.kill('SIGTERM');
    },
  };
}

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** A context's cluster entry and user, as the harness kubeconfig has them. */
export function identityOf(
  kubeconfigPath: string,
  context: string,
): { cluster: Record<string, unknown>; user: Record<string, unknown> } {
  const kc = parse(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const ctx = kc.contexts.find((c) => c.name === context)!.context;
  return {
    cluster: kc.clusters.find((c) => c.name === ctx.cluster)!.cluster,
    user: kc.users.find((u) => u.name === ctx.user)!.user,
  };
}

/** Writes a kubeconfig with one context per cluster entry, each named as it and using `user` as admin. */
export function writeKubeconfig(
  path: string,
  clusters: Record<string, Record<string, unknown>>,
  user: Record<string, unknown>,
): void {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: Object.entries(clusters).map(([name, cluster]) => ({ name, cluster })),
    users: [{ name: 'admin', user }],
    contexts: Object.keys(clusters).map((name) => ({ name, context: { cluster: name, user: 'admin' } })),
  };
  writeFileSync(path, stringify(doc));
}
