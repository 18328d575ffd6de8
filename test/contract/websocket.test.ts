import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessServer } from '../../src/main/headless/server';
import { createWsTransport } from '../../src/shared/contract/wsTransport';
import { createClient } from '../../src/shared/contract';
import { startTestEngine } from './rig';
import { contractSuite } from './suite';

const staticDir = mkdtempSync(join(tmpdir(), 'tether-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tether</title>');

async function setupWs() {
  const { kube, log, engine } = await startTestEngine('headless');
  const server = await startHeadlessServer({ dispatch: engine.dispatch, bus: engine.bus, log, staticDir });
  const statuses: string[] = [];
  const transport = createWsTransport({
    baseUrl: `ws://127.0.0.1:${server.port}`,
    token: server.token,
    onStatus: (s) => statuses.push(s),
    callTimeoutMs: 5000,
  });
  return {
    client: createClient(transport),
    raw: transport,
    kube,
    logs: log.records,
    server,
    statuses,
    async close() {
      transport.close();
      await server.close();
      await engine.stop();
    },
  };
}

contractSuite('the headless WebSocket (real server, real socket)', setupWs);

/** A raw upgrade attempt with chosen headers; resolves with the HTTP status or 101. */
function tryUpgrade(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function httpGet(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless-only guarantees', () => {
  it('a wrong token is refused at the upgrade, and the client says so', async () => {
    const rig = await setupWs();
    const bad = createWsTransport({
      baseUrl: `ws://127.0.0.1:${rig.server.port}`,
      token: 'wrong',
      callTimeoutMs: 3000,
    });
    const reply = (await bad.invoke('app:info', {})) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    bad.close();
    expect(rig.logs.some((r) => r.msg === 'refused WebSocket' && r.fields.reason === 'bad token')).toBe(true);
    await rig.close();
  });

  it('the right token from our own origin is accepted; another origin or host is refused', async () => {
    const rig = await setupWs();
    const { port, token } = rig.server;
    const path = `/api/ws?token=${token}`;
    expect(await tryUpgrade(port, path, { Origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await tryUpgrade(port, path, { Origin: 'http://evil.example' })).toBe(403);
    expect(await tryUpgrade(port, path, { Origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
    expect(await tryUpgrade(port, path, { Host: `evil.example:${port}` })).toBe(403);
    expect(await tryUpgrade(port, '/api/ws', {})).toBe(403);
    expect(await tryUpgrade(port, `/other?token=${token}`, {})).toBe(403);
    await rig.close();
  });

  it('pages are served only to our own Host (DNS rebinding refused), with a CSP', async () => {
    const rig = await setupWs();
    const { port } = rig.server;
    const ok = await httpGet(port, '/', `127.0.0.1:${port}`);
    expect(ok.status).toBe(200);
    expect(String(ok.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect((await httpGet(port, '/', `rebind.evil.example:${port}`)).status).toBe(403);
    expect((await httpGet(port, '/../../../etc/passwd', `127.0.0.1:${port}`)).status).toBe(404);
    expect((await httpGet(port, '/%2e%2e/%2e%2e/etc/passwd', `127.0.0.1:${port}`)).status).toBe(404);
    await rig.close();
  });

  it('a frame that is not JSON, or not a call, is refused without closing the socket', async () => {
    const rig = await setupWs();
    const ws = new WebSocket(`ws://127.0.0.1:${rig.server.port}/api/ws?token=${rig.server.token}`);
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'call', id: 7, channel: 42 }));
    ws.send(JSON.stringify({ t: 'call', id: 8, channel: 'app:info', payload: {} }));
    await new Promise((r) => setTimeout(r, 300));
    expect(replies).toContainEqual(
      expect.objectContaining({ t: 'reply', id: 7, reply: expect.objectContaining({ ok: false }) }),
    );
    expect(replies).toContainEqual(
      expect.objectContaining({ t: 'reply', id: 8, reply: expect.objectContaining({ ok: true }) }),
    );
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await rig.close();
  });

  it('the server listens on 127.0.0.1 only', async () => {
    const rig = await setupWs();
    expect(rig.server.url.startsWith(`http://127.0.0.1:${rig.server.port}/#token=`)).toBe(true);
    await rig.close();
  });
});
