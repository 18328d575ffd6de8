// One raw HTTPS request to an API server with a kubeconfig's credentials and a hard
// timeout — what a health probe does, and what fault tests measure.
import { request as httpsRequest } from 'node:https';
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** The answer of a request that got one. */
export interface RawResponse {
  status: number;
  body: string;
  /** Milliseconds from start to the full body. */
  elapsedMs: number;
}

/** Error of a request that got no answer; `code` is e.g. ECONNREFUSED or ETIMEDOUT. */
export class RequestFailed extends Error {
  readonly code: string;
  readonly elapsedMs: number;
  constructor(code: string, message: string, elapsedMs: number) {
    super(message);
    this.code = code;
    this.elapsedMs = elapsedMs;
  }
}

/** GETs `path` on the current context's server; rejects with RequestFailed on no answer. */
export async function rawGet(kc: KubeConfig, path: string, timeoutMs = 5_000): Promise<RawResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, server);
  const opts: RequestOptions = {
    method: 'GET',
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
  };
  await kc.applyToHTTPSOptions(opts);
  // A fresh connection each time: a pooled socket to a killed server would fail with
  // ECONNRESET, hiding the ECONNREFUSED a client really sees.
  opts.agent = false;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, elapsedMs: elapsed() });
      });
    });
    // A hard deadline for the whole exchange (socket timeouts only count idle time).
    const timer = setTimeout(() => {
      req.destroy();
      reject(new RequestFailed('ETIMEDOUT', `GET ${path}: no answer within ${timeoutMs} ms`, elapsed()));
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new RequestFailed(err.code ?? 'ERROR', `GET ${path}: ${err.message}`, elapsed()));
    });
    req.end();
  });
}
