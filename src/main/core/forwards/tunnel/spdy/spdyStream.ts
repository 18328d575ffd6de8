import { Duplex } from 'node:stream';

/** What a data stream needs from its session: sending, and the transport's flow. */
export interface StreamHost {
  /** Sends one DATA frame's worth or more; `cb` once the transport can take more. */
  sendData(stream: SpdyDataStream, chunk: Buffer, cb: (err?: Error | null) => void): void;
  /** Empty DATA + FIN: this side is done writing. */
  sendFin(stream: SpdyDataStream): void;
  /** RST_STREAM CANCEL: the stream is abandoned before both sides finished. */
  sendCancel(stream: SpdyDataStream): void;
  /** The reader wants more: the transport may flow again if this stream had stopped it. */
  readMore(stream: SpdyDataStream): void;
  /** The stream is gone (closed or destroyed), whatever the reason. */
  forget(stream: SpdyDataStream): void;
}

/**
 * One forwarded TCP connection: the data stream of a port-forward stream pair, as a Duplex
 * the local listener pipes a client into. Half-open both ways: `end()` sends an empty DATA
 * with FIN and reading goes on; the server's FIN ends reading and writing goes on. Destroying
 * it before both sides finished resets the stream (RST_STREAM CANCEL), like kubectl. Flow:
 * writes wait while the transport's buffer is full; when this stream's reader falls behind,
 * the whole transport pauses until it reads (see session.ts: head-of-line, as kubectl).
 */
export class SpdyDataStream extends Duplex {
  readonly id: number;
  readonly port: number;
  private readonly host: StreamHost;
  /** The server sent FIN (or reset the stream): nothing more will be pushed. */
  remoteDone = false;
  /** We sent FIN. */
  localDone = false;
  /** The server reset the stream: nothing may be sent on it any more. */
  resetByServer = false;

  constructor(id: number, port: number, host: StreamHost) {
    super({ allowHalfOpen: true });
    this.id = id;
    this.port = port;
    this.host = host;
  }

  /**
   * Ends the connection with `err`. A stream nobody listens to for errors (the caller dropped
   * it) is destroyed without one: an unheard 'error' event would end the whole process.
   */
  fail(err: Error): void {
    this.destroy(this.listenerCount('error') > 0 ? err : undefined);
  }

  /** Bytes from the server; false when the reader has enough buffered. */
  deliver(data: Buffer): boolean {
    if (this.remoteDone || this.destroyed) return true;
    return this.push(data);
  }

  /** The server's FIN. */
  deliverEnd(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    if (!this.destroyed) this.push(null);
  }

  override _read(): void {
    this.host.readMore(this);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.resetByServer) return cb(new Error('the server reset this connection'));
    this.host.sendData(this, chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (!this.resetByServer) this.host.sendFin(this);
    this.localDone = true;
    cb();
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    if (!this.resetByServer && !(this.localDone && this.remoteDone)) this.host.sendCancel(this);
    this.host.forget(this);
    cb(err);
  }
}
