import type { ClientTransport } from './client';
import type { Reply } from './errors';
import { WS_MAX_PAYLOAD_BYTES } from './limits';
import { TOKEN_PARAM, WS_PATH, WsServerFrameSchema } from './wire';

export interface WsTransportOptions {
  /** e.g. ws://127.0.0.1:4321 */
  baseUrl: string;
  token: string;
  /** A call with no reply after this long fails as disconnected. */
  callTimeoutMs?: number;
  /** Reconnect delays grow to this. */
  maxBackoffMs?: number;
  onStatus?: (status: 'connecting' | 'open' | 'closed' | 'refused') => void;
  /** Injected for Node, where a WebSocket class may differ. */
  WebSocketImpl?: typeof WebSocket;
}

interface Pending {
  resolve: (reply: Reply) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The headless transport, client side: one WebSocket, calls matched to replies by id,
 * pushed events fanned out, and a reconnect with backoff when the engine restarts. A call
 * made while disconnected waits for the socket (up to its timeout) instead of failing at once.
 */
export function createWsTransport(opts: WsTransportOptions): ClientTransport & { close(): void } {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const timeoutMs = opts.callTimeoutMs ?? 30_000;
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | undefined;
  let closed = false;
  let backoff = 250;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const url = `${opts.baseUrl}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(opts.token)}`;

  function connect() {
    if (closed) return;
    opts.onStatus?.('connecting');
    const sock = new WS(url);
    ws = sock;
    let opened = false;
    sock.onopen = () => {
      opened = true;
      backoff = 250;
      opts.onStatus?.('open');
      for (const frame of queue.splice(0)) sock.send(frame);
    };
    sock.onmessage = (ev: MessageEvent) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const frame = WsServerFrameSchema.safeParse(raw);
      if (!frame.success) return;
      if (frame.data.t === 'reply') {
        const p = pending.get(frame.data.id);
        if (!p) return;
        pending.delete(frame.data.id);
        clearTimeout(p.timer);
        p.resolve(frame.data.reply);
      } else {
        for (const l of listeners) l(frame.data.channel, frame.data.payload);
      }
    };
    sock.onclose = () => {
      if (ws === sock) ws = undefined;
      // Refused at upgrade (bad token, foreign origin) never opens: say so, and stop.
      if (!opened) {
        opts.onStatus?.('refused');
        failAll('The Tether engine refused the connection (wrong or expired token?).');
        if (closed) return;
      } else {
        opts.onStatus?.('closed');
      }
      if (closed) return;
      reconnectTimer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, opts.maxBackoffMs ?? 5_000);
    };
    sock.onerror = () => {
      /* onclose follows */
    };
  }

  function failAll(message: string) {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'disconnected', message } });
      pending.delete(id);
    }
    queue.length = 0;
  }

  connect();

  return {
    invoke(channel, payload) {
      const id = nextId++;
      const frame = JSON.stringify({ t: 'call', id, channel, payload });
      // The engine closes the socket on a frame past its limit: say so here instead of sending.
      if (utf8Length(frame) > WS_MAX_PAYLOAD_BYTES) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'bad-request',
            message: `"${channel}" is too large to send: at most ${WS_MAX_PAYLOAD_BYTES} bytes.`,
          },
        });
      }
      return new Promise<Reply>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({
            ok: false,
            error: { code: 'disconnected', message: `No answer to "${channel}" from the engine.` },
          });
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        if (ws && ws.readyState === WS.OPEN) ws.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      failAll('closed');
      ws?.close();
    },
  };
}

/** Bytes of `text` in UTF-8; counted only when the text could be near the limit. */
function utf8Length(text: string): number {
  if (text.length * 3 <= WS_MAX_PAYLOAD_BYTES) return text.length;
  return new TextEncoder().encode(text).byteLength;
}
