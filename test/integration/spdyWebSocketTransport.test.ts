// The SPDY-over-WebSocket transport (KEP-4006, `SPDY/3.1+portforward.k8s.io`) against the real
// kube-apiserver and kwok's kubelet: the hand-made upgrade, bytes both ways through the tunnel
// with no SPDY session code (a SPDY PING the far end's spdystream answers), the refusals in
// words, and the same through tinyproxy (HTTP CONNECT) and microsocks (SOCKS5).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialError } from '../../src/main/core/forwards/tunnel/dialer';
import { portForwardPath } from '../../src/main/core/forwards/tunnel/handshake';
import {
  openSpdyOverWebSocket,
  SPDY_OVER_WEBSOCKET_PROTOCOL,
} from '../../src/main/core/forwards/tunnel/ws/spdyOverWebSocket';
import { upgradeToWebSocket } from '../../src/main/core/forwards/tunnel/ws/wsHandshake';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { fixtures, waitFor } from '../harness/index.ts';
import { freePorts } from '../harness/ports.ts';
import { sharedHarness } from './context.ts';
import {
  identityOf,
  missingProxies,
  startRealProxies,
  writeKubeconfig,
  type RealProxies,
} from './realProxies.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const NS = 'spdy-ws-transport';
const POD = 'sw-pod';
const PORT = 7000;

/** A SPDY/3 PING control frame: control bit + version 3, type 6, no flags, length 4, the id. */
function spdyPing(id: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(0x80030006, 0);
  b.writeUInt32BE(4, 4);
  b.writeUInt32BE(id, 8);
  return b;
}

interface SpdyFrame {
  control: boolean;
  type: number;
  flags: number;
  payload: Buffer;
}

/** Reads SPDY frames (8-byte header, 24-bit length) off a byte stream until `want` matches one. */
function readSpdyUntil(
  stream: Duplex,
  want: (f: SpdyFrame) => boolean,
  timeoutMs = 10_000,
): Promise<SpdyFrame> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const seen: string[] = [];
    const done = (err: Error | undefined, f?: SpdyFrame) => {
      clearTimeout(timer);
      stream.off('data', onData);
      if (err) reject(err);
      else resolve(f!);
    };
    const timer = setTimeout(
      () =>
        done(
          new Error(`no matching SPDY frame within ${timeoutMs} ms; saw: ${seen.join(', ') || 'nothing'}`),
        ),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        const length = buf.readUInt32BE(4) & 0xffffff;
        if (buf.length < 8 + length) return;
        const control = (buf[0]! & 0x80) !== 0;
        const f: SpdyFrame = {
          control,
          type: control ? buf.readUInt16BE(2) : -1,
          flags: buf[4]!,
          payload: buf.subarray(8, 8 + length),
        };
        buf = buf.subarray(8 + length);
        seen.push(control ? `control type ${f.type}` : 'data');
        if (want(f)) return done(undefined, f);
      }
    };
    stream.on('data', onData);
    stream.once('error', (e) => done(e));
    stream.once('close', () => done(new Error(`the tunnel closed; saw: ${seen.join(', ') || 'nothing'}`)));
  });
}

/** Sends SPDY PING `id` through the tunnel and waits for the far end to answer it. */
async function pingRoundTrip(stream: Duplex, id: number): Promise<SpdyFrame> {
  const reply = readSpdyUntil(stream, (f) => f.control && f.type === 6);
  stream.write(spdyPing(id));
  return await reply;
}

/** An API client for cluster a's server with a bearer token (a ServiceAccount's). */
async function tokenClient(token: string): Promise<ApiClient> {
  const { cluster: base } = identityOf(h.kubeconfigPath, cluster.context);
  const path = join(mkdtempSync(join(tmpdir(), 'tether-spdyws-token-')), 'config');
  writeKubeconfig(path, { c: base }, { token });
  const { merged } = await loadKubeconfig([path]);
  return new ApiClient(accessFor(merged, 'c'));
}

async function failureOf(p: Promise<unknown>): Promise<DialError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DialError);
  return err as DialError;
}

