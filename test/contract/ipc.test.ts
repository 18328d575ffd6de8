import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../src/main/ipc/register';
import { createClient, type ClientTransport } from '../../src/shared/contract';
import type { ContextList } from '../../src/shared/domain/contexts';
import { createIpcPair } from '../support/fakeIpc';
import { startTestEngine } from './rig';
import { contractSuite } from './suite';

// The preload runs against a mocked `electron` module: its contextBridge records what is
// exposed, its ipcRenderer is the renderer end of the in-memory pair. The real Electron
// binary is never loaded.
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

async function setupIpc(frame: { url: string; parent: unknown } | null = { url: APP_URL, parent: null }) {
  const { kube, log, engine } = await startTestEngine('electron');
  const pair = createIpcPair(frame);
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
    raw: bridge,
    kube,
    logs: log.records,
    pair,
    bus: engine.bus,
    exposed: holder.exposed,
    async close() {
      binding.dispose();
      await engine.stop();
    },
  };
}

contractSuite('Electron IPC (in-memory ipcMain/ipcRenderer pair)', setupIpc);

describe('IPC-only guarantees', () => {
  it('the preload exposes exactly one object, window.tether, with invoke and subscribe only', async () => {
    const rig = await setupIpc();
    expect(rig.exposed.map((e) => e.name)).toEqual(['tether']);
    expect(Object.keys(rig.exposed[0]!.api as object).sort()).toEqual(['invoke', 'subscribe']);
    await rig.close();
  });

  it.each([
    ['a sub-frame', { url: APP_URL, parent: {} }],
    ['another page', { url: 'https://evil.example/', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['an empty URL', { url: '', parent: null }],
    ['a destroyed frame', null],
  ])('a call from %s is refused before its payload is read', async (_label, frame) => {
    const rig = await setupIpc(frame);
    const reply = (await rig.raw.invoke('contexts:list', {})) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(rig.logs.some((r) => r.msg === 'refused IPC from an untrusted sender')).toBe(true);
    expect(rig.logs.some((r) => r.msg === 'refused malformed payload')).toBe(false);
    await rig.close();
  });

  it('events reach a live window, and stop reaching it once it is destroyed', async () => {
    const rig = await setupIpc();
    const names = (l: ContextList) => l.contexts.map((c) => c.name);
    const seen: string[][] = [];
    rig.client.on('contexts:changed', (l) => seen.push(names(l)));
    // What the engine pushed, whether or not a window got it.
    const pushed: string[][] = [];
    rig.bus.subscribe((channel, payload) => {
      if (channel === 'contexts:changed') pushed.push(names(payload as ContextList));
    });

    // Positive control: the same change reaches the window while it is alive.
    rig.kube.rewrite([{ name: 'y' }]);
    await vi.waitFor(() => expect(seen).toContainEqual(['y']), { timeout: 5000 });

    rig.pair.webContents.destroyed = true;
    rig.kube.rewrite([{ name: 'z' }]);
    await vi.waitFor(() => expect(pushed).toContainEqual(['z']), { timeout: 5000 });
    // IPC delivers on a microtask after the push: give it more than that before looking.
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).not.toContainEqual(['z']);
    await rig.close();
  });
});
