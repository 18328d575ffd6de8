// Native forwards and the cluster's access control, against the real API server (v1.36.3):
// what each protocol needs from RBAC on pods/portforward; a user granted only `create` (the
// forward falls back to raw SPDY and the log says why) or only `get` (every protocol refused:
// the status names each refusal, and kubectl is refused the same way); the winner remembered
// per cluster; and the 401 path — a token file rotated or an exec plugin's token replaced, the
// old token revoked: each dial path retries once with fresh credentials, and forwards whose
// connections were cut carry the next connection on a new tunnel.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { ApiError } from '../../src/main/core/kube/apiErrors';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { DialError } from '../../src/main/core/forwards/tunnel/dialer';
import type { PodPort } from '../../src/main/core/forwards/tunnel/handshake';
import { NATIVE_PROTOCOLS, type NativeProtocol } from '../../src/main/core/forwards/tunnel/protocolChoice';
import { createNativeRuntime } from '../../src/main/core/forwards/tunnel/nativeRuntime';
import { openSpdyTransport } from '../../src/main/core/forwards/tunnel/spdy/spdyUpgrade';
import { SPDY_OVER_WEBSOCKET_PROTOCOL } from '../../src/main/core/forwards/tunnel/ws/spdyOverWebSocket';
import { upgradeToWebSocket } from '../../src/main/core/forwards/tunnel/ws/wsHandshake';
import { webSocketDialer } from '../../src/main/core/forwards/tunnel/websocketDialer';
import type { ForwardStatus } from '../../src/shared/contract';
import {
  binDir,
  descendantsNamed,
  exposeViaPortForward,
  fixtures,
  startEchoServer,
  tcpRoundTrip,
  waitFor,
} from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { startEngineUnderTest, type EngineUnderTest } from '../support/engineUnderTest';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-native-auth';
const ECHO_PORT = 7000;
const POD = 'auth-target';
const POD2 = 'auth-target-2';
const EXEC_V1 = 'client.authentication.k8s.io/v1';

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** The verbs each test user holds on pods/portforward in NS (all of them may read pods). */
const USERS = {
  'pf-none': [],
  'pf-get': ['get'],
  'pf-create': ['create'],
  'pf-both': ['get', 'create'],
} as const;
type User = keyof typeof USERS;

function rbacFor(user: string, verbs: readonly string[]): object[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: user, namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: user, namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        ...(verbs.length ? [{ apiGroups: [''], resources: ['pods/portforward'], verbs: [...verbs] }] : []),
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: user, namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: user },
      subjects: [{ kind: 'ServiceAccount', name: user, namespace: NS }],
    },
  ];
}

async function tokenFor(sa: string, extra: string[] = []): Promise<string> {
  const r = await a.kubectl(['create', 'token', sa, '-n', NS, '--duration', '2h', ...extra]);
  return String(r.stdout).trim();
}

/** cluster a's entry of the harness's kubeconfig (server, CA). */
function clusterEntry(): { name: string; cluster: Record<string, unknown> } {
  const kc = parse(readFileSync(h.kubeconfigPath, 'utf8')) as Kubeconfig;
  const name = kc.contexts.find((c) => c.name === a.context)!.context.cluster;
  return kc.clusters.find((c) => c.name === name)!;
}

/** A kubeconfig file with one context per user (named like the user) on cluster a. */
function writeKubeconfig(
  dir: string,
  users: Record<string, Record<string, unknown>>,
  server?: string,
): string {
  const c = clusterEntry();
  const cluster = { name: c.name, cluster: { ...c.cluster, ...(server ? { server } : {}) } };
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: Object.entries(users).map(([name, user]) => ({ name, user })),
    contexts: Object.keys(users).map((name) => ({ name, context: { cluster: c.name, user: name } })),
  };
  const file = join(dir, 'config');
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}