describe('SPDY over WebSocket (KEP-4006) transport, real API server', () => {
  let client: ApiClient;

  beforeAll(async () => {
    await fixtures.createNamespace(cluster, NS);
    await fixtures.createPod(cluster, { namespace: NS, name: POD, state: 'running', containerPort: PORT });
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    client = new ApiClient(accessFor(merged, cluster.context));
  });

  afterAll(() => client?.close());

  it('the hand-made upgrade gets a 101 choosing SPDY/3.1+portforward.k8s.io', async () => {
    const { socket } = await upgradeToWebSocket(
      { client, namespace: NS, pod: POD, port: PORT },
      SPDY_OVER_WEBSOCKET_PROTOCOL,
    );
    // upgradeToWebSocket checks the 101, Sec-WebSocket-Accept and the chosen protocol itself.
    expect(socket.readable && socket.writable).toBe(true);
    socket.destroy();
  });

  it('a SPDY PING sent as a binary message comes back as a PING with the same id', async () => {
    const stream = await openSpdyOverWebSocket({ client, namespace: NS, pod: POD, port: PORT });
    try {
      const reply = await pingRoundTrip(stream, 1);
      expect(reply.payload.readUInt32BE(0)).toBe(1);
      expect(reply.flags).toBe(0);
      // Each write is its own message; the stream keeps carrying bytes.
      const second = await pingRoundTrip(stream, 3);
      expect(second.payload.readUInt32BE(0)).toBe(3);
    } finally {
      stream.destroy();
    }
  });

  it('end() closes the WebSocket cleanly: the stream ends without an error', async () => {
    const stream = await openSpdyOverWebSocket({ client, namespace: NS, pod: POD, port: PORT });
    await pingRoundTrip(stream, 5);
    const outcome = new Promise<string>((resolve) => {
      stream.once('error', (e) => resolve(`error: ${e.message}`));
      stream.once('close', () => resolve('closed'));
      stream.resume();
    });
    stream.end();
    expect(await outcome).toBe('closed');
  });

  it('credentials the server rejects: DialError unauthorized (401), after one retry with fresh ones', async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    const bad = new ApiClient(accessFor(merged, cluster.contextFor('badtoken')));
    try {
      const err = await failureOf(
        openSpdyOverWebSocket({ client: bad, namespace: NS, pod: POD, port: PORT }),
      );
      expect(err.failure).toBe('unauthorized');
      expect(err.status).toBe(401);
      expect(err.message).toMatch(/credentials rejected \(401\)/);
    } finally {
      bad.close();
    }
  });

  it('a user without port-forward rights in the namespace: DialError forbidden, in the API server words', async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    const restricted = new ApiClient(accessFor(merged, cluster.contextFor('restricted')));
    try {
      const err = await failureOf(
        openSpdyOverWebSocket({ client: restricted, namespace: 'kube-system', pod: 'any', port: PORT }),
      );
      expect(err.failure).toBe('forbidden');
      expect(err.message).toMatch(/may not port-forward to pod kube-system\/any \(403\).*forbidden/i);
    } finally {
      restricted.close();
    }
  });

  it('RBAC with only one of get and create on pods/portforward: the tunnel is refused (403, forbidden)', async () => {
    // Since 1.35 a WebSocket upgrade (a GET) also needs create; raw SPDY (a POST) needs create only.
    const byVerb: Record<string, string> = {};
    for (const verb of ['get', 'create']) {
      const name = `pf-${verb}-only`;
      await cluster.apply([
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name, namespace: NS },
          rules: [{ apiGroups: [''], resources: ['pods/portforward'], verbs: [verb] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name, namespace: NS },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
          subjects: [{ kind: 'ServiceAccount', name, namespace: NS }],
        },
      ]);
      const token = String((await cluster.kubectl(['create', 'token', name, '-n', NS])).stdout).trim();
      const limited = await tokenClient(token);
      try {
        const err = await failureOf(
          openSpdyOverWebSocket({ client: limited, namespace: NS, pod: POD, port: PORT }),
        );
        expect(err.failure).toBe('forbidden');
        byVerb[verb] = err.message;
      } finally {
        limited.close();
      }
    }
    // get alone: the create check (1.35+) refuses with no reason after the colon.
    expect(byVerb.get).toMatch(/\(403\): pods "sw-pod" is forbidden/);
    expect(byVerb.create).toMatch(/\(403\).*cannot get resource "pods\/portforward"/);
  });

  it('a pod that does not exist: DialError pod-gone (404)', async () => {
    const err = await failureOf(
      openSpdyOverWebSocket({ client, namespace: NS, pod: 'no-such-pod', port: PORT }),
    );
    expect(err.failure).toBe('pod-gone');
    expect(err.message).toMatch(/spdy-ws-transport\/no-such-pod is gone \(404\)/);
  });

  it('an API server nobody listens on: DialError refused, saying so', async () => {
    const [port] = await freePorts(1);
    const { url } = await client.upgradeOptions(portForwardPath({ namespace: NS, pod: POD, port: PORT }));
    const dead = {
      ...client,
      upgradeOptions: async (path: string) => ({
        ...(await client.upgradeOptions(path)),
        url: url.replace(/:\d+\//, `:${port}/`),
      }),
    } as unknown as ApiClient;
    const err = await failureOf(openSpdyOverWebSocket({ client: dead, namespace: NS, pod: POD, port: PORT }));
    expect(err.failure).toBe('refused');
    expect(err.message).toBe('cannot reach the API server for the port-forward (ECONNREFUSED)');
  });
});

