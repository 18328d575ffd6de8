import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** An HTTP error from the API server, with its status (401, 403, 404, 410, 429, 5xx…). */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly reason: string | undefined;
  constructor(statusCode: number, message: string, reason?: string) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

/** A request that got no answer in time. */
export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export interface RequestOpts {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A small client for one cluster: raw JSON GETs and streaming watches over one keep-alive
 * agent, so the probe and the watches share warm connections (the idle-drop problem).
 * Authentication comes from client-node's KubeConfig (certificates, tokens, exec plugins).
 * Raw JSON rather than the generated typed models keeps memory and CPU low for big lists.
 */
export class ApiClient {
  readonly server: string;
  private readonly kc: KubeConfig;
  private readonly agent: HttpsAgent | HttpAgent;
  private readonly isHttps: boolean;

  constructor(kc: KubeConfig) {
    this.kc = kc;
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('The context has no cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.isHttps = this.server.startsWith('https:');
    this.agent = this.isHttps
      ? new HttpsAgent({ keepAlive: true, keepAliveMsecs: 30_000, maxSockets: 16 })
      : new HttpAgent({ keepAlive: true, keepAliveMsecs: 30_000, maxSockets: 16 });
  }

  /** GET a path and parse its JSON body; non-2xx answers become ApiError. */
  async getJson<T = unknown>(path: string, opts: RequestOpts): Promise<T> {
    const { res, body } = await this.send(path, opts);
    const text = body.toString('utf8');
    if ((res.statusCode ?? 0) >= 300) throw apiErrorFrom(res.statusCode ?? 0, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(
        res.statusCode ?? 0,
        `The API server answered ${path} with something that is not JSON`,
      );
    }
  }

  /** GET a path and return its status and text (for /readyz, which answers plain text). */
  async getText(path: string, opts: RequestOpts): Promise<{ status: number; text: string }> {
    const { res, body } = await this.send(path, opts);
    return { status: res.statusCode ?? 0, text: body.toString('utf8') };
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
    const req = (this.isHttps ? httpsRequest : httpRequest)(opts, (res) => {
      if ((res.statusCode ?? 0) !== 200) {
        collect(res).then(
          (b) => end(apiErrorFrom(res.statusCode ?? 0, b.toString('utf8'))),
          (e: Error) => end(e),
        );
        return;
      }
      req.setTimeout(0);
      handlers.onOpen();
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          let ev: unknown;
          try {
            ev = JSON.parse(line);
          } catch {
            end(new Error('The watch stream sent a line that is not JSON'));
            req.destroy();
            return;
          }
          handlers.onEvent(ev);
        }
      });
      res.on('end', () => end());
      res.on('error', (e) => end(e));
      res.on('close', () => end());
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

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  private async options(path: string): Promise<RequestOptions> {
    const url = new URL(this.server + path);
    const opts: RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (this.isHttps ? 443 : 80),
      path: url.pathname + url.search,
      method: 'GET',
      agent: this.agent,
      headers: { Accept: 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(opts);
    // applyToHTTPSOptions may set its own agent for proxies; keep ours for keep-alive otherwise.
    if (!opts.agent) opts.agent = this.agent;
    return opts;
  }

  private async send(
    path: string,
    { timeoutMs, signal }: RequestOpts,
  ): Promise<{ res: IncomingMessage; body: Buffer }> {
    const opts = await this.options(path);
    return await new Promise((resolve, reject) => {
      const req = (this.isHttps ? httpsRequest : httpRequest)({ ...opts, signal }, (res) => {
        collect(res).then((body) => {
          clearTimeout(timer);
          resolve({ res, body });
        }, reject);
      });
      // A whole-request deadline: a paused server (SIGSTOP) accepts the TCP connection and
      // then says nothing, which a socket-idle timeout alone would not always catch.
      const timer = setTimeout(
        () => req.destroy(new TimeoutError(`No answer from ${this.server}${path} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end();
    });
  }
}

function collect(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

function apiErrorFrom(status: number, text: string): ApiError {
  try {
    const s = JSON.parse(text) as { message?: string; reason?: string };
    return new ApiError(status, s.message ?? `HTTP ${status}`, s.reason);
  } catch {
    return new ApiError(status, text.trim().slice(0, 200) || `HTTP ${status}`);
  }
}
