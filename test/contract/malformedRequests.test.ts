import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/server';
import { startTestEngine } from './rig';

// Paths a web page (an <img src>), a local user or a fuzzer can send to the headless port.
// Each must get an answer; none may end the process (vitest fails the run on an unhandled
// rejection, which is how a bad escape used to end `tether serve`).
const MALFORMED: ReadonlyArray<[path: string, statuses: number[]]> = [
  ['/%', [400]],
  ['/%E0%A4%A', [400]],
  ['/%zz', [400]],
  ['/%C0%AE%C0%AE/etc/passwd', [400]],
  ['/%ED%A0%80', [400]],
  ['/a%', [400]],
  ['/%00', [400, 404]],
  ['/index.html%00.js', [400, 404]],
  ['/..%2f..%2f..%2fetc%2fpasswd', [404]],
  ['//etc/passwd', [404]],
  ['/' + 'a'.repeat(10_000), [404]],
  ['/?%', [200]],
];

const staticDir = mkdtempSync(join(tmpdir(), 'tether-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tether</title>');

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request line Node's client would refuse to send, written on a raw socket. */
function rawRequest(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out.split('\r\n')[0] ?? ''));
    s.on('error', () => resolve(out.split('\r\n')[0] ?? ''));
    s.write(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

describe('malformed requests to the headless server', () => {
  let server: HeadlessServer;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const { log, engine } = await startTestEngine('headless');
    server = await startHeadlessServer({ dispatch: engine.dispatch, bus: engine.bus, log, staticDir });
    stop = async () => {
      await server.close();
      await engine.stop();
    };
  });
  afterAll(() => stop());

  it.each(MALFORMED)('GET %s gets an answer, then / still answers 200', async (path, statuses) => {
    expect(statuses).toContain(await get(server.port, path));
    expect(await get(server.port, '/')).toBe(200);
  });

  it('raw request lines with bad bytes are answered, and the server keeps serving', async () => {
    for (const line of ['GET /%%%% HTTP/1.1', 'GET /\u00ff%ff HTTP/1.1', 'GET * HTTP/1.1']) {
      expect(await rawRequest(server.port, line)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await get(server.port, '/')).toBe(200);
  });
});
