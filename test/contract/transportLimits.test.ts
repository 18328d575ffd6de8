// The headless transport's limits over a real WebSocket: an import the contract accepts is
// carried (1.5 MB used to close the socket and time out), one too large gets a "too large"
// reply, and a client that stops reading is dropped instead of growing the engine's memory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/server';
import { createClient, type Reply } from '../../src/shared/contract';
import { MAX_IMPORT_TEXT_CHARS } from '../../src/shared/contract/limits';
import { createWsTransport } from '../../src/shared/contract/wsTransport';
import { waitFor } from '../harness/index.ts';
import { startTestEngine } from './rig';

const staticDir = mkdtempSync(join(tmpdir(), 'tether-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tether</title>');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function served(opts: { maxBufferedBytes?: number } = {}) {
  const t = await startTestEngine('headless');
  const server = await startHeadlessServer({
    dispatch: t.engine.dispatch,
    bus: t.engine.bus,
    log: t.log,
    staticDir,
    ...opts,
  });
  cleanups.push(
    () => t.engine.stop(),
    () => server.close(),
  );
  const transport = createWsTransport({
    baseUrl: `ws://127.0.0.1:${server.port}`,
    token: server.token,
    callTimeoutMs: 20_000,
  });
  cleanups.push(() => transport.close());
  return { ...t, server, transport };
}

/** A comment line repeated to `chars` characters: a valid (empty) LocalPort file. */
const bigYaml = (chars: number) =>
  ('# ' + 'x'.repeat(97) + '\n').repeat(Math.ceil(chars / 100)).slice(0, chars - 1) + '\n';

describe('import size over the WebSocket', () => {
  it('a 1.5 MB import is carried and answered', { timeout: 30_000 }, async () => {
    const { transport } = await served();
    const reply = (await transport.invoke('forwards:import', {
      text: bigYaml(1_500_000),
      format: 'localport',
      dryRun: true,
    })) as Reply;
    expect(reply.ok || reply.error.code).not.toBe('disconnected');
    if (!reply.ok) expect(reply.error.code).toBe('bad-request');
  });

  it(
    'an import over the limit is answered "too large", not a timeout or a closed socket',
    { timeout: 30_000 },
    async () => {
      const { transport } = await served();
      const t0 = Date.now();
      const reply = (await transport.invoke('forwards:import', {
        text: bigYaml(MAX_IMPORT_TEXT_CHARS + 500_000),
        dryRun: true,
      })) as Reply;
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe('bad-request');
      expect(JSON.stringify(reply.error)).toMatch(/too large/);
      // The socket is still up: the next call is answered.
      const info = await createClient(transport).invoke('app:info', {});
      expect(info.mode).toBe('headless');
    },
  );
});

/** Opens the WebSocket by hand on a raw socket, then stops reading from it. */
async function stalledClient(server: HeadlessServer): Promise<{ socket: Socket; closed: () => boolean }> {
  const socket = connect(server.port, '127.0.0.1');
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET /api/ws?token=${encodeURIComponent(server.token)} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('data', (d) =>
      d.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(d.toString())),
    );
  });
  socket.pause();
  return { socket, closed: () => closed };
}

describe('a client that stops reading', () => {
  it(
    'is dropped past the bufferedAmount cap, while a reading client keeps its events',
    { timeout: 30_000 },
    async () => {
      const { engine, server, transport, log } = await served({ maxBufferedBytes: 1024 * 1024 });
      const reading = createClient(transport);
      let seen = 0;
      reading.on('contexts:changed', () => seen++);
      await reading.invoke('app:info', {});
      const stalled = await stalledClient(server);
      const dropped = () => log.records.some((r) => /stopped reading/.test(r.msg));
      const big = { files: ['f'.repeat(64 * 1024)], contexts: [], problems: [] };
      // 64 KiB a push; the kernel's socket buffers take a few MB before Node starts to queue.
      for (let i = 0; i < 600 && !dropped(); i++) {
        engine.bus.emit('contexts:changed', big);
        await new Promise((r) => setImmediate(r));
      }
      expect(dropped()).toBe(true);
      // Once it reads again it finds the connection closed by the engine.
      stalled.socket.resume();
      await waitFor(async () => stalled.closed(), {
        timeoutMs: 10_000,
        intervalMs: 50,
        what: 'the stalled client closed',
      });
      await waitFor(async () => seen > 0, {
        timeoutMs: 10_000,
        intervalMs: 50,
        what: 'events at the reading client',
      });
      stalled.socket.destroy();
    },
  );
});
