import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type ClientOptions } from 'ws';
import { handshakeError, portForwardPath, readBody, type PodPort } from './handshake';
import { DialError, type Dialer } from './dialer';
import { withFreshCredentials } from './freshCredentials';
import { V4_PROTOCOL, V4Reader } from './v4Channel';
import { WebSocketV4Stream } from './websocketStream';

/** How long a handshake and the server's first message may take together. */
const DIAL_TIMEOUT_MS = 15_000;

/**
 * Connections over the legacy WebSocket port-forward (`v4.channel.k8s.io`), straight from the
 * engine with the context's own credentials, TLS and proxy: one WebSocket per connection, no
 * kubectl and no second local hop. A 401 at the handshake drops the cached credentials and
 * tries once more with fresh ones (a rotated token file, an exec plugin run again).
 */
export function webSocketDialer(target: PodPort, onServerError?: (text: string) => void): Dialer {
  return {
    protocol: 'websocket',
    dial: () => withFreshCredentials(() => dialOnce(target, onServerError)),
  };
}

async function dialOnce(t: PodPort, onServerError?: (text: string) => void): Promise<Duplex> {
  const { url, options, invalidate } = await t.client.upgradeOptions(portForwardPath(t));
  const ws = new WebSocket(url.replace(/^http/, 'ws'), [V4_PROTOCOL], {
    ...(options as ClientOptions),
    perMessageDeflate: false,
    handshakeTimeout: DIAL_TIMEOUT_MS,
    // A zero mask lets ws skip XOR-ing every byte we send (a third of the CPU per MB). Masking
    // keeps script in a browser from shaping bytes a plain-HTTP cache would misread; this
    // client runs no foreign script, and the bytes go inside TLS or the proxy's tunnel.
    generateMask: (mask: Buffer) => void mask.fill(0),
    // One message is one read from the pod; the server writes at most 32 KiB per message.
    maxPayload: 16 * 1024 * 1024,
  });
  const reader = new V4Reader(t.port);
  return await new Promise<Duplex>((resolve, reject) => {
    const fail = (err: DialError) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(
          new DialError(
            'timeout',
            `the API server did not open the port-forward within ${DIAL_TIMEOUT_MS / 1000} s`,
          ),
        ),
      DIAL_TIMEOUT_MS,
    );
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      readBody(res).then(
        (body) => {
          const status = res.statusCode ?? 0;
          if (status === 401) invalidate();
          fail(handshakeError(status, body, t, V4_PROTOCOL));
        },
        () =>
          fail(new DialError('protocol', `the API server answered ${res.statusCode} to the port-forward`)),
      );
    });
    ws.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new DialError(
          'refused',
          `cannot reach the API server for the port-forward (${err.code ?? err.message})`,
        ),
      ),
    );
    ws.once('open', () => {
      if (ws.protocol !== V4_PROTOCOL) {
        fail(
          new DialError(
            'protocol',
            `the API server chose the WebSocket protocol "${ws.protocol}", not ${V4_PROTOCOL}`,
          ),
        );
      }
    });
    // The data channel's port prefix comes first: the server took the stream.
    const onFirst = (data: Buffer, isBinary: boolean) => {
      const m = isBinary ? reader.read(data) : { kind: 'invalid' as const, reason: 'a text message' };
      if (m.kind === 'invalid') {
        fail(new DialError('protocol', `the API server broke the port-forward protocol: ${m.reason}`));
        return;
      }
      if (m.kind === 'error') {
        fail(new DialError('refused', m.text));
        return;
      }
      if (!reader.ready) return;
      clearTimeout(timer);
      ws.off('message', onFirst);
      ws.removeAllListeners('error');
      ws.removeAllListeners('unexpected-response');
      resolve(new WebSocketV4Stream(ws, reader, onServerError));
    };
    ws.on('message', onFirst);
  });
}
