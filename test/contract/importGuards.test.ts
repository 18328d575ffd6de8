// What a client may see of a forward's probe headers, and what an import may do to a forward
// that already exists: over both transports (the in-memory Electron IPC pair and the headless
// WebSocket), against a real engine over a temp kubeconfig (contexts alpha and beta, no cluster
// behind them: a started forward binds its port and waits, which is "running").
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeadlessServer } from '../../src/main/headless/server';
import { registerIpc } from '../../src/main/ipc/register';
import {
  createClient,
  type ClientTransport,
  type ForwardStatus,
  type TetherClient,
} from '../../src/shared/contract';
import { createWsTransport } from '../../src/shared/contract/wsTransport';
import { MASKED } from '../../src/shared/logic/forwards/headerMask';
import { createIpcPair } from '../support/fakeIpc';
import { startTestEngine } from './rig';

const holder = vi.hoisted(() => ({
  ipcRenderer: undefined as unknown as Record<string, unknown>,
  exposed: [] as { name: string; api: unknown }[],
}));
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => holder.exposed.push({ name, api }),
  },
  ipcRenderer: new Proxy({}, { get: (_t, key: string) => holder.ipcRenderer[key] }),
}));

const APP_URL = 'file:///Applications/Tether.app/Contents/Resources/app.asar/out/renderer/index.html';

interface Rig {
  client: TetherClient;
  home: string;
  close(): Promise<void>;
}

async function setupIpc(): Promise<Rig> {
  const { kube, log, engine } = await startTestEngine('electron');
  const pair = createIpcPair({ url: APP_URL, parent: null });
  holder.ipcRenderer = pair.ipcRenderer as unknown as Record<string, unknown>;
  holder.exposed = [];
  vi.resetModules();
  await import('../../src/main/preload/index');
  const bridge = holder.exposed[0]!.api as ClientTransport;
  const binding = registerIpc(pair.ipcMain as never, {
    dispatch: engine.dispatch,
    bus: engine.bus,
    appUrl: () => APP_URL,
    log,
  });
  binding.attach(pair.webContents);
  return {
    client: createClient(bridge),
    home: kube.home,
    async close() {
      binding.dispose();
      await engine.stop();
    },
  };
}

const staticDir = mkdtempSync(join(tmpdir(), 'tether-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tether</title>');

async function setupWs(): Promise<Rig> {
  const { kube, log, engine } = await startTestEngine('headless');
  const server = await startHeadlessServer({ dispatch: engine.dispatch, bus: engine.bus, log, staticDir });
  const transport = createWsTransport({
    baseUrl: `ws://127.0.0.1:${server.port}`,
    token: server.token,
    onStatus: () => {},
    callTimeoutMs: 5000,
  });
  return {
    client: createClient(transport),
    home: kube.home,
    async close() {
      transport.close();
      await server.close();
      await engine.stop();
    },
  };
}

const SECRET = 'Bearer s3cr3t-t0ken-value';

/** The next forwards:changed for `id`, or a failure after 5 s. */
function nextChange(client: TetherClient, id: string): Promise<ForwardStatus | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('forwards:changed did not arrive'));
    }, 5000);
    const off = client.on('forwards:changed', (e) => {
      if (e.id !== id) return;
      clearTimeout(timer);
      off();
      resolve(e.status);
    });
  });
}

