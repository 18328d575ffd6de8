import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../kube/apiClient';
import { DialError } from '../dialer';
import { openSpdyOverWebSocket, SPDY_OVER_WEBSOCKET_PROTOCOL } from './spdyOverWebSocket';
import { acceptFor, upgradeProblem, upgradeToWebSocket } from './wsHandshake';

/** What a local server does with an upgrade request: writes raw bytes on the socket, or nothing. */
type Answer = (req: IncomingMessage, socket: Socket) => void;

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A real local HTTP server answering upgrades with `answer`; `requests` records what came. */
async function serve(answer: Answer) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(426).end();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    requests.push(req);
    answer(req, socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let invalidated = 0;
  const client = {
    upgradeOptions: async (path: string) => ({
      url: `http://127.0.0.1:${port}${path}`,
      options: { headers: { Authorization: 'Bearer t0ken' } },
      invalidate: () => void invalidated++,
    }),
  } as unknown as ApiClient;
  return { client, requests, invalidated: () => invalidated };
}

/** A binary message "hi" as a server sends it. */
const FRAME = Buffer.from([0x82, 0x02, 0x68, 0x69]);

const target = (client: ApiClient) => ({ client, namespace: 'ns', pod: 'p', port: 8080 });

const switching = (req: IncomingMessage, extra: Record<string, string> = {}) => {
  const headers: Record<string, string> = {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Accept': acceptFor(String(req.headers['sec-websocket-key'])),
    'Sec-WebSocket-Protocol': SPDY_OVER_WEBSOCKET_PROTOCOL,
    ...extra,
  };
  return (
    'HTTP/1.1 101 Switching Protocols\r\n' +
    Object.entries(headers)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n'
  );
};

const refusal = (status: string, body: string) =>
  `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

async function failureOf(p: Promise<unknown>): Promise<DialError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DialError);
  return err as DialError;
}

describe('the WebSocket upgrade done by hand', () => {
  it('sends a GET with the upgrade headers, the credentials and ONE protocol header; keeps the bytes after the 101', async () => {
    const s = await serve((req, socket) => socket.write(Buffer.concat([Buffer.from(switching(req)), FRAME])));
    const { socket, head } = await upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL);
    const req = s.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.httpVersion).toBe('1.1');
    expect(req.url).toBe('/api/v1/namespaces/ns/pods/p/portforward?ports=8080');
    expect(req.headers).toMatchObject({
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-protocol': 'SPDY/3.1+portforward.k8s.io',
      authorization: 'Bearer t0ken',
    });
    expect(req.rawHeaders.filter((h) => h.toLowerCase() === 'sec-websocket-protocol')).toHaveLength(1);
    expect(Buffer.from(String(req.headers['sec-websocket-key']), 'base64')).toHaveLength(16);
    // The server's first frame may come in the same packet as the 101.
    const first = head.length > 0 ? head : await new Promise<Buffer>((r) => socket.once('data', r));
    expect(first).toEqual(FRAME);
    socket.destroy();
  });

  it('a 101 with a wrong Sec-WebSocket-Accept is refused', async () => {
    const s = await serve((req, socket) =>
      socket.write(switching(req, { 'Sec-WebSocket-Accept': acceptFor('another key') })),
    );
    const err = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL));
    expect(err.failure).toBe('protocol');
    expect(err.message).toBe(
      'the API server answered the WebSocket upgrade with a wrong Sec-WebSocket-Accept',
    );
  });

  it('a 101 choosing another protocol, or none, is refused in words', async () => {
    let chosen = 'v4.channel.k8s.io';
    const s = await serve((req, socket) =>
      socket.write(switching(req, { 'Sec-WebSocket-Protocol': chosen })),
    );
    const other = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL));
    expect(other.message).toBe(
      'the API server chose the WebSocket protocol "v4.channel.k8s.io", not SPDY/3.1+portforward.k8s.io',
    );
    chosen = '';
    const none = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL));
    expect(none.message).toBe(
      'the API server chose no WebSocket protocol (SPDY/3.1+portforward.k8s.io offered)',
    );
  });

  it('a refusal is a DialError with the server words (a Status body)', async () => {
    const s = await serve((_req, socket) =>
      socket.end(
        refusal(
          '500 Internal Server Error',
          JSON.stringify({ kind: 'Status', message: 'error dialing backend: dial tcp: i/o timeout' }),
        ),
      ),
    );
    const err = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL));
    expect(err.failure).toBe('protocol');
    expect(err.status).toBe(500);
    expect(err.message).toBe(
      'the API server answered 500 to the port-forward: error dialing backend: dial tcp: i/o timeout',
    );
  });

  it('an empty 403 is the runtime refusing the protocol, not RBAC', async () => {
    const s = await serve((_req, socket) => socket.end(refusal('403 Forbidden', '')));
    const err = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL));
    expect(err.failure).toBe('protocol');
    expect(err.message).toBe(
      'the cluster refused the SPDY/3.1+portforward.k8s.io upgrade (403, no reason given)',
    );
  });

  it('a server that never answers: DialError timeout, in seconds', async () => {
    const s = await serve(() => {});
    const err = await failureOf(upgradeToWebSocket(target(s.client), SPDY_OVER_WEBSOCKET_PROTOCOL, 300));
    expect(err.failure).toBe('timeout');
    expect(err.message).toBe(
      'the API server did not accept the SPDY/3.1+portforward.k8s.io upgrade within 0.3 s',
    );
  });

  it('a 401 drops the credentials and tries once more; a second 401 is the answer', async () => {
    const s = await serve((_req, socket) =>
      socket.end(refusal('401 Unauthorized', JSON.stringify({ kind: 'Status', message: 'Unauthorized' }))),
    );
    const err = await failureOf(openSpdyOverWebSocket(target(s.client)));
    expect(err.failure).toBe('unauthorized');
    expect(err.message).toBe('credentials rejected (401): Unauthorized');
    expect(s.requests).toHaveLength(2);
    expect(s.invalidated()).toBe(2);
  });

  it('a 401 then a 101 (a rotated token): the retry opens the tunnel', async () => {
    let calls = 0;
    const s = await serve((req, socket) => {
      if (calls++ === 0) socket.end(refusal('401 Unauthorized', '{"message":"Unauthorized"}'));
      else socket.write(switching(req));
    });
    const stream = await openSpdyOverWebSocket(target(s.client));
    expect(s.invalidated()).toBe(1);
    stream.destroy();
  });
});

describe('upgradeProblem', () => {
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  it('accepts the RFC 6455 §1.3 example answer', () => {
    expect(acceptFor(key)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(
      upgradeProblem(
        {
          statusCode: 101,
          headers: {
            upgrade: 'WebSocket',
            'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
            'sec-websocket-protocol': 'x',
          },
        },
        key,
        'x',
      ),
    ).toBeUndefined();
  });

  it('refuses a switch to something else than WebSocket', () => {
    expect(upgradeProblem({ statusCode: 101, headers: { upgrade: 'SPDY/3.1' } }, key, 'x')).toBe(
      'the API server switched to "SPDY/3.1", not to WebSocket',
    );
  });
});
