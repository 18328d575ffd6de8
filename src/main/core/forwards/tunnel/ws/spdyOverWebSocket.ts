import type { Duplex } from 'node:stream';
import { withFreshCredentials } from '../freshCredentials';
import type { PodPort } from '../handshake';
import { WebSocketByteStream } from './wsByteStream';
import { upgradeToWebSocket } from './wsHandshake';

/** The KEP-4006 subprotocol: SPDY/3.1 port-forward bytes carried in WebSocket binary messages. */
export const SPDY_OVER_WEBSOCKET_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/**
 * The byte stream of a port-forward's SPDY/3.1 session, tunnelled through a WebSocket to the
 * API server (KEP-4006, on by default since Kubernetes 1.31): what a SPDY session runs over.
 * A 401 at the upgrade drops the cached credentials and tries once more with fresh ones (a
 * rotated token file, an exec plugin run again); every other refusal is a DialError in words.
 */
export function openSpdyOverWebSocket(target: PodPort): Promise<Duplex> {
  return withFreshCredentials(() => openOnce(target));
}

async function openOnce(target: PodPort): Promise<Duplex> {
  const { socket, head } = await upgradeToWebSocket(target, SPDY_OVER_WEBSOCKET_PROTOCOL);
  return new WebSocketByteStream(socket, head);
}