for (const [transport, setup] of [
  ['Electron IPC', setupIpc],
  ['the headless WebSocket', setupWs],
] as const) {
  describe(`imports and probe headers over ${transport}`, () => {
    let rig: Rig;
    beforeEach(async () => {
      rig = await setup();
    });
    afterEach(async () => {
      await rig.close();
    });
    const stored = () => readFileSync(join(rig.home, 'forwards.json'), 'utf8');

    it('header values are masked in every answer and event, the engine keeps them, an edit keeps an untouched one', async () => {
      const draft = {
        id: 'fwd-api',
        name: 'api',
        context: 'alpha',
        target: 'svc/api',
        remotePort: 80,
        probe: { type: 'http', headers: { Authorization: SECRET, 'X-Token': 'Bearer ${API_TOKEN}' } },
      };
      const changed = nextChange(rig.client, 'fwd-api');
      const saved = await rig.client.invoke('forwards:save', { forward: draft });
      const event = await changed;
      const list = await rig.client.invoke('forwards:list', {});
      const exported = await rig.client.invoke('forwards:export', {});
      const preview = await rig.client.invoke('forwards:import', {
        text: JSON.stringify({ tether: 1, forwards: [draft] }),
        dryRun: true,
      });
      for (const sent of [saved, event, list, exported, preview])
        expect(JSON.stringify(sent)).not.toContain('s3cr3t');
      expect(list.forwards[0]?.spec.probe).toMatchObject({
        headers: { Authorization: MASKED, 'X-Token': `${MASKED} \${API_TOKEN}` },
      });
      expect(stored()).toContain(SECRET);

      // The form sends back what it was shown, with one field changed.
      const shown = list.forwards[0]!.spec;
      await rig.client.invoke('forwards:save', { forward: { ...shown, name: 'api renamed' } });
      expect(stored()).toContain(SECRET);
      expect(stored()).toContain('Bearer ${API_TOKEN}');
      expect(stored()).toContain('api renamed');

      // A header the user typed anew replaces the stored value.
      const probe = shown.probe as { headers: Record<string, string> };
      await rig.client.invoke('forwards:save', {
        forward: {
          ...shown,
          probe: { ...probe, headers: { ...probe.headers, Authorization: 'Bearer new' } },
        },
      });
      expect(stored()).not.toContain(SECRET);
      expect(stored()).toContain('Bearer new');
    });

    it('an import never silently replaces or restarts a running forward with the same id', async () => {
      await rig.client.invoke('forwards:save', {
        forward: { id: 'fwd-db', name: 'db', context: 'alpha', target: 'svc/db', remotePort: 5432 },
      });
      const started = await rig.client.invoke('forwards:start', { id: 'fwd-db' });
      expect(started.localPort).toBeGreaterThan(0);
      // Settled: waiting for a cluster that is not there (bound, running, not Starting).
      let running = started;
      for (let i = 0; i < 100 && running.state === 'Starting'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        running = (await rig.client.invoke('forwards:list', {})).forwards[0]!;
      }
      expect(running.state).toBe('Reconnecting');
      const file = JSON.stringify({
        tether: 1,
        forwards: [
          {
            id: 'fwd-db',
            name: 'db',
            context: 'alpha',
            target: 'svc/other',
            remotePort: 6543,
            bindAddress: '0.0.0.0',
            allowNonLoopback: true,
            startAtLaunch: true,
          },
        ],
      });
      const unchanged = async () => {
        const now = await rig.client.invoke('forwards:list', {});
        expect(now.forwards).toHaveLength(1);
        expect(now.forwards[0]).toMatchObject({
          spec: running.spec,
          since: running.since,
          localPort: running.localPort,
          restarts: 0,
        });
        expect(now.forwards[0]?.state).toBe('Reconnecting');
      };

      const dry = await rig.client.invoke('forwards:import', { text: file, dryRun: true });
      expect(dry.result.entries[0]?.outcomes).toEqual([
        { kind: 'replaces', id: 'fwd-db' },
        { kind: 'bind-downgraded', from: '0.0.0.0', to: '127.0.0.1' },
      ]);
      await unchanged();

      const plain = await rig.client.invoke('forwards:import', { text: file });
      expect(plain.saved).toEqual([]);
      expect(plain.result.warnings.join('\n')).toContain('"db" (fwd-db) is running: not replaced; stop it');
      await unchanged();

      const replace = await rig.client.invoke('forwards:import', {
        text: file,
        replaceExisting: true,
        allowNonLoopback: true,
      });
      expect(replace.saved).toEqual([]);
      expect(replace.result.warnings.join('\n')).toContain('"db" (fwd-db) is running: not replaced; stop it');
      await unchanged();
      expect(stored()).not.toContain('0.0.0.0');

      // Stopped, it is kept unless the user confirms replacing; then the import does not start it.
      await rig.client.invoke('forwards:stop', { id: 'fwd-db' });
      const kept = await rig.client.invoke('forwards:import', { text: file });
      expect(kept.saved).toEqual([]);
      expect(kept.result.warnings.join('\n')).toContain(
        '"db" would replace the existing forward "db" (fwd-db): not imported; confirm replacing',
      );
      const confirmed = await rig.client.invoke('forwards:import', { text: file, replaceExisting: true });
      expect(confirmed.saved).toEqual(['fwd-db']);
      const after = await rig.client.invoke('forwards:list', {});
      expect(after.forwards[0]).toMatchObject({
        state: 'Stopped',
        spec: { target: { kind: 'service', name: 'other' }, bindAddress: '127.0.0.1', startAtLaunch: true },
      });
    });
  });
}
