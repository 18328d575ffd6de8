// Tunnels through small proxies on real local sockets: HTTP CONNECT over TCP and over TLS
// (an https:// proxy), the errors a user sees for a dead or refusing proxy, and ApiClient's
// HTTP/2 and HTTP/1.1 paths inside a tunnel. Debian's tinyproxy and microsocks carry the
// engine's traffic to the real API server in test/integration/proxies.test.ts.
import { readFileSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../apiClient';
import type { ClusterAccess } from '../clusterAccess';
import { ByteReader } from './byteReader';
import { connectRequest, parseStatusLine } from './httpConnect';
import { ProxyTunnelError, ProxyUnreachableError } from './proxyErrors';
import { parseProxyUrl, type ProxyTarget } from './proxyFor';
import { openTunnel, TunnelSocket } from './tunnel';

const dir = join(import.meta.dirname, '../../../../../test/fixtures/tls');
const cert = {
  key: readFileSync(join(dir, 'localhost.key')),
  cert: readFileSync(join(dir, 'localhost.crt')),
};

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function listen<T extends Server>(server: T): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** A CONNECT proxy: records each request head, answers `status`, then pipes (on 200). */
async function connectProxy(o: { status?: string; tls?: boolean } = {}) {
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const handle = (c: Socket) => {
    sockets.add(c);
    const reader = new ByteReader(c);
    void reader.readUntil('\r\n\r\n', 8192).then(
      (raw) => {
        const head = raw.toString();
        heads.push(head);
        const rest = reader.detach();
        const status = o.status ?? '200 Connection established';
        if (!status.startsWith('200')) {
          c.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`);
          return;
        }
        const [host, port] = (/^CONNECT (\S+) /.exec(head)?.[1] ?? '').split(/:(?=\d+$)/);
        const up = connect(Number(port), host!.replace(/^\[|\]$/g, ''), () => {
          c.write(`HTTP/1.1 ${status}\r\n\r\n`);
          up.write(rest);
          c.pipe(up).pipe(c);
          c.resume();
        });
        sockets.add(up);
        up.on('error', () => c.destroy());
        c.on('error', () => up.destroy());
      },
      () => c.destroy(),
    );
  };
  const server = o.tls ? createTlsServer(cert, handle) : createServer(handle);
  const port = await listen(server);
  closers.push(() => sockets.forEach((s) => s.destroy()));
  return { port, heads };
}

/** A TCP echo server: what the tunnel carries comes back. */
async function echoServer() {
  return await listen(createServer((c) => c.pipe(c)));
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const proxy = (url: string): ProxyTarget => parseProxyUrl(url, 'proxy-url', false);

describe('HTTP CONNECT', () => {
  it('builds the request with the authority, Host and Basic proxy credentials', () => {
    expect(connectRequest('api.corp', 6443)).toBe(
      'CONNECT api.corp:6443 HTTP/1.1\r\nHost: api.corp:6443\r\n\r\n',
    );
    expect(connectRequest('fd00::1', 443, { username: 'al', password: 'p:w' })).toBe(
      `CONNECT [fd00::1]:443 HTTP/1.1\r\nHost: [fd00::1]:443\r\nProxy-Authorization: Basic ${Buffer.from('al:p:w').toString('base64')}\r\n\r\n`,
    );
    expect(parseStatusLine('HTTP/1.1 200 Connection established\r\n\r\n')).toEqual({
      status: 200,
      text: 'Connection established',
    });
    expect(parseStatusLine('HTTP/1.0 200\r\n\r\n')).toEqual({ status: 200, text: '' });
    expect(parseStatusLine('SSH-2.0-OpenSSH\r\n')).toBeNull();
  });

  it('carries bytes both ways once the proxy said 200, with the credentials from the URL', async () => {
    const p = await connectProxy();
    const echo = await echoServer();
    const { socket, head } = await openTunnel(
      proxy(`http://user:pa%3Ass@127.0.0.1:${p.port}`),
      '127.0.0.1',
      echo,
      new AbortController().signal,
    );
    closers.push(() => socket.destroy());
    expect(head.length).toBe(0);
    expect(p.heads[0]).toContain(`CONNECT 127.0.0.1:${echo} HTTP/1.1`);
    expect(p.heads[0]).toContain(
      `Proxy-Authorization: Basic ${Buffer.from('user:pa:ss').toString('base64')}`,
    );
    socket.write('ping');
    const [reply] = (await socket.take(1).toArray()) as Buffer[];
    expect(reply?.toString()).toBe('ping');
  });

  it('speaks TLS to an https:// proxy before the CONNECT', async () => {
    const p = await connectProxy({ tls: true });
    const echo = await echoServer();
    const tunnel = new TunnelSocket(proxy(`https://localhost:${p.port}`), '127.0.0.1', echo, {
      ca: cert.cert,
    });
    closers.push(() => tunnel.destroy());
    tunnel.write('hello through TLS');
    const [reply] = (await tunnel.take(1).toArray()) as Buffer[];
    expect(reply?.toString()).toBe('hello through TLS');
    expect(p.heads[0]).toContain(`CONNECT 127.0.0.1:${echo}`);
  });

  it('a dead proxy is "proxy unreachable: host:port (connection refused)"', async () => {
    const port = await deadPort();
    const err = await openTunnel(
      proxy(`http://127.0.0.1:${port}`),
      'api.corp',
      443,
      new AbortController().signal,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyUnreachableError);
    expect((err as Error).message).toBe(`proxy unreachable: 127.0.0.1:${port} (connection refused)`);
    expect(err).toMatchObject({ code: 'ERR_PROXY_UNREACHABLE', proxy: `127.0.0.1:${port}` });
  });

  it('407 is an auth failure, 502 a refused tunnel, both naming proxy and target', async () => {
    const auth = await connectProxy({ status: '407 Proxy Authentication Required' });
    const e407 = await openTunnel(
      proxy(`http://127.0.0.1:${auth.port}`),
      'api.corp',
      443,
      new AbortController().signal,
    ).catch((e: unknown) => e);
    expect(e407).toBeInstanceOf(ProxyTunnelError);
    expect(e407).toMatchObject({ reason: 'auth' });
    expect(String(e407)).toContain(
      `127.0.0.1:${auth.port} did not open a tunnel to api.corp:443: proxy authentication required`,
    );
    const bad = await connectProxy({ status: '502 Bad Gateway' });
    const e502 = await openTunnel(
      proxy(`http://127.0.0.1:${bad.port}`),
      'api.corp',
      443,
      new AbortController().signal,
    ).catch((e: unknown) => e);
    expect(e502).toMatchObject({ reason: 'refused', message: expect.stringContaining('502 Bad Gateway') });
  });

  it('a tunnel socket destroyed before the proxy answered stops there and hands nothing on', async () => {
    const hanging = await listen(createServer(() => undefined));
    const tunnel = new TunnelSocket(proxy(`http://127.0.0.1:${hanging}`), 'api.corp', 443);
    tunnel.on('error', () => undefined);
    tunnel.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(tunnel.destroyed).toBe(true);
  });
});

describe('ApiClient through a proxy', () => {
  const trustFixture = createSecureContext({ ca: cert.cert });
  const access = (server: string, via: ProxyTarget, http2: boolean): ClusterAccess => ({
    server,
    http2,
    proxy: via,
    apply: async (o) => {
      o.ca = cert.cert;
      o.secureContext = trustFixture;
      o.servername = 'localhost';
      o.headers = { ...o.headers, Authorization: 'Bearer t' };
    },
    invalidate: () => undefined,
  });

  it('HTTP/2 inside the tunnel: GETs and a watch on one proxied connection, TLS verified end to end', async () => {
    const sessions = new Set<unknown>();
    const server = createSecureServer(cert, (req, res) => {
      sessions.add(req.stream.session);
      if (req.url?.includes('watch=1')) {
        res.end('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
        return;
      }
      res.end(JSON.stringify({ version: req.httpVersion, auth: req.headers.authorization }));
    });
    const port = await listen(server);
    const p = await connectProxy();
    const client = new ApiClient(
      access(`https://127.0.0.1:${port}`, proxy(`http://127.0.0.1:${p.port}`), true),
    );
    closers.push(() => client.close());
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({
      version: '2.0',
      auth: 'Bearer t',
    });
    const events: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      void client.openStream(
        '/api/v1/pods?watch=1',
        {
          onOpen: () => undefined,
          onEvent: (e) => events.push(e),
          onEnd: (e) => (e ? reject(e) : resolve()),
        },
        5000,
      );
    });
    expect(events).toHaveLength(1);
    expect(sessions.size).toBe(1);
    expect(p.heads).toHaveLength(1);
    expect(p.heads[0]).toContain(`CONNECT 127.0.0.1:${port}`);
  });

  it('HTTP/1.1 inside the tunnel for a server without HTTP/2', async () => {
    const server = createHttpsServer(cert, (req, res) =>
      res.end(JSON.stringify({ version: req.httpVersion })),
    );
    const port = await listen(server);
    const p = await connectProxy();
    const client = new ApiClient(
      access(`https://127.0.0.1:${port}`, proxy(`http://127.0.0.1:${p.port}`), false),
    );
    closers.push(() => client.close());
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ version: '1.1' });
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ version: '1.1' });
    // Keep-alive: the second GET reused the tunnel.
    expect(p.heads).toHaveLength(1);
  });

  it('a dead proxy fails the request with the proxy error, on both transports', async () => {
    const dead = await deadPort();
    for (const http2 of [true, false]) {
      const client = new ApiClient(access('https://api.corp:6443', proxy(`http://127.0.0.1:${dead}`), http2));
      closers.push(() => client.close());
      const err = await client.getJson('/version', { timeoutMs: 5000 }).catch((e: unknown) => e);
      const chain = [err, (err as { cause?: unknown }).cause];
      expect(
        chain.some(
          (e) =>
            (e as Error | undefined)?.message === `proxy unreachable: 127.0.0.1:${dead} (connection refused)`,
        ),
        `http2=${http2}: ${String(err)}`,
      ).toBe(true);
    }
  });
});
