import { Duplex } from 'node:stream';
import {
  CloseCode,
  closeFrame,
  encodeFrame,
  frameHeader,
  Opcode,
  ServerFrameReader,
  DEFAULT_MAX_FRAME_BYTES,
  type ServerFrame,
} from './wsFrames';

/**
 * The largest message sent. A write of any size may come from above; the server's WebSocket
 * reader refuses messages past its limit (32 MiB) by dropping the connection, and a smaller
 * message lets the pong for a server's ping go out between two of them. Room for a whole
 * 64 KiB SPDY DATA frame with its header (written as two pieces) in one message.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** Payload pieces under this size are joined before they go up; larger ones go as they are. */
const JOIN_BELOW_BYTES = 4 * 1024;
/** After our close, how long the server may take to close the connection before we drop it. */
const CLOSE_WAIT_MS = 2_000;

export interface WebSocketByteStreamOptions {
  /** The largest frame read from the server. */
  maxFrameBytes?: number;
  /** After our close frame, how long before the connection is dropped if the server keeps it. */
  closeWaitMs?: number;
}

/**
 * A byte stream over a WebSocket the server already upgraded: each write goes out as binary
 * messages, the payload of each binary message read is pushed as bytes (message boundaries
 * mean nothing: the API server writes a message per write of its own, often tiny). A text
 * message or a frame the protocol forbids ends the stream with the reason in words, closing
 * the WebSocket with it. The server's pings are answered; `ping()` sends one of ours, and its
 * pong is the 'pong' event. A close from the server ends the stream (an error unless the code
 * is a normal one); `end()` sends close 1000 and ends the socket. Backpressure both ways: a
 * write waits for the socket's drain, and the socket is paused while what was pushed is not
 * taken.
 */
export class WebSocketByteStream extends Duplex {
  private readonly socket: Duplex;
  private readonly reader: ServerFrameReader;
  private closeSent = false;
  private closeReceived = false;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly closeWaitMs: number;
  private readonly onSocketData = (chunk: Buffer) => this.onFrames(this.reader.push(chunk));

  constructor(socket: Duplex, head: Buffer = Buffer.alloc(0), opts: WebSocketByteStreamOptions = {}) {
    super({ allowHalfOpen: true });
    this.socket = socket;
    this.reader = new ServerFrameReader({
      maxFrameBytes: opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      streamData: true,
    });
    this.closeWaitMs = opts.closeWaitMs ?? CLOSE_WAIT_MS;
    const tcp = socket as Partial<{
      setNoDelay(v: boolean): void;
      setKeepAlive(v: boolean, ms: number): void;
    }>;
    tcp.setNoDelay?.(true);
    tcp.setKeepAlive?.(true, 30_000);
    socket.on('data', this.onSocketData);
    socket.on('end', () => {
      if (this.closeReceived) return;
      // After our close, a server may drop the connection instead of answering it.
      if (this.closeSent) this.push(null);
      else this.destroy(new Error('the API server ended the tunnel without closing the WebSocket'));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.destroy(new Error(`the tunnel's connection failed (${err.code ?? err.message})`));
    });
    socket.on('close', () => {
      clearTimeout(this.closeTimer);
      if (!this.closeReceived && !this.closeSent)
        this.destroy(new Error('the tunnel closed without a WebSocket close'));
      else if (!this.readableEnded) this.push(null);
    });
    if (head.length > 0) this.onFrames(this.reader.push(head));
  }

  /** Sends a WebSocket ping; the server's pong comes as the 'pong' event. False once closed. */
  ping(payload: Buffer = Buffer.alloc(0)): boolean {
    if (this.closeSent || this.destroyed || !this.socket.writable) return false;
    this.socket.write(encodeFrame(Opcode.ping, payload.subarray(0, 125)));
    return true;
  }