describe.skipIf(missingProxies.length > 0)(
  `SPDY over WebSocket through real proxies${missingProxies.length ? ` (skipped: ${missingProxies.join(', ')} not installed)` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-spdyws-proxy-'));
    const apiPort = Number(new URL(cluster.info.server).port);
    const clients = new Map<string, ApiClient>();
    let proxies: RealProxies | undefined;

    beforeAll(async () => {
      await fixtures.createNamespace(cluster, NS);
      await fixtures.createPod(cluster, { namespace: NS, name: POD, state: 'running', containerPort: PORT });
      proxies = await startRealProxies(dir, apiPort);
      const { cluster: base, user } = identityOf(h.kubeconfigPath, cluster.context);
      const proxied: Record<string, string> = {
        tinyproxy: `http://127.0.0.1:${proxies.tinyPort}`,
        microsocks: `socks5://127.0.0.1:${proxies.socksPort}`,
      };
      const path = join(dir, 'config');
      writeKubeconfig(
        path,
        Object.fromEntries(
          Object.entries(proxied).map(([name, url]) => [name, { ...base, 'proxy-url': url }]),
        ),
        user,
      );
      const { merged } = await loadKubeconfig([path]);
      for (const name of Object.keys(proxied)) clients.set(name, new ApiClient(accessFor(merged, name)));
    });

    afterAll(() => {
      for (const c of clients.values()) c.close();
      proxies?.stop();
    });

    async function pingThrough(proxy: string, id: number): Promise<void> {
      const client = clients.get(proxy)!;
      const stream = await openSpdyOverWebSocket({ client, namespace: NS, pod: POD, port: PORT });
      try {
        const reply = await pingRoundTrip(stream, id);
        expect(reply.payload.readUInt32BE(0)).toBe(id);
      } finally {
        stream.destroy();
      }
    }

    it('tinyproxy (HTTP CONNECT): the tunnel opens through it and a SPDY PING comes back', async () => {
      const connects = () => (proxies?.tinyLog() ?? '').split(`CONNECT 127.0.0.1:${apiPort}`).length - 1;
      const before = connects();
      await pingThrough('tinyproxy', 7);
      expect(connects()).toBe(before + 1);
    });

    it('microsocks (SOCKS5): the tunnel opens through it and a SPDY PING comes back', async () => {
      const before = (proxies?.socksOutput() ?? '').split(`127.0.0.1:${apiPort}`).length - 1;
      await pingThrough('microsocks', 9);
      await waitFor(
        async () => (proxies?.socksOutput() ?? '').split(`127.0.0.1:${apiPort}`).length - 1 > before,
        {
          timeoutMs: 5_000,
          what: 'microsocks logging the connection',
        },
      );
    });
  },
);
