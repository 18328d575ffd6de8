import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { DialError } from '../dialer';
import { handshakeError, portForwardPath, readBody, type PodPort } from '../handshake';

/** The GUID a server appends to the key before hashing it into Sec-WebSocket-Accept (RFC 6455 §1.3). */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** How long the whole upgrade may take: connecting, the proxy, TLS, authentication, the 101. */
export const UPGRADE_TIMEOUT_MS = 15_000;

/** A socket the server switched to WebSocket, with the bytes that came with the 101. */
export interface Upgraded {
  socket: Duplex;
  /** Frames the server sent right behind its 101, already read off the socket. */
  head: Buffer;
}

/** The Sec-WebSocket-Accept a server must answer to `key`. */
export function acceptFor(key: string): string {
  return createHash('sha1')
    .update(key + ACCEPT_GUID)
    .digest('base64');
}

/**
 * The WebSocket upgrade for a port-forward, done by hand: `ws`, undici and browsers all refuse
 * a subprotocol with a `/` in it, as `SPDY/3.1+portforward.k8s.io` has. GET with the cluster's
 * own TLS, credentials and proxy (from `upgradeOptions`), over HTTP/1.1 (an upgrade does not
 * exist in HTTP/2), offering `protocol` in one header. A refusal is a DialError in words; a
 * 401 also drops the cached credentials, so the caller's one retry gets fresh ones.
 */
export async function upgradeToWebSocket(
  t: PodPort,
  protocol: string,
  timeoutMs = UPGRADE_TIMEOUT_MS,
): Promise<Upgraded> {
  const { url, options, invalidate } = await t.client.upgradeOptions(portForwardPath(t));
  const key = randomBytes(16).toString('base64');
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  const request = isHttps ? httpsRequest : httpRequest;
  return await new Promise<Upgraded>((resolve, reject) => {
    let settled = false;
    const settle = (err: DialError | undefined, up?: Upgraded) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeAllListeners('error');
      // A late error on a request we gave up on must not become an uncaught exception.
      req.on('error', () => {});
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(up!);
    };
    const req: ClientRequest = request(url, {
      ...options,
      method: 'GET',
      // No agent of the cluster's pool: an upgraded socket leaves its agent anyway. A proxy's
      // agent (from upgradeOptions) is kept: it opens the CONNECT or SOCKS tunnel.
      agent: options.agent ?? false,
      // TLS must not offer h2: there is no WebSocket upgrade in HTTP/2.
      ...(isHttps ? { ALPNProtocols: ['http/1.1'] } : {}),
      headers: {
        ...options.headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
        // One header: servers read only the first Sec-WebSocket-Protocol.
        'Sec-WebSocket-Protocol': protocol,
      },
    });
    const timer = setTimeout(
      () =>
        settle(
          new DialError(
            'timeout',
            `the API server did not accept the ${protocol} upgrade within ${timeoutMs / 1000} s`,
          ),
        ),
      timeoutMs,
    );
    req.once('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (settled) return void socket.destroy();
      const problem = upgradeProblem(res, key, protocol);
      if (problem) {
        socket.destroy();
        settle(new DialError('protocol', problem, res.statusCode));
        return;
      }
      settle(undefined, { socket, head });
    });
    req.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status === 401) invalidate();
      readBody(res).then(
        (body) => settle(handshakeError(status, body, t, protocol)),
        () => settle(handshakeError(status, '', t, protocol)),
      );
    });
    req.once('error', (err: NodeJS.ErrnoException) => settle(reachError(err)));
    req.end();
  });
}

/** What is wrong with a 101 for `key` and `protocol`, or undefined when it is right. */
export function upgradeProblem(
  res: Pick<IncomingMessage, 'statusCode' | 'headers'>,
  key: string,
  protocol: string,
): string | undefined {
  if (res.statusCode !== 101) return `the API server answered ${res.statusCode} to the ${protocol} upgrade`;
  if (String(res.headers.upgrade ?? '').toLowerCase() !== 'websocket')
    return `the API server switched to "${res.headers.upgrade ?? ''}", not to WebSocket`;
  if (res.headers['sec-websocket-accept'] !== acceptFor(key))
    return 'the API server answered the WebSocket upgrade with a wrong Sec-WebSocket-Accept';
  const chosen = res.headers['sec-websocket-protocol'];
  if (chosen !== protocol)
    return chosen
      ? `the API server chose the WebSocket protocol "${chosen}", not ${protocol}`
      : `the API server chose no WebSocket protocol (${protocol} offered)`;
  return undefined;
}

/** A connection to the API server (or its proxy) that failed before any answer, in words. */
function reachError(err: NodeJS.ErrnoException): DialError {
  // Proxy errors carry their own words ("proxy unreachable: 10.0.0.5:3128 (connection refused)").
  if (typeof err.code === 'string' && err.code.startsWith('ERR_PROXY'))
    return new DialError('refused', `cannot open the port-forward: ${err.message}`);
  return new DialError(
    'refused',
    `cannot reach the API server for the port-forward (${err.code ?? err.message})`,
  );
}