/** One attempt to open `protocol` to the pod: 'ok', or the failure and HTTP status (and its words). */
async function tryProtocol(
  protocol: NativeProtocol,
  target: PodPort,
): Promise<{ got: string; why?: string }> {
  try {
    if (protocol === 'spdy-websocket')
      (await upgradeToWebSocket(target, SPDY_OVER_WEBSOCKET_PROTOCOL)).socket.destroy();
    else if (protocol === 'spdy') (await openSpdyTransport(target)).destroy();
    else (await webSocketDialer(target).dial()).destroy();
    return { got: 'ok' };
  } catch (err) {
    if (err instanceof DialError) return { got: `${err.failure} ${err.status}`, why: err.message };
    throw err;
  }
}

let echo: LocalServer;
let exposure: Exposure;
const tokens = {} as Record<User, string>;
let dir: string;

beforeAll(async () => {
  echo = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'tether-native-auth-'));
  await fixtures.createNamespace(a, NS, { restrictedAccess: false });
  await a.apply(Object.entries(USERS).flatMap(([u, verbs]) => rbacFor(u, verbs)));
  for (const u of Object.keys(USERS) as User[]) tokens[u] = await tokenFor(u);
  await fixtures.createPod(a, { namespace: NS, name: POD, state: 'running', containerPort: ECHO_PORT });
  await fixtures.createPod(a, { namespace: NS, name: POD2, state: 'running', containerPort: ECHO_PORT });
  // One rule for the namespace: both pods' port reaches the echo server.
  exposure = await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } });
});

afterAll(async () => {
  await exposure?.remove();
  await echo?.close();
  await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
});

describe('what each native protocol needs on pods/portforward (the real API server)', () => {
  it('records each protocol against each verb set', async () => {
    const file = writeKubeconfig(
      dir,
      Object.fromEntries(Object.keys(USERS).map((u) => [u, { token: tokens[u as User] }])),
    );
    const { merged } = await loadKubeconfig([file]);
    const got: Record<string, Record<string, string>> = {};
    const why: Record<string, Record<string, string | undefined>> = {};
    for (const u of Object.keys(USERS) as User[]) {
      const client = new ApiClient(accessFor(merged, u));
      const target: PodPort = { client, namespace: NS, pod: POD, port: ECHO_PORT };
      got[u] = {};
      why[u] = {};
      for (const p of NATIVE_PROTOCOLS) ({ got: got[u][p], why: why[u][p] } = await tryProtocol(p, target));
      client.close();
    }
    const no = 'forbidden 403';
    // Measured on v1.36.3: a WebSocket upgrade (a GET) needs get AND create; SPDY (a POST) create.
    expect(got).toEqual({
      'pf-none': { 'spdy-websocket': no, spdy: no, websocket: no },
      'pf-get': { 'spdy-websocket': no, spdy: no, websocket: no },
      'pf-create': { 'spdy-websocket': no, spdy: 'ok', websocket: no },
      'pf-both': { 'spdy-websocket': 'ok', spdy: 'ok', websocket: 'ok' },
    });
    expect(why['pf-create']!['spdy-websocket']).toContain('cannot get resource "pods/portforward"');
    expect(why['pf-get']!.spdy).toContain('cannot create resource "pods/portforward"');
    // The create check after a granted get: the API server gives no reason, our words say it.
    expect(why['pf-get']!['spdy-websocket']).toMatch(/needs get and create on pods\/portforward/);
    expect(why['pf-get']!.websocket).toMatch(/needs get and create on pods\/portforward/);
  });
});

