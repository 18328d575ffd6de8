// What a hostile or broken API server (or a man in the middle when TLS checks are off) can make
// the client hold: an answer or a watch line past its cap ends that one request with a clear
// error, and the next request on the same client works. Both transports: HTTP/2 over TLS (the
// real API server's) and plain HTTP/1.1.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from './apiClient';
import { ApiError } from './apiErrors';
import type { ClusterAccess } from './clusterAccess';

const dir = join(import.meta.dirname, '../../../../test/fixtures/tls');
const tls = { key: readFileSync(join(dir, 'localhost.key')), cert: readFileSync(join(dir, 'localhost.crt')) };
const MiB = 1024 * 1024;

/** What the tests use of an HTTP/1.1 or HTTP/2 server response. */
interface Res {
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string | Buffer): boolean;
  end(chunk: string): unknown;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: () => void): unknown;
}
type Handler = (url: string, res: Res) => void;

/** Writes `total` bytes of `byte` in 64 KiB pieces, respecting back-pressure; stops when the client goes. */
function pour(res: Res, total: number, byte = 'x', then?: () => void): void {
  const piece = Buffer.alloc(64 * 1024, byte);
  let sent = 0;
  const more = () => {
    while (sent < total && !res.destroyed && !res.writableEnded) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', more);
    }
    if (sent >= total) then?.();
  };
  res.on('error', () => undefined);
  more();
}

/** Answers every URL the tests use; `oversized` paths get the hostile answer. */
const handler: Handler = (url, res) => {
  if (url.startsWith('/huge-body')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    pour(res, 70 * MiB, ' ', () => res.end('{}'));
    return;
  }
  if (url.startsWith('/huge-error')) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', message: 'm'.repeat(50_000), reason: 'InternalError' }));
    return;
  }
  if (url.startsWith('/endless-line')) {
    // A watch that sends one good event, then a line that never ends (held open after 40 MiB).
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}\n{"type":"ADDED"');
    pour(res, 40 * MiB);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: url }));
};

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function start(kind: 'h2' | 'h1'): Promise<ApiClient> {
  const server =
    kind === 'h2'
      ? createSecureServer(tls, (req: Http2ServerRequest, res: Http2ServerResponse) => handler(req.url, res))
      : createHttpServer((req: IncomingMessage, res: ServerResponse) => handler(req.url ?? '/', res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close();
  });
  const port = (server.address() as AddressInfo).port;
  const access: ClusterAccess = {
    server: `${kind === 'h2' ? 'https' : 'http'}://127.0.0.1:${port}`,
    http2: kind === 'h2',
    apply: async (o) => {
      o.rejectUnauthorized = false;
    },
    invalidate: () => undefined,
  };
  const client = new ApiClient(access);
  closers.push(() => client.close());
  return client;
}

function watch(client: ApiClient, path: string): Promise<{ events: unknown[]; err: Error | undefined }> {
  const events: unknown[] = [];
  return new Promise((resolve) => {
    void client.openStream(
      path,
      { onOpen: () => undefined, onEvent: (e) => events.push(e), onEnd: (err) => resolve({ events, err }) },
      5000,
    );
  });
}

describe.each(['h2', 'h1'] as const)('ApiClient limits over %s', (kind) => {
  it('an answer past 64 MiB fails with a clear error, and the next request works', async () => {
    const client = await start(kind);
    const heapBefore = process.memoryUsage().heapUsed;
    await expect(client.getJson('/huge-body', { timeoutMs: 30_000 })).rejects.toThrow(
      'The answer from the API server exceeded 64 MiB',
    );
    // Nothing of the cut-off answer stays reachable once the request failed.
    globalThis.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * MiB);
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ ok: '/version' });
  }, 60_000);

  it('a watch line past 16 MiB ends the watch with a clear error; events before it arrived', async () => {
    const client = await start(kind);
    const { events, err } = await watch(client, '/endless-line?watch=1');
    expect(events).toHaveLength(1);
    expect(err?.message).toBe('A watch event from the API server exceeded 16 MiB; the watch was closed');
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ ok: '/version' });
  }, 60_000);

  it('an error message taken from the server is cut to 300 characters', async () => {
    const client = await start(kind);
    const err = await client.getJson('/huge-error', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(500);
    expect((err as ApiError).reason).toBe('InternalError');
    expect((err as ApiError).message).toHaveLength(300);
    expect((err as ApiError).message.endsWith('m…')).toBe(true);
    const ended = await watch(client, '/huge-error?watch=1');
    expect(ended.err?.message).toHaveLength(300);
  });
});
