import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CHALLENGE_PARAM,
  ContractError,
  PROOF_PATH,
  TOKEN_PARAM,
  WS_PATH,
  WsClientFrameSchema,
  type Dispatch,
  type EventBus,
  type WsServerFrame,
} from '../../shared/contract';
import { WS_MAX_BUFFERED_BYTES, WS_MAX_PAYLOAD_BYTES, isStalledClient } from '../../shared/contract/limits';
import type { Logger } from '../core/app/log';
import { isAllowedHost, isAllowedOrigin, tokenMatches } from './guard';
import { isWellFormedChallenge, proofFor } from './proof';
import { SECURITY_HEADERS, serveStatic } from './static';

export interface HeadlessServerOptions {
  dispatch: Dispatch;
  bus: EventBus;
  log: Logger;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Tests may fix it; a run otherwise mints 32 random bytes. */
  token?: string;
  /** A client with more than this unsent is dropped (default WS_MAX_BUFFERED_BYTES). */
  maxBufferedBytes?: number;
}

export interface HeadlessServer {
  port: number;
  token: string;
  /** The address to open: the token travels in the fragment, never to a server log. */
  url: string;
  close(): Promise<void>;
}

/**
 * The headless transport: serves the renderer and carries the contract over a WebSocket on
 * 127.0.0.1 only. Every HTTP request must name our host (no DNS rebinding); the WebSocket
 * upgrade must also come from our origin and carry the per-run token.
 */
export async function startHeadlessServer(opts: HeadlessServerOptions): Promise<HeadlessServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const log = opts.log.child({ part: 'headless' });
  let port = 0;
  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) {
      log.warn('refused request with foreign Host', { host: req.headers.host });
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unknown host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    if (answerChallenge(req.url ?? '/', token, res)) return;
    serveStatic(opts.staticDir, req.url ?? '/', res).catch((err: unknown) => {
      // serveStatic answers every path itself; this is the net under it, so a request never
      // becomes an unhandled rejection.
      log.error('static request failed', { error: errorText(err) });
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS).end();
      else res.destroy();
    });
  });
  // The same bound as the contract's largest import, so an import is refused as too large by
  // the contract, never cut off by the socket (limits.ts).
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const maxBuffered = opts.maxBufferedBytes ?? WS_MAX_BUFFERED_BYTES;
  const sockets = new Set<WebSocket>();

  /** Sends a frame, or drops a client that stopped reading instead of queueing without end. */
  function sendText(ws: WebSocket, text: string) {
    if (ws.readyState !== ws.OPEN) return;
    if (isStalledClient(ws.bufferedAmount, maxBuffered)) {
      log.warn('dropped a WebSocket client that stopped reading', { bufferedAmount: ws.bufferedAmount });
      sockets.delete(ws);
      ws.terminate();
      return;
    }
    ws.send(text);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reason = refuseReason(req, port, token);
    if (reason) {
      log.warn('refused WebSocket', { reason, origin: req.headers.origin, host: req.headers.host });
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const unsubscribe = opts.bus.subscribe((channel, payload) => {
    const frame = JSON.stringify({ t: 'event', channel, payload } satisfies WsServerFrame);
    for (const ws of sockets) sendText(ws, frame);
  });

  function serveSocket(ws: WebSocket) {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      answer(ws, isBinary ? null : data.toString()).catch((err: unknown) =>
        log.error('WebSocket call failed', { error: errorText(err) }),
      );
    });
  }

  async function answer(ws: WebSocket, text: string | null) {
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const frame = WsClientFrameSchema.safeParse(raw);
    if (!frame.success) {
      log.warn('refused malformed WebSocket frame');
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : undefined;
      if (id !== undefined && Number.isInteger(id) && id >= 0) {
        const err = new ContractError(
          'bad-request',
          'Malformed frame: expected {t:"call", id, channel, payload}.',
        );
        sendText(
          ws,
          JSON.stringify({
            t: 'reply',
            id,
            reply: { ok: false, error: err.toShape() },
          } satisfies WsServerFrame),
        );
      }
      return;
    }
    const reply = await opts.dispatch(frame.data.channel, frame.data.payload, { transport: 'websocket' });
    sendText(ws, JSON.stringify({ t: 'reply', id: frame.data.id, reply } satisfies WsServerFrame));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/#${TOKEN_PARAM}=${token}`;
  log.info('headless server listening', { port });

  return {
    port,
    token,
    url,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `GET /api/proof?challenge=…`: proves to the CLI that this engine holds the token, without
 * the token travelling (see proof.ts). True when the request was this one (and answered).
 */
function answerChallenge(rawUrl: string, token: string, res: ServerResponse): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://127.0.0.1');
  } catch {
    return false;
  }
  if (url.pathname !== PROOF_PATH) return false;
  const challenge = url.searchParams.get(CHALLENGE_PARAM);
  if (!isWellFormedChallenge(challenge)) {
    res
      .writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' })
      .end('Bad Request: expected a challenge of 64 hex digits');
    return true;
  }
  res
    .writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/plain',
      'Cross-Origin-Resource-Policy': 'same-origin',
    })
    .end(proofFor(token, challenge));
  return true;
}

function refuseReason(req: IncomingMessage, port: number, token: string): string | undefined {
  if (!isAllowedHost(req.headers.host, port)) return 'unknown host';
  if (!isAllowedOrigin(req.headers.origin, port)) return 'foreign origin';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== WS_PATH) return 'unknown path';
  if (!tokenMatches(url.searchParams.get(TOKEN_PARAM), token)) return 'bad token';
  return undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