describe('kubectl itself (v1.36.3) with the same users', () => {
  it('create only: kubectl forwards (it falls back to SPDY too); get only: kubectl is refused as well', async () => {
    const file = writeKubeconfig(
      mkdtempSync(join(dir, 'kubectl-')),
      Object.fromEntries((['pf-get', 'pf-create'] as const).map((u) => [u, { token: tokens[u] }])),
    );
    const created = await kubectlForward(file, 'pf-create');
    try {
      expect(created.port, created.output).toBeDefined();
      expect(await tcpRoundTrip(created.port!, 'kubectl\n', 10_000)).toBe('kubectl\n');
    } finally {
      await created.stop();
    }
    const got = await kubectlForward(file, 'pf-get');
    await got.stop();
    expect(got.port, got.output).toBeUndefined();
    // It falls back from its WebSocket to SPDY, which needs the create it lacks.
    expect(got.output).toMatch(/unable to upgrade connection: .*cannot create resource "pods\/portforward"/);
  });
});

/**
 * `kubectl port-forward` (the harness's v1.36.3) as `context` of `kubeconfig`: the local port
 * once it forwards, or everything it said when it exited instead.
 */
async function kubectlForward(
  kubeconfig: string,
  context: string,
): Promise<{ port: number | undefined; output: string; stop(): Promise<void> }> {
  const child = execa(
    join(binDir, 'kubectl'),
    [
      '--kubeconfig',
      kubeconfig,
      '--context',
      context,
      'port-forward',
      '-n',
      NS,
      `pod/${POD}`,
      `:${ECHO_PORT}`,
    ],
    {
      env: { HOME: mkdtempSync(join(dir, 'kubectl-home-')) },
      extendEnv: false,
      reject: false,
      buffer: false,
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  const done = child.then(() => void (exited = true));
  const stop = async () => {
    child.kill('SIGTERM');
    await done;
  };
  const port = await waitFor(
    () => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) return Number(m[1]);
      return exited ? -1 : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 50, what: `kubectl port-forward as ${context}` },
  );
  return { port: port === -1 ? undefined : port, output, stop };
}

/** An engine reading `kubeconfig`, native forwards only (a real kubectl, should one be tried). */
function nativeEngine(kubeconfig: string, env: Record<string, string> = {}): Promise<EngineUnderTest> {
  return startEngineUnderTest({
    kubeconfigPath: kubeconfig,
    env: { TETHER_FORWARD_ENGINE: 'native', TETHER_KUBECTL: join(binDir, 'kubectl'), ...env },
  });
}

