import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { dataMessage, type V4Reader } from './v4Channel';

/** Past this many bytes queued on the WebSocket, the local client waits (backpressure). */
const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * The largest message sent: the server's WebSocket reader refuses messages past its limit
 * (32 MiB in Kubernetes' wsstream) by resetting the connection, and a local client may hand
 * over a write of any size.
 */
const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * After the client ends its side, how long the answer may pause before the connection is
 * closed. v4 cannot carry a half-close, and some servers (kwok) keep the WebSocket open after
 * the pod closed its side; a container runtime closes both directions 1 s after one ends.
 */
const DRAIN_IDLE_MS = 1_000;
/** A WebSocket ping this often; a ping unanswered by the next one ends the connection. */
const PING_MS = 15_000;

/**
 * One forwarded TCP connection over a `v4.channel.k8s.io` WebSocket whose data-channel prefix
 * has arrived, as a Duplex the local listener pipes a client into. Backpressure both ways: a
 * client read is paused while the WebSocket has too much queued, and the WebSocket is paused
 * while the client does not take what was pushed. The protocol has no half-close: a client's
 * end of writing is kept to itself and the WebSocket stays open for the answer, which ends
 * when the server closes it. An error text from the server ends this connection only, with
 * that text (`onServerError` sees it first, for the forward's status).
 */
export class WebSocketV4Stream extends Duplex {
  private readonly ws: WebSocket;
  private readonly reader: V4Reader;
  private readonly pinger: NodeJS.Timeout;
  private awaitingPong = false;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor(ws: WebSocket, reader: V4Reader, onServerError: (text: string) => void = () => {}) {
    super({ allowHalfOpen: true });
    this.ws = ws;
    this.reader = reader;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary)
        return this.destroy(new Error('the API server sent a text message on a binary port-forward'));
      const m = this.reader.read(data);
      if (m.kind === 'data') {
        if (this.drainTimer) this.drainTimer.refresh();
        if (m.bytes.length > 0 && !this.push(m.bytes)) ws.pause();
      } else if (m.kind === 'error') {
        if (!m.text) return;
        onServerError(m.text);
        this.destroy(new Error(m.text));
      } else if (m.kind === 'invalid') {
        this.destroy(new Error(`the API server broke the port-forward protocol: ${m.reason}`));
      }
    });
    ws.on('pong', () => (this.awaitingPong = false));
    ws.once('close', () => {
      clearInterval(this.pinger);
      clearTimeout(this.drainTimer);
      this.push(null);
      // Nothing more can be written either: end our side so the pair can close.
      if (!this.writableEnded) this.end();
    });
    ws.on('error', (err) => this.destroy(err));
    this.pinger = setInterval(() => {
      if (this.awaitingPong) {
        this.destroy(new Error('the API server stopped answering on this connection (no pong)'));
        return;
      }
      this.awaitingPong = true;
      ws.ping();
    }, PING_MS);
    this.pinger.unref();
  }

  override _read(): void {
    this.ws.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.ws.readyState !== this.ws.OPEN) return cb(new Error('the port-forward WebSocket is closed'));
    let done = false;
    const finish = (err?: Error | null) => {
      if (done) return;
      done = true;
      cb(err);
    };
    for (let at = 0; at < chunk.length; at += MAX_MESSAGE_BYTES) {
      const last = at + MAX_MESSAGE_BYTES >= chunk.length;
      const part = chunk.subarray(at, at + MAX_MESSAGE_BYTES);
      this.ws.send(dataMessage(part), { binary: true }, last ? (err) => finish(err ?? null) : undefined);
    }
    if (this.ws.bufferedAmount < HIGH_WATER_BYTES) finish();
  }

  override _final(cb: (err?: Error | null) => void): void {
    // No half-close in v4: the answer still comes, and the WebSocket closes once it pauses.
    this.drainTimer = setTimeout(() => this.ws.close(1000), DRAIN_IDLE_MS);
    this.drainTimer.unref();
    cb();
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    clearInterval(this.pinger);
    clearTimeout(this.drainTimer);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(1000);
      // A server that never answers the close must not keep the socket.
      setTimeout(() => this.ws.terminate(), 2_000).unref();
    }
    cb(err);
  }
}