  override _read(): void {
    if (this.socket.isPaused()) this.socket.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.send([chunk], cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (err?: Error | null) => void): void {
    this.send(
      chunks.map((c) => c.chunk),
      cb,
    );
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.sendClose(CloseCode.normal, '');
    cb();
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    const socket = this.socket;
    socket.off('data', this.onSocketData);
    socket.on('error', () => {});
    if (!socket.destroyed) {
      const code = err
        ? ((err as { wsCloseCode?: number }).wsCloseCode ?? CloseCode.internalError)
        : CloseCode.normal;
      this.sendClose(code, err?.message ?? '');
      // Read on to the server's end of the connection (sendClose bounds the wait).
      socket.resume();
    }
    cb(err);
  }

  private onFrames(frames: ServerFrame[]): void {
    // The server sends a message per write of its own (a SPDY DATA frame is three: id, flags
    // and length, payload). Small pieces of one read are joined into one push (a copy of a few
    // bytes saves a trip through the stream machinery each); a large piece goes up as it is, a
    // view into the socket's chunk, since copying it would cost more than the push.
    let small: Buffer[] = [];
    let smallBytes = 0;
    const flush = () => {
      if (small.length === 0 || this.destroyed) return;
      const chunk = small.length === 1 ? small[0]! : Buffer.concat(small, smallBytes);
      small = [];
      smallBytes = 0;
      if (!this.push(chunk)) this.socket.pause();
    };
    for (const f of frames) {
      if (this.destroyed) return;
      if (f.kind === 'binary') {
        const n = f.payload.length;
        if (n === 0) continue;
        if (n < JOIN_BELOW_BYTES) {
          small.push(f.payload);
          smallBytes += n;
          if (smallBytes >= JOIN_BELOW_BYTES) flush();
          continue;
        }
        flush();
        if (!this.destroyed && !this.push(f.payload)) this.socket.pause();
        continue;
      }
      flush();
      switch (f.kind) {
        case 'text':
          return this.fail(
            'the API server sent a text message on a binary tunnel',
            CloseCode.unsupportedData,
          );
        case 'ping':
          if (!this.closeSent && this.socket.writable) this.socket.write(encodeFrame(Opcode.pong, f.payload));
          break;
        case 'pong':
          this.emit('pong', f.payload);
          break;
        case 'close':
          return this.onClose(f.code, f.reason);
        case 'invalid':
          return this.fail(
            `the API server broke the WebSocket protocol: ${f.reason}`,
            CloseCode.protocolError,
          );
      }
    }
    flush();
  }

  private onClose(code: number | undefined, reason: string): void {
    this.closeReceived = true;
    this.sendClose(code ?? CloseCode.normal, '');
    if (code === undefined || code === CloseCode.normal || code === CloseCode.goingAway) {
      this.push(null);
      // Nothing more can be written: end our side too, so the stream can close.
      if (!this.writableEnded) this.end();
    } else {
      this.destroy(new Error(`the API server closed the tunnel (${code}${reason ? `: ${reason}` : ''})`));
    }
  }

  private fail(message: string, code: number): void {
    this.destroy(Object.assign(new Error(message), { wsCloseCode: code }));
  }

  /** Our close frame, once, then the end of our side of the connection. */
  private sendClose(code: number, reason: string): void {
    if (this.closeSent) return;
    this.closeSent = true;
    if (this.socket.writable) this.socket.end(closeFrame(code, reason));
    // A server that never closes its side must not keep the connection (and this stream) open.
    this.closeTimer ??= this.dropLater();
  }

  private dropLater(): NodeJS.Timeout {
    const timer = setTimeout(() => this.socket.destroy(), this.closeWaitMs);
    timer.unref();
    return timer;
  }

  private send(chunks: Buffer[], cb: (err?: Error | null) => void): void {
    if (this.closeSent || !this.socket.writable) {
      cb(new Error('the tunnel is closed'));
      return;
    }
    const socket = this.socket;
    socket.cork();
    let ok = true;
    for (const message of messagesOf(chunks, MAX_MESSAGE_BYTES)) {
      const length = message.reduce((n, b) => n + b.length, 0);
      socket.write(frameHeader(Opcode.binary, length));
      for (const part of message) ok = socket.write(part);
    }
    socket.uncork();
    if (ok) cb();
    else socket.once('drain', () => cb());
  }
}

/**
 * Groups writes into messages of at most `max` bytes: consecutive writes share a message while
 * they fit; a write that does not fit starts the next one; only a write larger than `max` is
 * split. Empty writes send nothing.
 */
export function messagesOf(chunks: readonly Buffer[], max: number): Buffer[][] {
  const messages: Buffer[][] = [];
  let current: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) messages.push(current);
    current = [];
    size = 0;
  };
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (size + chunk.length <= max) {
      current.push(chunk);
      size += chunk.length;
      continue;
    }
    flush();
    if (chunk.length <= max) {
      current.push(chunk);
      size = chunk.length;
      continue;
    }
    for (let at = 0; at < chunk.length; at += max) {
      const part = chunk.subarray(at, at + max);
      if (part.length === max) messages.push([part]);
      else {
        current.push(part);
        size = part.length;
      }
    }
  }
  flush();
  return messages;
}
