import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { httpConnectHandshake } from './httpConnect';
import { ProxyUnreachableError } from './proxyErrors';
import type { ProxyTarget } from './proxyFor';
import { socks5Handshake } from './socks5';

/** Extra TLS options for an https:// proxy (tests trust their own certificate with `ca`). */
export type ProxyTlsOptions = Pick<ConnectionOptions, 'ca' | 'rejectUnauthorized'>;

/**
 * Opens a tunnel to host:port through `proxy`: connects to the proxy (TLS for https://),
 * then HTTP CONNECT or SOCKS5. Resolves with the socket, positioned at the tunnel's first
 * byte (`head` holds bytes that arrived with the proxy's answer). A proxy we cannot connect to
 * is a ProxyUnreachableError; a proxy that will not open the tunnel a ProxyTunnelError.
 */
export async function openTunnel(
  proxy: ProxyTarget,
  host: string,
  port: number,
  signal: AbortSignal,
  tls: ProxyTlsOptions = {},
): Promise<{ socket: Socket; head: Buffer }> {
  const socket = await connectToProxy(proxy, signal, tls);
  const abort = () => socket.destroy();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const o = { host, port, proxy: proxy.address, ...credentialsOf(proxy) };
    const head =
      proxy.protocol === 'socks5' ? await socks5Handshake(socket, o) : await httpConnectHandshake(socket, o);
    signal.throwIfAborted();
    return { socket, head };
  } catch (err) {
    socket.destroy();
    throw err;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function credentialsOf(proxy: ProxyTarget): { credentials?: { username: string; password: string } } {
  const c = proxy.credentials();
  return c ? { credentials: c } : {};
}

/** TCP (or TLS) to the proxy; every failure on the way is the proxy's, and says so. */
function connectToProxy(proxy: ProxyTarget, signal: AbortSignal, tls: ProxyTlsOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const socket =
      proxy.protocol === 'https'
        ? tlsConnect({
            host: proxy.host,
            port: proxy.port,
            ...(isIP(proxy.host) ? {} : { servername: proxy.host }),
            ...tls,
          })
        : netConnect({ host: proxy.host, port: proxy.port });
    const ready = proxy.protocol === 'https' ? 'secureConnect' : 'connect';
    const onAbort = () => socket.destroy();
    const done = (err?: Error) => {
      signal.removeEventListener('abort', onAbort);
      socket.off(ready, onReady).off('error', onError);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onReady = () => done();
    const onError = (e: Error) => done(new ProxyUnreachableError(proxy.address, e));
    socket.once(ready, onReady).once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A socket to host:port through a proxy, usable at once: what it is given to write is held
 * until the tunnel is open, then it is a plain pipe. HTTP/2 (`createConnection`) and
 * https.Agent need a socket synchronously; TLS to the API server is started on top of this
 * one, so the proxy only ever sees encrypted bytes. A failed tunnel destroys it with the
 * proxy's error, which reaches the requests on it.
 */
export class TunnelSocket extends Duplex {
  private inner: Socket | undefined;
  private pendingWrite: (() => void) | undefined;
  private readonly abort = new AbortController();
  private idle: { ms: number } | undefined;

  constructor(proxy: ProxyTarget, host: string, port: number, tls: ProxyTlsOptions = {}) {
    super();
    openTunnel(proxy, host, port, this.abort.signal, tls).then(
      ({ socket, head }) => this.attach(socket, head),
      (err: Error) => this.destroy(err),
    );
  }

  private attach(socket: Socket, head: Buffer) {
    if (this.destroyed) {
      socket.destroy();
      return;
    }
    this.inner = socket;
    if (head.length) this.push(head);
    socket.on('data', (d: Buffer) => {
      if (!this.push(d)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (e) => this.destroy(e));
    socket.on('close', () => this.destroy());
    socket.on('timeout', () => this.emit('timeout'));
    if (this.idle) socket.setTimeout(this.idle.ms);
    socket.resume();
    const w = this.pendingWrite;
    this.pendingWrite = undefined;
    w?.();
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const write = () => this.inner?.write(chunk, cb);
    if (this.inner) write();
    else this.pendingWrite = write;
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.inner) this.inner.end(cb);
    else cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.abort.abort();
    this.inner?.destroy();
    cb(err);
  }

  // The net.Socket methods http.Agent and ClientRequest call on their sockets.
  setTimeout(ms: number, cb?: () => void): this {
    this.idle = { ms };
    this.inner?.setTimeout(ms);
    if (cb) this.once('timeout', cb);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.inner?.setKeepAlive(enable, delay);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.inner?.setNoDelay(noDelay);
    return this;
  }

  ref(): this {
    this.inner?.ref();
    return this;
  }

  unref(): this {
    this.inner?.unref();
    return this;
  }
}
