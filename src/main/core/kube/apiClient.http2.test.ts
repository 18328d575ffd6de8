// The transport choice against local TLS servers: HTTP/2 when the server speaks it (one
// connection for GETs and watches), HTTP/1.1 when it does not. The real API server path is
// every integration test (kube-apiserver speaks HTTP/2).
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { constants as http2constants, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from './apiClient';
import { ApiError } from './apiErrors';
import type { ClusterAccess } from './clusterAccess';

const dir = join(import.meta.dirname, '../../../../test/fixtures/tls');
const tls = { key: readFileSync(join(dir, 'localhost.key')), cert: readFileSync(join(dir, 'localhost.crt')) };

function access(port: number): ClusterAccess {
  return {
    server: `https://127.0.0.1:${port}`,
    http2: true,
    apply: async (o) => {
      o.rejectUnauthorized = false;
      o.headers = { ...o.headers, Authorization: 'Bearer t' };
    },
    invalidate: () => undefined,
  };
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('ApiClient transports', () => {
  it('speaks HTTP/2 to a server that does: GETs and a watch share one connection', async () => {
    const sessions = new Set<unknown>();
    const seen: string[] = [];
    const server = createSecureServer(tls, (req, res) => {
      sessions.add(req.stream.session);
      seen.push(`${req.httpVersion} ${req.headers.authorization} ${req.url}`);
      if (req.url?.includes('watch=1')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"BOOK');
        res.end('MARK","object":{"metadata":{"resourceVersion":"9"}}}\n');
        return;
      }
      res.end(JSON.stringify({ kind: 'Status', ok: req.url }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new ApiClient(access((server.address() as AddressInfo).port));
    closers.push(() => client.close());
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ kind: 'Status', ok: '/version' });
    const events: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      void client.openStream(
        '/api/v1/pods?watch=1',
        {
          onOpen: () => undefined,
          onEvent: (e) => events.push(e),
          onEnd: (err) => (err ? reject(err) : resolve()),
        },
        5000,
      );
    });
    expect(events).toHaveLength(2);
    expect(await client.getText('/readyz', { timeoutMs: 5000 })).toMatchObject({ status: 200 });
    expect(seen.every((s) => s.startsWith('2.0 Bearer t '))).toBe(true);
    expect(sessions.size).toBe(1);
  });

  it('falls back to HTTP/1.1 for a server without HTTP/2, after one failed request', async () => {
    const server = createHttpsServer(tls, (req, res) => res.end(JSON.stringify({ v: req.httpVersion })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new ApiClient(access((server.address() as AddressInfo).port));
    closers.push(() => client.close());
    await client.getJson('/version', { timeoutMs: 5000 }).catch(() => undefined);
    expect(await client.getJson('/version', { timeoutMs: 5000 })).toEqual({ v: '1.1' });
  });

  it('a request without an answer in time fails and drops the connection it was on', async () => {
    const sessions = new Set<unknown>();
    const server = createSecureServer(tls, (req, res) => {
      sessions.add(req.stream.session);
      if (req.url === '/slow') return; // never answers
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new ApiClient(access((server.address() as AddressInfo).port));
    closers.push(() => client.close());
    await client.getJson('/fast', { timeoutMs: 5000 });
    await expect(client.getJson('/slow', { timeoutMs: 200 })).rejects.toThrow(/No answer from .* in 200 ms/);
    await client.getJson('/fast', { timeoutMs: 5000 });
    expect(sessions.size).toBe(2);
  });
});

describe('ApiClient: streams the server refused unprocessed', () => {
  /** An HTTP/2 server that refuses the first `refuse` streams, then answers 401 as a bad token gets. */
  async function refusingServer(refuse: number) {
    let seen = 0;
    const server = createSecureServer(tls, (req, res) => {
      if (++seen <= refuse) {
        req.stream.close(http2constants.NGHTTP2_REFUSED_STREAM);
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new ApiClient(access((server.address() as AddressInfo).port));
    closers.push(() => client.close());
    return { client, seen: () => seen };
  }

  it('is sent again: a bad token ends with the 401 it deserves, not the refusal', async () => {
    const { client, seen } = await refusingServer(2);
    const err = await client.getJson('/api/v1/pods', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(401);
    expect(seen()).toBe(3);
  });

  it('at most three times: a server that keeps refusing gets its refusal back', async () => {
    const { client, seen } = await refusingServer(100);
    const err = await client.getJson('/api/v1/pods', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/NGHTTP2_REFUSED_STREAM/);
    expect(seen()).toBe(3);
  });

  it('only refusals: a stream reset for another reason is not sent again', async () => {
    let seen = 0;
    const server = createSecureServer(tls, (req) => {
      seen++;
      req.stream.close(http2constants.NGHTTP2_INTERNAL_ERROR);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new ApiClient(access((server.address() as AddressInfo).port));
    closers.push(() => client.close());
    const err = await client.getJson('/api/v1/pods', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/NGHTTP2_INTERNAL_ERROR/);
    expect(seen).toBe(1);
  });
});