describe('RBAC on pods/portforward: native forwards fall back and say why', () => {
  let t: EngineUnderTest;
  beforeAll(async () => {
    const file = writeKubeconfig(
      mkdtempSync(join(dir, 'rbac-')),
      Object.fromEntries(Object.keys(USERS).map((u) => [u, { token: tokens[u as User] }])),
    );
    t = await nativeEngine(file);
  });
  afterAll(async () => t?.stop());

  const skipped = () => t.log.records.filter((r) => r.msg === 'native protocol skipped');

  it('create but not get: SPDY over WebSocket is refused, raw SPDY carries the bytes and the log says why', async () => {
    const s = await t.startActive({
      name: 'create only',
      context: 'pf-create',
      namespace: NS,
      target: `pod/${POD}`,
      remotePort: ECHO_PORT,
    });
    expect(s.protocol).toBe('spdy');
    expect(await tcpRoundTrip(s.localPort!, 'create only\n', 10_000)).toBe('create only\n');
    expect(descendantsNamed('kubectl')).toEqual([]);
    const why = skipped();
    expect(why.map((r) => r.fields.protocol)).toEqual(['spdy-websocket']);
    expect(String(why[0]!.fields.why)).toMatch(/403.*cannot get resource "pods\/portforward"/);
    // The status says it too, for the row's "(fallback)" and `tether forward list`.
    expect(s.protocolNote).toMatch(/^SPDY over WebSocket: .*403.*cannot get resource "pods\/portforward"/);
    await t.call('forwards:stop', { id: s.spec.id });
  });

  it('the winner is remembered per cluster: a second forward there goes straight to raw SPDY', async () => {
    const before = skipped().length;
    const s = await t.startActive({
      name: 'create only, second pod',
      context: 'pf-create',
      namespace: NS,
      target: `pod/${POD2}`,
      remotePort: ECHO_PORT,
    });
    expect(s.protocol).toBe('spdy');
    expect(await tcpRoundTrip(s.localPort!, 'second\n', 10_000)).toBe('second\n');
    // No SPDY over WebSocket attempt this time: nothing refused, nothing skipped, and the
    // status still says why it is on raw SPDY.
    expect(skipped().length).toBe(before);
    expect(s.protocolNote).toMatch(/^SPDY over WebSocket: .*cannot get resource "pods\/portforward"/);
    await t.call('forwards:stop', { id: s.spec.id });
  });

  it('get but not create: every protocol is refused, the status names each refusal (kubectl is not tried), and granting create brings it up', async () => {
    const id = (
      await t.call<{ forward: ForwardStatus }>('forwards:save', {
        forward: {
          name: 'get only',
          context: 'pf-get',
          namespace: NS,
          target: `pod/${POD}`,
          remotePort: ECHO_PORT,
        },
      })
    ).forward.spec.id;
    await t.call('forwards:start', { id });
    const s = await waitFor(async () => (t.status(id).reason ? t.status(id) : undefined), {
      timeoutMs: 30_000,
      what: 'the forward to say why it cannot start',
    });
    expect(s.state).toBe('Reconnecting');
    expect(s.problem).toBe('forbidden');
    expect(s.protocol).toBeNull();
    const reason = s.reason!;
    expect(reason).toMatch(
      /^may not port-forward to pod tether-native-auth\/auth-target \(403\) with any protocol — /,
    );
    expect(reason).toContain('SPDY over WebSocket: pods "auth-target" is forbidden (a WebSocket upgrade');
    expect(reason).toContain('; SPDY: pods "auth-target" is forbidden: User');
    expect(reason).toContain('; WebSocket (v4): pods "auth-target" is forbidden (a WebSocket upgrade');
    expect(reason).toContain('cannot create resource "pods/portforward"');
    expect(reason).toMatch(/needs get and create on pods\/portforward/);
    // Forbidden for every protocol is forbidden for kubectl too: not tried, not blamed.
    expect(reason).not.toMatch(/kubectl/i);
    expect(descendantsNamed('kubectl')).toEqual([]);
    expect(t.log.records.some((r) => r.msg.includes('trying kubectl'))).toBe(false);
    // Still looking: once the missing verb is granted, the forward comes up by itself.
    await a.apply(rbacFor('pf-get', ['get', 'create']));
    const up = await waitFor(async () => (t.status(id).state === 'Active' ? t.status(id) : undefined), {
      timeoutMs: 30_000,
      what: 'the forward Active once create is granted',
    });
    expect(up.problem).toBeNull();
    expect(up.protocol).toBe('spdy-websocket');
    // On the best protocol: nothing was passed over.
    expect(up.protocolNote).toBeNull();
    expect(await tcpRoundTrip(up.localPort!, 'granted\n', 10_000)).toBe('granted\n');
    await t.call('forwards:stop', { id });
  });
});

