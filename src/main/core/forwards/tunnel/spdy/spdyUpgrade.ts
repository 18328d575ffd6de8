import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DialError } from '../dialer';
import { handshakeError, portForwardPath, readBody, SPDY_UPGRADE, type PodPort } from '../handshake';

/** The port-forward sub-protocol spoken inside the SPDY session. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** How long the upgrade (connect, TLS, authn/authz, the API server's dial to the node) may take. */
export const UPGRADE_TIMEOUT_MS = 15_000;
/** TCP keepalive on the upgraded socket: a dead peer is also caught by the session's PINGs. */
const KEEPALIVE_MS = 30_000;

/**
 * The raw SPDY/3.1 transport (what kubectl does): an HTTP/1.1 POST to the pod's portforward
 * subresource asking to upgrade to SPDY/3.1 with the `portforward.k8s.io` sub-protocol, with
 * the context's own TLS, credentials and proxy (`ApiClient.upgradeOptions`). On 101 the socket
 * itself is the byte Duplex a SpdySession runs over; bytes that came with the 101 are put back
 * in front. Node's http(s) request speaks only HTTP/1.1 (and ALPN is pinned to it), which an
 * upgrade needs. A refusal is a DialError in a user's words (handshakeError); on 401 the
 * cached credentials are dropped first, so the caller's one retry fetches fresh ones.
 */
export async function openSpdyTransport(
  target: PodPort,
  { timeoutMs = UPGRADE_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<Duplex> {
  const { url, options, invalidate } = await target.client.upgradeOptions(portForwardPath(target));
  const isHttps = url.startsWith('https:');
  const send = isHttps ? httpsRequest : httpRequest;
  return await new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined = undefined;
    const fail = (err: DialError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.removeAllListeners('upgrade');
      req?.removeAllListeners('response');
      req?.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(
          new DialError(
            'timeout',
            `the API server did not open the port-forward (SPDY) within ${timeoutMs / 1000} s`,
          ),
        ),
      timeoutMs,
    );
    try {
      req = send(url, {
        ...options,
        ...(isHttps ? { ALPNProtocols: ['http/1.1'] } : {}),
        // No pooled connection: this one becomes the session's own socket.
        agent: options.agent ?? false,
        method: 'POST',
        headers: {
          ...options.headers,
          Connection: 'Upgrade',
          Upgrade: 'SPDY/3.1',
          'X-Stream-Protocol-Version': PORT_FORWARD_PROTOCOL,
          'Content-Length': '0',
        },
      });
    } catch (err) {
      fail(
        new DialError(
          'refused',
          `cannot start the port-forward request (${err instanceof Error ? err.message : String(err)})`,
        ),
      );
      return;
    }
    req.on('error', (err: NodeJS.ErrnoException) =>
      fail(
        new DialError(
          'refused',
          `cannot reach the API server for the port-forward (${err.code ?? err.message})`,
        ),
      ),
    );
    req.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      readBody(res).then(
        (body) => {
          if (status === 401) invalidate();
          fail(handshakeError(status, body, target, SPDY_UPGRADE));
        },
        () => fail(new DialError('protocol', `the API server answered ${status} to the port-forward`)),
      );
    });
    req.once('upgrade', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      const upgrade = String(res.headers.upgrade ?? '').toLowerCase();
      const protocol = String(res.headers['x-stream-protocol-version'] ?? '');
      if (upgrade !== 'spdy/3.1' || protocol !== PORT_FORWARD_PROTOCOL) {
        socket.destroy();
        fail(
          new DialError(
            'protocol',
            `the API server upgraded to "${upgrade || 'nothing'}" with sub-protocol "${protocol || 'none'}", not SPDY/3.1 with ${PORT_FORWARD_PROTOCOL}`,
          ),
        );
        return;
      }
      if (settled) {
        socket.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      // The first SPDY bytes may have come in the same read as the 101.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.end();
  });
}
