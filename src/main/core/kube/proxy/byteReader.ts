import type { Duplex } from 'node:stream';

/**
 * Reads a proxy handshake off a socket: exact byte counts (SOCKS5) or up to a delimiter (an
 * HTTP response head). Whatever arrives past the handshake is handed back by `detach()`, so
 * the first bytes of the tunnelled TLS stream are not lost.
 */
export class ByteReader {
  private readonly socket: Duplex;
  private buf: Buffer = Buffer.alloc(0);
  private ended: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (d: Buffer) => {
    this.buf = Buffer.concat([this.buf, d]);
    this.notify();
  };
  private readonly onEnd = () => this.fail(new Error('the proxy closed the connection during the handshake'));
  private readonly onError = (e: Error) => this.fail(e);

  constructor(socket: Duplex) {
    this.socket = socket;
    socket.on('data', this.onData).on('end', this.onEnd).on('close', this.onEnd).on('error', this.onError);
  }

  /** Exactly `n` bytes. */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) await this.more();
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Bytes up to and including `delimiter`; fails past `max` bytes without it. */
  async readUntil(delimiter: string, max: number): Promise<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(delimiter);
      if (at >= 0) return await this.read(at + delimiter.length);
      if (this.buf.length > max) throw new Error(`the proxy's answer is longer than ${max} bytes`);
      await this.more();
    }
  }

  /** Stops reading; returns the bytes that came after the handshake. */
  detach(): Buffer {
    this.socket
      .off('data', this.onData)
      .off('end', this.onEnd)
      .off('close', this.onEnd)
      .off('error', this.onError);
    // Back to paused mode: nothing is lost between now and the tunnel's own 'data' listener.
    this.socket.pause();
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }

  private more(): Promise<void> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.wake = () => (this.ended ? reject(this.ended) : resolve());
    });
  }

  private fail(e: Error) {
    this.ended ??= e;
    this.notify();
  }

  private notify() {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
