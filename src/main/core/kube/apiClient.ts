import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { AccessOptions, ClusterAccess } from './clusterAccess';
import { apiErrorFrom, ApiError, TimeoutError } from './apiErrors';
import { Http2Connection, refusedUnprocessed } from './http2Connection';
import { proxyAgent } from './proxy/proxyAgent';
import { TunnelSocket } from './proxy/tunnel';
import { collect, ignore, readEvents } from './responseBody';

/**
 * Keep-alive so the probe reuses a warm connection (the idle-drop problem). Watches hold their
 * own sockets while open; after a burst of lists one idle socket is kept per cluster, for the probe
 * (each TLS socket costs ~200 kB of native memory).
 */
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 30_000, maxSockets: 16, maxFreeSockets: 1 };

/** RST_STREAM code for "we no longer want this stream". */
const CANCEL = 0x8;
/** How often a request the server refused unprocessed is sent (on a new connection after its GOAWAY). */
const REFUSED_ATTEMPTS = 3;

export interface RequestOpts {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A small client for one cluster: raw JSON GETs and streaming watches. Over TLS they share one
 * HTTP/2 connection, as client-go's do: the probe then proves the very connection the watches
 * ride on, and ten clusters hold ten TLS connections instead of sixty (~150 kB each); through a
 * proxy (proxy/), that connection runs inside the proxy's tunnel. Plain http:// servers and
 * servers without HTTP/2 use a keep-alive HTTP/1.1 agent (tunnelled the same way).
 * TLS material and credentials come from the context's ClusterAccess (clusterAccess.ts).
 * Raw JSON rather than generated typed models keeps memory and CPU low for big lists.
 *
 * One job: requests to one cluster; kept whole (just over 300 lines) because each request has an
 * HTTP/1.1 and an HTTP/2 path that share its options, deadline and 401 handling. Error types are
 * in apiErrors.ts, reading bodies in responseBody.ts.
 */
export class ApiClient {
  readonly server: string;
  private readonly access: ClusterAccess;
  private agent: HttpsAgent | HttpAgent;
  private secureContext: unknown;
  private readonly isHttps: boolean;
  /** Set while HTTP/2 is in use; dropped for good if the server does not speak it. */
  private h2: Http2Connection | undefined;

  constructor(access: ClusterAccess) {
    this.access = access;
    this.server = access.server;
    this.isHttps = this.server.startsWith('https:');
    this.agent = this.newAgent();
    if (this.isHttps && access.http2) {
      const proxy = access.proxy;
      const url = new URL(this.server);
      const tunnel = proxy
        ? () => new TunnelSocket(proxy, url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 443))
        : undefined;
      this.h2 = new Http2Connection(
        this.server,
        () => {
          this.h2 = undefined; // no h2 in the server's ALPN answer: HTTP/1.1 from now on
        },
        tunnel,
      );
    }
  }

  /** The HTTP/1.1 pool: through the context's proxy when it has one. */
  private newAgent(): HttpsAgent | HttpAgent {
    const proxy = this.access.proxy;
    if (proxy) return proxyAgent(this.isHttps, proxy, AGENT_OPTIONS);
    return this.isHttps ? new HttpsAgent(AGENT_OPTIONS) : new HttpAgent(AGENT_OPTIONS);
  }

  /** GET a path and parse its JSON body; non-2xx answers become ApiError. */
  async getJson<T = unknown>(path: string, opts: RequestOpts): Promise<T> {
    const { status, text } = await this.send(path, opts);
    if (status >= 300) throw apiErrorFrom(status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(status, `The API server answered ${path} with something that is not JSON`);
    }
  }

  /**
   * POST a JSON object and parse the JSON answer; non-2xx answers become ApiError. Only for
   * requests that change nothing (access reviews), so a retry is always safe.
   */
  async postJson<T = unknown>(path: string, body: unknown, opts: RequestOpts): Promise<T> {
    const { status, text } = await this.send(path, opts, JSON.stringify(body));
    if (status >= 300) throw apiErrorFrom(status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(status, `The API server answered ${path} with something that is not JSON`);
    }
  }

  /** GET a path and return its status and text (for /readyz, which answers plain text). */
  async getText(path: string, opts: RequestOpts): Promise<{ status: number; text: string }> {
    return await this.send(path, opts);
  }

