import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectToRunningEngine } from '../../src/main/cli/engineClient';
import type { TetherClient } from '../../src/shared/contract';
import { UNHANDLED_REJECTION } from '../../src/main/core/app/lastResort';
import { waitFor } from '../harness/index.ts';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { sharedHarness } from './context';

// The real `tether serve`, monitoring a real cluster and one whose credentials are rejected,
// is sent what a web page, a local process or a fuzzer can send it. It must answer each, keep
// running, and its last-resort handler must never have caught a lost promise: a count above
// 0 in app:health is a bug even though the process survived it.

const h = sharedHarness();
const b = h.cluster('b');

/** A request line written on a raw socket (Node's client refuses to send most of these). */
function raw(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let out = '';
    s.setTimeout(10_000, () => s.destroy());
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out.split('\r\n')[0] ?? ''));
    s.on('error', () => resolve(out.split('\r\n')[0] ?? ''));
    s.write(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

function status(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens the engine's WebSocket with the right token and sends each frame as given. */
async function sendFrames(serve: ServeHandle, frames: Array<string | Buffer>): Promise<string[]> {
  const origin = `http://127.0.0.1:${serve.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/ws?token=${encodeURIComponent(serve.token)}`, {
    headers: { origin },
  });
  const replies: string[] = [];
  ws.on('message', (d: Buffer) => replies.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  for (const f of frames) ws.send(f);
  // The last frame is a well-formed call: its reply means every frame before it was handled.
  ws.send(JSON.stringify({ t: 'call', id: 999_999, channel: 'app:info', payload: {} }));
  await waitFor(async () => replies.some((r) => r.includes('"id":999999')), {
    timeoutMs: 15_000,
    intervalMs: 50,
    what: 'the reply to the closing app:info call',
  });
  ws.close();
  return replies;
}

describe('tether serve survives hostile input (real engine, real API server)', () => {
  let serve: ServeHandle;
  let client: TetherClient;
  let close: () => void;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'tether-survive-'));
    serve = await startTetherServe(
      { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home },
      { settings: { version: 1, monitoredContexts: [b.context, b.contextFor('badtoken')], health: {} } },
    );
    const conn = await connectToRunningEngine({ TETHER_HOME: home }, 15_000);
    if (!conn) throw new Error('tether serve is running but did not answer on its WebSocket');
    client = conn.client;
    close = conn.close;
    // Both monitors have a verdict before the noise starts, so their loops are running.
    await waitFor(
      async () => {
        const l = await client.invoke('clusters:list', {});
        return l.clusters.length === 2 && l.clusters.every((c) => c.state !== 'Unknown');
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'a verdict for both monitored contexts' },
    );
  });

  afterAll(async () => {
    close?.();
    await serve?.stop();
  });

  it('answers malformed paths and request lines with 4xx and keeps serving /', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/%zz', '/a%', '/%ED%A0%80', '/%C0%AE%C0%AE/etc/passwd']) {
      expect(await status(serve.port, path)).toBe(400);
    }
    for (const line of ['GET /%%%% HTTP/1.1', 'GET /\u00ff%ff HTTP/1.1', 'GET * HTTP/1.1']) {
      expect(await raw(serve.port, line)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await status(serve.port, '/', { host: 'evil.example:80' })).toBe(403);
    expect(await status(serve.port, '/')).toBe(200);
  });

  it('answers malformed WebSocket frames and calls with bad-request, and keeps answering', async () => {
    const replies = await sendFrames(serve, [
      'not json',
      '{"t":"call"}',
      JSON.stringify({ t: 'call', id: 1, channel: 'no:such', payload: {} }),
      JSON.stringify({
        t: 'call',
        id: 2,
        channel: 'clusters:pod',
        payload: { context: b.context, namespace: 'x', name: '../../nodes' },
      }),
      JSON.stringify({ t: 'call', id: 3, channel: 'forwards:save', payload: { name: 'x'.repeat(5000) } }),
      JSON.stringify({ t: 'call', id: 4, channel: 'clusters:pods', payload: { context: 'no-such-context' } }),
      Buffer.from([0xff, 0xfe, 0x00]),
    ]);
    const byId = (id: number) =>
      replies.map((r) => JSON.parse(r) as { id?: number; reply?: { ok: boolean } }).find((r) => r.id === id);
    for (const id of [1, 2, 3, 4]) expect(byId(id)?.reply?.ok, `call ${id}`).toBe(false);
    expect(byId(999_999)?.reply?.ok).toBe(true);
  });

  it('refuses a WebSocket with a wrong token or a foreign origin, and stays up', async () => {
    for (const [token, origin] of [
      ['wrong', `http://127.0.0.1:${serve.port}`],
      [serve.token, 'https://evil.example'],
    ] as const) {
      const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/ws?token=${token}`, { headers: { origin } });
      const outcome = await new Promise<string>((resolve) => {
        ws.once('open', () => resolve('open'));
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('error', () => resolve('error'));
      });
      ws.terminate();
      expect(outcome).toBe('403');
    }
  });

  it('after all of it: still running, and no promise was lost (unhandled-rejection count 0)', async () => {
    expect(() => process.kill(serve.process.pid!, 0)).not.toThrow();
    const { self } = await client.invoke('app:health', {});
    expect(self.errors[UNHANDLED_REJECTION] ?? 0).toBe(0);
    expect(self.errors['uncaught-exception'] ?? 0).toBe(0);
    expect(await status(serve.port, '/')).toBe(200);
  });
});