/** A TCP relay to the API server, so a test can cut every connection through it at once. */
async function startRelay(
  upstream: URL,
): Promise<{ url: string; accepted(): number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((local) => {
    accepted++;
    const remote = connect({ host: upstream.hostname, port: Number(upstream.port) });
    for (const s of [local, remote]) {
      sockets.add(s);
      s.on('error', () => {});
      s.once('close', () => {
        sockets.delete(s);
        local.destroy();
        remote.destroy();
      });
    }
    local.pipe(remote);
    remote.pipe(local);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    accepted: () => accepted,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** One line through a way in to the echo server: what `protocol` carries, opened as the engine does. */
async function echoOver(protocol: NativeProtocol, target: PodPort, line: string): Promise<string> {
  const runtime = createNativeRuntime();
  const session = protocol === 'websocket' ? undefined : await runtime.openSession(protocol, target);
  const stream = session ? await session.openPortStream(target.port) : await webSocketDialer(target).dial();
  try {
    return await new Promise<string>((resolve, reject) => {
      let got = '';
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => {
        got += d;
        if (got.endsWith('\n')) resolve(got);
      });
      stream.once('error', reject);
      stream.write(line);
    });
  } finally {
    stream.destroy();
    session?.close();
  }
}

describe('the 401 path: credentials rotated, the tunnel reopens with fresh ones', () => {
  const SA = 'pf-rotating';
  let rotations = 0;
  let home: string;
  let tokenFile: string;
  let pluginRuns: () => number;
  /** Token file user and exec plugin user (the plugin prints what the token file holds now). */
  let users: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    await a.apply(rbacFor(SA, ['get', 'create']));
    home = mkdtempSync(join(dir, 'rotate-'));
    tokenFile = join(home, 'token');
    const runs = join(home, 'runs');
    writeFileSync(runs, '');
    const plugin = join(home, 'token-plugin');
    writeFileSync(
      plugin,
      `#!${process.execPath}\n` +
        `const fs = require('node:fs');\n` +
        `fs.appendFileSync(${JSON.stringify(runs)}, 'run\\n');\n` +
        `const token = fs.readFileSync(${JSON.stringify(tokenFile)}, 'utf8').trim();\n` +
        `process.stdout.write(JSON.stringify({ apiVersion: '${EXEC_V1}', kind: 'ExecCredential', status: { token } }));\n`,
    );
    chmodSync(plugin, 0o755);
    pluginRuns = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
    users = {
      'token-file': { tokenFile },
      'exec-plugin': { exec: { apiVersion: EXEC_V1, command: plugin } },
    };
  });

  /**
   * A token bound to a Secret of its own in the token file; `rotate()` writes a new one there
   * and deletes the old one's Secret, resolving once the API server refuses the old token.
   */
  async function rotatingToken(): Promise<{ rotate(): Promise<void> }> {
    const [oldSecret, newSecret] = [`tok-${++rotations}`, `tok-${++rotations}`];
    await a.apply(
      [oldSecret, newSecret].map((name) => ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace: NS },
        type: 'Opaque',
      })),
    );
    const bound = (secret: string) =>
      tokenFor(SA, ['--bound-object-kind', 'Secret', '--bound-object-name', secret]);
    const oldToken = await bound(oldSecret);
    const newToken = await bound(newSecret);
    writeFileSync(tokenFile, `${oldToken}\n`, { mode: 0o600 });
    return {
      async rotate() {
        writeFileSync(tokenFile, `${newToken}\n`);
        await a.kubectl(['delete', 'secret', oldSecret, '-n', NS]);
        const kc = writeKubeconfig(mkdtempSync(join(dir, 'old-')), { old: { token: oldToken } });
        const probe = new ApiClient(accessFor((await loadKubeconfig([kc])).merged, 'old'));
        // The API server keeps a good token's answer for up to 10 s.
        await waitFor(
          async () =>
            probe.getJson(`/api/v1/namespaces/${NS}/pods`, { timeoutMs: 5_000 }).then(
              () => false,
              (err: unknown) => err instanceof ApiError && err.statusCode === 401,
            ),
          { timeoutMs: 30_000, intervalMs: 500, what: 'the old token to be refused (401)' },
        );
        probe.close();
      },
    };
  }

  it(
    'each dial path (SPDY over WebSocket, SPDY, WebSocket) meets the 401 and opens with fresh credentials: the token file read again, the plugin run again',
    { timeout: 90_000 },
    async () => {
      const token = await rotatingToken();
      const { merged } = await loadKubeconfig([writeKubeconfig(mkdtempSync(join(home, 'kc-')), users)]);
      // One client per user and protocol, each holding the old token (read or run once here).
      const ways = Object.keys(users).flatMap((user) =>
        NATIVE_PROTOCOLS.map((protocol) => ({
          user,
          protocol,
          target: {
            client: new ApiClient(accessFor(merged, user)),
            namespace: NS,
            pod: POD,
            port: ECHO_PORT,
          } satisfies PodPort,
        })),
      );
      for (const w of ways) expect(await echoOver(w.protocol, w.target, 'before\n')).toBe('before\n');
      expect(pluginRuns()).toBe(NATIVE_PROTOCOLS.length);
      await token.rotate();
      const results: Record<string, string> = {};
      for (const w of ways)
        results[`${w.user} ${w.protocol}`] = await echoOver(w.protocol, w.target, 'after\n').catch(
          (err: Error) => err.message,
        );
      expect(results).toEqual(Object.fromEntries(ways.map((w) => [`${w.user} ${w.protocol}`, 'after\n'])));
      // Each exec client ran its plugin once more, after its 401; no more.
      expect(pluginRuns()).toBe(2 * NATIVE_PROTOCOLS.length);
      for (const w of ways) w.target.client.close();
    },
  );

  it(
    'forwards on a rotated token file and on an exec plugin: with the old token revoked and their connections cut, each protocol carries the next connection on a new tunnel on the same port, after at most the one reconnect the cut session causes',
    { timeout: 120_000 },
    async () => {
      const token = await rotatingToken();
      const relay = await startRelay(new URL(String(clusterEntry().cluster.server)));
      const engines: EngineUnderTest[] = [];
      try {
        // The kubeconfig in a folder of its own: the engine watches that folder, and a change
        // there would rebuild its cluster access (credentials and all) without any 401.
        const file = writeKubeconfig(mkdtempSync(join(home, 'kubeconfig-')), users, relay.url);
        const forwards: { protocol: NativeProtocol; t: EngineUnderTest; s: ForwardStatus }[] = [];
        for (const protocol of NATIVE_PROTOCOLS) {
          const t = await nativeEngine(file, { TETHER_FORWARD_PROTOCOL: protocol });
          engines.push(t);
          for (const context of Object.keys(users)) {
            const s = await t.startActive({
              name: `${context} ${protocol}`,
              context,
              namespace: NS,
              target: `pod/${POD}`,
              remotePort: ECHO_PORT,
            });
            expect(s.protocol).toBe(protocol);
            expect(await tcpRoundTrip(s.localPort!, 'before\n', 10_000)).toBe('before\n');
            forwards.push({ protocol, t, s });
          }
        }
        const runsBefore = pluginRuns();
        await token.rotate();
        // Every session and API connection ends: the next connection needs a new upgrade.
        const acceptedBefore = relay.accepted();
        relay.cut();
        for (const { protocol, t, s } of forwards) {
          expect(await tcpRoundTrip(s.localPort!, `after ${protocol}\n`, 20_000)).toBe(`after ${protocol}\n`);
          const now = t.status(s.spec.id);
          expect({
            name: s.spec.name,
            state: now.state,
            protocol: now.protocol,
            localPort: now.localPort,
          }).toEqual({ name: s.spec.name, state: 'Active', protocol, localPort: s.localPort });
          // A cut SPDY session ends its tunnel, and the forward reopens it once (the legacy
          // WebSocket has no session: each connection is its own upgrade). The 401 itself costs
          // no further restart: the new upgrade retries with fresh credentials.
          expect(now.restarts - s.restarts, s.spec.name).toBeLessThanOrEqual(
            protocol === 'websocket' ? 0 : 1,
          );
        }
        expect(relay.accepted()).toBeGreaterThan(acceptedBefore);
        // Each engine ran its plugin again for the new token.
        expect(pluginRuns()).toBeGreaterThanOrEqual(runsBefore + NATIVE_PROTOCOLS.length);
      } finally {
        await Promise.all(engines.map((e) => e.stop()));
        await relay.close();
      }
    },
  );
});