  /**
   * Opens a watch stream; calls `onLine` with each parsed event and `onEnd` once, with the
   * error if it failed. `onOpen` fires once the server answered 200. Returns an abort.
   */
  async openStream(
    path: string,
    handlers: { onOpen(): void; onEvent(ev: unknown): void; onEnd(err?: Error): void },
    connectTimeoutMs: number,
  ): Promise<() => void> {
    const opts = await this.options(path);
    let ended = false;
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      handlers.onEnd(err);
    };
    if (this.h2) {
      const abort = this.openStreamH2(this.h2, opts, handlers, end, connectTimeoutMs);
      return () => {
        ended = true;
        abort();
      };
    }
    const req = (this.isHttps ? httpsRequest : httpRequest)(opts, (res) => {
      if ((res.statusCode ?? 0) !== 200) {
        if (res.statusCode === 401) this.access.invalidate();
        collect(res).then(
          (text) => end(apiErrorFrom(res.statusCode ?? 0, text)),
          (e: Error) => end(e),
        );
        return;
      }
      req.setTimeout(0);
      handlers.onOpen();
      readEvents(res, handlers.onEvent, (err) => {
        end(err);
        if (err) req.destroy();
      });
    });
    req.setTimeout(connectTimeoutMs, () =>
      req.destroy(new TimeoutError(`No answer from ${this.server} in ${connectTimeoutMs} ms`)),
    );
    req.on('error', (e) => end(e));
    req.end();
    return () => {
      ended = true;
      req.destroy();
    };
  }

  private openStreamH2(
    h2: Http2Connection,
    opts: AccessOptions,
    handlers: { onOpen(): void; onEvent(ev: unknown): void },
    end: (err?: Error) => void,
    connectTimeoutMs: number,
  ): () => void {
    const stream = h2.request(opts);
    const timer = setTimeout(() => {
      stream.close(CANCEL);
      end(new TimeoutError(`No answer from ${this.server} in ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
    stream.once('response', (headers) => {
      clearTimeout(timer);
      const status = Number(headers[':status'] ?? 0);
      if (status !== 200) {
        if (status === 401) this.access.invalidate();
        collect(stream).then(
          (text) => end(apiErrorFrom(status, text)),
          (e: Error) => end(e),
        );
        return;
      }
      handlers.onOpen();
      readEvents(stream, handlers.onEvent, (err) => {
        end(err);
        if (err) stream.close(CANCEL);
      });
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      end(e);
    });
    stream.on('close', () => {
      clearTimeout(timer);
      end();
    });
    return () => {
      clearTimeout(timer);
      stream.close(CANCEL);
    };
  }

  /**
   * Request options for an HTTP/1.1 upgrade to `path` (a port-forward WebSocket): TLS material
   * and credentials as for every request, through the context's proxy when it has one, on a
   * connection of its own (an upgraded socket leaves any pool). `invalidate` is for a 401 at
   * the handshake, so the next attempt fetches fresh credentials.
   */
  async upgradeOptions(path: string): Promise<{ url: string; options: AccessOptions; invalidate(): void }> {
    const url = new URL(this.server + path);
    const options: AccessOptions = { headers: {} };
    await this.access.apply(options);
    const proxy = this.access.proxy;
    if (proxy) options.agent = proxyAgent(this.isHttps, proxy, { keepAlive: false });
    return { url: url.href, options, invalidate: () => this.access.invalidate() };
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
    this.h2?.close();
  }

  private async options(path: string): Promise<RequestOptions> {
    const url = new URL(this.server + path);
    const opts: AccessOptions = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (this.isHttps ? 443 : 80),
      path: url.pathname + url.search,
      method: 'GET',
      agent: this.agent,
      headers: { Accept: 'application/json' },
    };
    const pooled = this.agent;
    await this.access.apply(opts);
    if (opts.secureContext && opts.secureContext !== this.secureContext) {
      // A new identity (a rotated certificate): new connections, the old ones closed — the
      // watches on them reconnect with it.
      if (this.secureContext !== undefined) {
        this.agent.destroy();
        this.agent = this.newAgent();
      }
      this.secureContext = opts.secureContext;
    }
    if (opts.agent === pooled) opts.agent = this.agent;
    return opts;
  }

  private async send(
    path: string,
    { timeoutMs, signal }: RequestOpts,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    const opts = await this.options(path);
    if (body !== undefined) {
      opts.method = 'POST';
      opts.headers = { ...opts.headers, 'Content-Type': 'application/json' };
    }
    for (let attempt = 1; this.h2; attempt++) {
      try {
        return await this.sendH2(this.h2, opts, timeoutMs, signal, body);
      } catch (err) {
        if (attempt >= REFUSED_ATTEMPTS || !refusedUnprocessed(err)) throw err;
      }
    }
    return await new Promise((resolve, reject) => {
      // Settles once and then unhooks our listeners from the request: see `collect` for why
      // nothing of a finished request may stay reachable from it.
      const settle = (err: Error | undefined, result?: { status: number; text: string }) => {
        clearTimeout(timer);
        req.removeAllListeners('error').on('error', ignore);
        if (err) reject(err);
        else resolve(result!);
      };
      const req = (this.isHttps ? httpsRequest : httpRequest)({ ...opts, signal }, (res) => {
        if (res.statusCode === 401) this.access.invalidate();
        collect(res).then(
          (text) => settle(undefined, { status: res.statusCode ?? 0, text }),
          (e: Error) => settle(e),
        );
      });
      // A whole-request deadline: a paused server (SIGSTOP) accepts the TCP connection and
      // then says nothing, which a socket-idle timeout alone would not always catch.
      const timer = setTimeout(
        () => req.destroy(new TimeoutError(`No answer from ${this.server}${path} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      req.on('error', (e) => settle(e));
      req.end(body);
    });
  }

  private sendH2(
    h2: Http2Connection,
    opts: AccessOptions,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const stream = h2.request(opts, signal, body);
      let status = 0;
      // A whole-request deadline. No answer in time on a multiplexed connection means the
      // connection itself is suspect (a paused server, a half-open socket after sleep), so it
      // is dropped: the watches on it reconnect at once instead of hanging on it.
      const timer = setTimeout(() => {
        stream.close(CANCEL);
        h2.reset(`no answer to ${opts.path ?? ''} in ${timeoutMs} ms`);
        reject(new TimeoutError(`No answer from ${this.server}${opts.path ?? ''} in ${timeoutMs} ms`));
      }, timeoutMs);
      stream.once('response', (headers) => {
        status = Number(headers[':status'] ?? 0);
        if (status === 401) this.access.invalidate();
      });
      collect(stream).then(
        (text) => {
          clearTimeout(timer);
          resolve({ status, text });
        },
        (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }
}
