// Before the CLI sends the token (or an import's text) to the port named in server.json, the
// engine there must prove it holds the token: HMAC-SHA256(token, a fresh random challenge). A
// stale server.json whose port another program now holds gets a clear refusal, and that
// program never sees the token; the real engine passes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tetherPaths } from '../../src/main/core/app/home';
import { connectToRunningEngine } from '../../src/main/cli/engineClient';
import { runCli } from '../../src/main/cli/index';
import { startHeadlessServer } from '../../src/main/headless/server';
import { startTestEngine } from './rig';

const TOKEN = 'the-per-run-token-0123456789abcdefABCDEF';

/** A TETHER_HOME whose server.json names `port`, a live pid (ours) and TOKEN. */
function homeNaming(port: number): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'tether-handshake-'));
  const paths = tetherPaths(home);
  mkdirSync(join(home, 'state'), { recursive: true });
  writeFileSync(paths.server, JSON.stringify({ pid: process.pid, port, token: TOKEN }));
  return { TETHER_HOME: home, KUBECONFIG: join(home, 'no-kubeconfig'), NO_COLOR: '1' };
}

/**
 * Another program on the port: it records every byte it receives and answers every HTTP
 * request with `reply` (a 404, or a made-up proof), and accepts WebSocket upgrades.
 */
async function impostor(
  reply: 'not-found' | 'wrong-proof',
): Promise<{ port: number; received: () => string; close(): Promise<void> }> {
  let bytes = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('data', (d) => {
      bytes += d.toString('latin1');
      if (/upgrade: websocket/i.test(bytes)) {
        sock.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
        return;
      }
      if (!bytes.includes('\r\n\r\n')) return;
      const body = reply === 'not-found' ? 'no such page' : 'a'.repeat(64);
      const status = reply === 'not-found' ? '404 Not Found' : '200 OK';
      sock.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    sock.on('error', () => {});
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received: () => bytes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('the CLI proves the engine named in server.json holds the token', () => {
  for (const reply of ['not-found', 'wrong-proof'] as const) {
    it(`refuses a listener that does not know the token (${reply}) and never sends it the token`, async () => {
      const fake = await impostor(reply);
      cleanups.push(fake.close);
      const env = homeNaming(fake.port);
      await expect(connectToRunningEngine(env, 2000)).rejects.toThrow(
        `the engine at 127.0.0.1:${fake.port} is not the one that wrote server.json`,
      );
      expect(fake.received()).toContain('GET /api/proof?challenge=');
      expect(fake.received()).not.toContain(TOKEN);
      expect(fake.received()).not.toContain(encodeURIComponent(TOKEN));

      // Through the command line: exit 3 (cannot run), the reason on stderr, still no token.
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['forward', 'list'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env,
      });
      expect(code).toBe(3);
      expect(err.join('\n')).toContain(
        `the engine at 127.0.0.1:${fake.port} is not the one that wrote server.json`,
      );
      expect(fake.received()).not.toContain(TOKEN);
    });
  }

  it('the real engine answers the challenge, and the CLI talks to it', async () => {
    const { log, engine } = await startTestEngine('headless');
    const staticDir = mkdtempSync(join(tmpdir(), 'tether-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tether</title>');
    const server = await startHeadlessServer({
      dispatch: engine.dispatch,
      bus: engine.bus,
      log,
      staticDir,
      token: TOKEN,
    });
    cleanups.push(async () => {
      await server.close();
      await engine.stop();
    });
    const env = homeNaming(server.port);
    const running = await connectToRunningEngine(env, 5000);
    expect(running).toBeDefined();
    const info = await running!.client.invoke('app:info', {});
    expect(info.mode).toBe('headless');
    running!.close();

    const out: string[] = [];
    const code = await runCli(['forward', 'list', '--json'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual([]);
  });

  it('a server.json whose port nobody holds still means "no engine running"', async () => {
    const fake = await impostor('not-found');
    const port = fake.port;
    await fake.close();
    await expect(connectToRunningEngine(homeNaming(port), 2000)).resolves.toBeUndefined();
  });
});
