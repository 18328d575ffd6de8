import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../../shared/domain/forward';
import { probeThrough } from './probe';
import { tcpDialer } from './tunnel/dialer';

type HttpProbe = Extract<Probe, { type: 'http' }>;

const probe = (extra: Partial<HttpProbe>): HttpProbe => ({
  type: 'http',
  path: '/healthz',
  expectedStatus: 200,
  scheme: 'http',
  headers: {},
  intervalMs: 30_000,
  timeoutMs: 2_000,
  failureThreshold: 3,
  successThreshold: 1,
  ...extra,
});

let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(String(req.headers['x-token'] ?? ''));
    res.statusCode = req.url === '/healthz' ? 200 : 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('probeThrough never throws', () => {
  it("a tunnel that refuses the connection is tunnel-dead, in the tunnel's words", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await probeThrough(tcpDialer(deadPort), probe({}));
    expect(result).toMatchObject({ ok: false, problem: 'tunnel-dead' });
    expect(result.ok === false && result.message).toMatch(
      /kubectl's port refused the connection \(ECONNREFUSED\)/,
    );
  });

  it('a wrong status is app-not-answering, naming what came and what was expected', async () => {
    const result = await probeThrough(tcpDialer(port), probe({ path: '/other' }));
    expect(result).toEqual({
      ok: false,
      problem: 'app-not-answering',
      message: 'GET /other answered 404, expected 200',
    });
  });

  it('answers ok through a real HTTP server, sending the headers', async () => {
    await expect(probeThrough(tcpDialer(port), probe({ headers: { 'X-Token': 'abc' } }))).resolves.toEqual({
      ok: true,
    });
    expect(seen).toContain('abc');
  });

  // Specs stored by an older Tether (or edited by hand) may still carry what the schema now refuses.
  it.each([
    ['a header name Node refuses', { headers: { 'X Bad': '1' } }],
    ['a header value with CR/LF', { headers: { A: 'x\r\ny' } }],
    ['a header value beyond Latin-1', { headers: { A: '\u2603' } }],
    ['a path Node refuses', { path: '/a b' }],
  ])('resolves to a failed probe for %s', async (_, extra) => {
    const result = await probeThrough(tcpDialer(port), probe(extra as Partial<HttpProbe>));
    expect(result).toMatchObject({ ok: false, problem: 'app-not-answering' });
    expect(result.ok === false && result.message).toMatch(/probe request is invalid/);
  });
});
