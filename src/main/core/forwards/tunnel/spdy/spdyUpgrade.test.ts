import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../kube/apiClient';
import { DialError } from '../dialer';
import { openSpdyTransport } from './spdyUpgrade';

/** A local HTTP/1.1 server whose upgrade requests `answer` handles on the raw socket. */
async function upgradeServer(answer: (req: IncomingMessage, socket: Socket) => void): Promise<Server> {
  const server = createServer();
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    sockets.push(socket); // upgraded sockets leave the server's books: closed by hand
    answer(req, socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return server;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function target(port: number, counters = { invalidated: 0 }) {
  const client = {
    upgradeOptions: (path: string) =>
      Promise.resolve({
        url: `http://127.0.0.1:${port}${path}`,
        options: { headers: { Authorization: 'Bearer secret' } },
        invalidate: () => void counters.invalidated++,
      }),
  } as unknown as ApiClient;
  return { client, namespace: 'ns', pod: 'web-0', port: 8080 };
}

const portOf = (s: Server) => (s.address() as { port: number }).port;
const SWITCH =
  'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
  'X-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n';

function refusal(status: number, reason: string, body: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

const failure = (p: Promise<Duplex>) =>
  p.then(
    (s) => {
      s.destroy();
      throw new Error('the upgrade succeeded');
    },
    (e: unknown) => e as DialError,
  );

describe('openSpdyTransport', () => {
  it('POSTs an HTTP/1.1 SPDY/3.1 upgrade with the credentials, and keeps bytes sent with the 101', async () => {
    let seen: IncomingMessage | undefined;
    const server = await upgradeServer((req, socket) => {
      seen = req;
      // The first server bytes in the same write as the 101: they must not be lost.
      socket.write(SWITCH + 'first-bytes');
      socket.on('data', (d) => socket.write(d));
    });
    const stream = await openSpdyTransport(target(portOf(server)));
    const got = await new Promise<string>((resolve) => {
      let text = '';
      stream.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.length >= 'first-bytes'.length + 4) resolve(text);
      });
      stream.write('ping');
    });
    expect(got).toBe('first-bytesping');
    expect(seen!.method).toBe('POST');
    expect(seen!.httpVersion).toBe('1.1');
    expect(seen!.url).toBe('/api/v1/namespaces/ns/pods/web-0/portforward?ports=8080');
    expect(seen!.headers).toMatchObject({
      connection: 'Upgrade',
      upgrade: 'SPDY/3.1',
      'x-stream-protocol-version': 'portforward.k8s.io',
      'content-length': '0',
      authorization: 'Bearer secret',
    });
    stream.destroy();
  });

  it('a Status refusal (403): DialError forbidden with the server words', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      message: 'pods "web-0" is forbidden: User "u" cannot create resource "pods/portforward"',
      reason: 'Forbidden',
    });
    const server = await upgradeServer((_req, socket) => socket.end(refusal(403, 'Forbidden', body)));
    const err = await failure(openSpdyTransport(target(portOf(server))));
    expect(err).toBeInstanceOf(DialError);
    expect(err.failure).toBe('forbidden');
    expect(err.message).toMatch(/may not port-forward to pod ns\/web-0 \(403\).*cannot create resource/);
  });

  it('401: DialError unauthorized, and the cached credentials are dropped for the retry', async () => {
    const counters = { invalidated: 0 };
    const server = await upgradeServer((_req, socket) =>
      socket.end(refusal(401, 'Unauthorized', '{"kind":"Status","message":"Unauthorized"}')),
    );
    const err = await failure(openSpdyTransport(target(portOf(server), counters)));
    expect(err.failure).toBe('unauthorized');
    expect(err.message).toMatch(/credentials rejected \(401\)/);
    expect(counters.invalidated).toBe(1);
  });

  it('a 101 to another sub-protocol: DialError protocol naming both', async () => {
    const server = await upgradeServer((_req, socket) =>
      socket.write(SWITCH.replace('portforward.k8s.io', 'v4.channel.k8s.io')),
    );
    const err = await failure(openSpdyTransport(target(portOf(server))));
    expect(err.failure).toBe('protocol');
    expect(err.message).toMatch(/sub-protocol "v4.channel.k8s.io", not SPDY\/3.1 with portforward.k8s.io/);
  });

  it('a server that never answers: DialError timeout in seconds', async () => {
    const server = await upgradeServer(() => {});
    const err = await failure(openSpdyTransport(target(portOf(server)), { timeoutMs: 300 }));
    expect(err.failure).toBe('timeout');
    expect(err.message).toBe('the API server did not open the port-forward (SPDY) within 0.3 s');
  });

  it('nothing listening: DialError refused with the error code', async () => {
    const s = createTcpServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    const err = await failure(openSpdyTransport(target(port)));
    expect(err.failure).toBe('refused');
    expect(err.message).toBe('cannot reach the API server for the port-forward (ECONNREFUSED)');
  });
});
