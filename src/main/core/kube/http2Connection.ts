import { connect, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { AccessOptions } from './clusterAccess';

/**
 * The one HTTP/2 connection to a cluster's API server, opened on first use and again after it
 * closed, went away (GOAWAY) or was reset. A new TLS identity (a rotated certificate: a new
 * secure context) replaces the connection, so nothing goes on with the old one.
 */
export class Http2Connection {
  private readonly server: string;
  private readonly onNoHttp2: () => void;
  private readonly tunnel: (() => Duplex) | undefined;
  private current: { session: ClientHttp2Session; tls: unknown } | undefined;

  /**
   * `onNoHttp2` is called when the server's TLS handshake did not choose HTTP/2. `tunnel`,
   * when given, opens the socket TLS runs over (a proxy's tunnel to the server).
   */
  constructor(server: string, onNoHttp2: () => void, tunnel?: () => Duplex) {
    this.server = server;
    this.onNoHttp2 = onNoHttp2;
    this.tunnel = tunnel;
  }

  /** A GET stream for `opts.path` with `opts.headers`, on the current connection. */
  request(opts: AccessOptions, signal?: AbortSignal, body?: string): ClientHttp2Stream {
    const session = this.session(opts);
    const headers: Record<string, string | string[]> = {
      ':method': opts.method ?? 'GET',
      ':path': opts.path ?? '/',
    };
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
    }
    const stream = session.request(headers, {
      endStream: body === undefined,
      ...(signal ? { signal } : {}),
    });
    if (body !== undefined) stream.end(body);
    return stream;
  }

  /** Drops the connection (every stream on it fails and its owner reconnects). */
  reset(why: string): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    c.session.destroy(new Error(`connection reset: ${why}`));
  }

  close(): void {
    const c = this.current;
    this.current = undefined;
    c?.session.destroy();
  }

  private session(opts: AccessOptions): ClientHttp2Session {
    const c = this.current;
    if (c && c.tls === opts.secureContext && !c.session.closed && !c.session.destroyed) return c.session;
    if (c) this.reset('the TLS identity changed');
    const tls = {
      ...(opts.secureContext ? { secureContext: opts.secureContext } : {}),
      ...(opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      ...(opts.servername ? { servername: opts.servername } : {}),
    };
    const tunnel = this.tunnel;
    const session = connect(
      this.server,
      tunnel ? { createConnection: () => this.tlsOver(tunnel(), tls) } : tls,
    );
    const entry = { session, tls: opts.secureContext };
    const forget = () => {
      if (this.current === entry) this.current = undefined;
    };
    // Errors reach the streams; the session's own must not crash the process.
    session.on('error', (err: NodeJS.ErrnoException) => {
      forget();
      // A server that insists on HTTP/1.1 answers our h2-only ALPN offer with this alert.
      if (err.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') this.onNoHttp2();
    });
    session.on('close', forget);
    session.on('goaway', forget);
    session.once('connect', () => {
      const alpn = (session.socket as { alpnProtocol?: string | false } | undefined)?.alpnProtocol;
      if (alpn !== undefined && alpn !== 'h2') {
        forget();
        session.destroy();
        this.onNoHttp2();
      }
    });
    this.current = entry;
    return session;
  }

  /** TLS to the server over a tunnel, as http2.connect would do it over TCP (ALPN h2, SNI). */
  private tlsOver(socket: Duplex, tls: { servername?: string }) {
    const host = new URL(this.server).hostname.replace(/^\[|\]$/g, '');
    return tlsConnect({
      socket,
      host, // names the server for certificate verification when there is no SNI (an IP)
      ALPNProtocols: ['h2'],
      ...(isIP(host) ? {} : { servername: host }),
      ...tls,
    });
  }
}

/**
 * The server refused a stream without processing it (RST_STREAM REFUSED_STREAM): sending it
 * again is safe (RFC 9113 §8.7). kube-apiserver does this to the requests still in flight on a
 * connection it ends with GOAWAY, which it sends after answering a client whose credentials it
 * rejected (so several requests at once with a bad token get one 401 and refusals).
 */
export function refusedUnprocessed(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === 'ERR_HTTP2_STREAM_ERROR' &&
    typeof e.message === 'string' &&
    e.message.includes('NGHTTP2_REFUSED_STREAM')
  );
}
