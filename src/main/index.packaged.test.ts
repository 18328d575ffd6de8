import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeLoginShell, popoverInvoke, startApp } from '../../test/support/electronApp';
import type { ElectronMock } from '../../test/support/electronMock';
import { tempKubeconfig } from '../../test/support/tempKubeconfig';
import { UNHANDLED_REJECTION } from './core/app/lastResort';

// The composition root as the packaged app (app.isPackaged true), started with a hostile
// environment: ELECTRON_RENDERER_URL and NODE_ENV set in the process and in the login shell,
// and umask 000. A packaged launch on macOS itself is not run here.
const mock = vi.hoisted(() => ({ electron: undefined as unknown as ElectronMock }));
vi.mock(
  'electron',
  async () =>
    (mock.electron = (await import('../../test/support/electronApp')).electronModule({ isPackaged: true })),
);
vi.mock('electron-store', async () => (await import('../../test/support/electronApp')).electronStoreModule());
const electron = () => mock.electron;

const root = mkdtempSync(join(tmpdir(), 'tether-packaged-'));
const home = join(root, 'home');
const mode = (p: string) => statSync(p).mode & 0o777;
const listeners = new Map<string, (err: unknown) => void>();

const invoke = popoverInvoke(electron);

describe('the packaged Electron app (mocked electron, isPackaged: true)', () => {
  let oldUmask: number;
  beforeAll(async () => {
    const kube = tempKubeconfig([{ name: 'alpha' }]);
    const { shell } = fakeLoginShell(
      root,
      'ELECTRON_RENDERER_URL=https://evil.example/rc; NODE_OPTIONS=--require=/tmp/x.js; ' +
        'ELECTRON_RUN_AS_NODE=1; HTTPS_PROXY=http://proxy.corp:3128\n' +
        'export ELECTRON_RENDERER_URL NODE_OPTIONS ELECTRON_RUN_AS_NODE HTTPS_PROXY\n',
    );
    vi.stubEnv('TETHER_HOME', home);
    vi.stubEnv('KUBECONFIG', kube.file);
    vi.stubEnv('SHELL', shell);
    vi.stubEnv('TETHER_KUBECTL', undefined);
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/env');
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('NODE_OPTIONS', undefined);
    vi.stubEnv('HTTPS_PROXY', undefined);
    Object.defineProperty(process, 'resourcesPath', { value: join(root, 'resources'), configurable: true });
    const on = process.on.bind(process);
    vi.spyOn(process, 'on').mockImplementation(((event: string, fn: (err: unknown) => void) => {
      if (event === 'unhandledRejection' || event === 'uncaughtException') listeners.set(event, fn);
      else on(event as 'exit', fn as () => void);
      return process;
    }) as typeof process.on);
    oldUmask = process.umask(0);
    await startApp(electron);
  }, 30_000);
  afterAll(() => {
    process.umask(oldUmask);
    vi.restoreAllMocks();
  });

  it('loads its own file: page, whatever ELECTRON_RENDERER_URL says', () => {
    expect(mock.electron.created.windows[0]!.loadedUrl).toMatch(/^file:.*\/renderer\/index\.html$/);
  });

  it('has no DevTools although NODE_ENV=development', () => {
    const prefs = mock.electron.created.windows[0]!.options.webPreferences as { devTools: boolean };
    expect(prefs.devTools).toBe(false);
  });

  it('took the proxy from the login shell, but no ELECTRON_* or NODE_OPTIONS', () => {
    expect(process.env.HTTPS_PROXY).toBe('http://proxy.corp:3128');
    expect(process.env.NODE_OPTIONS).toBeUndefined();
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(process.env.ELECTRON_RENDERER_URL).toBe('https://evil.example/env');
  });

  it('under umask 000, the home is 0700 and config.json and the log 0600', () => {
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'config.json'))).toBe(0o600);
    expect(mode(join(home, 'logs'))).toBe(0o700);
    expect(mode(join(home, 'logs', 'tether.log'))).toBe(0o600);
  });

  it('an unhandled rejection is counted in app:health and the app keeps running; an uncaught exception exits', async () => {
    const onRejection = listeners.get('unhandledRejection');
    expect(onRejection).toBeDefined();
    onRejection!(new Error('lost'));
    const health = await invoke<{ self: { errors: Record<string, number> } }>('app:health');
    expect(health.self.errors[UNHANDLED_REJECTION]).toBe(1);
    expect(mock.electron.app.exit).not.toHaveBeenCalled();
    listeners.get('uncaughtException')!(new Error('fatal'));
    expect(mock.electron.app.exit).toHaveBeenCalledWith(1);
  });

  it("the window-open handler passes https and only listening forwards' loopback http to the OS", async () => {
    const wc = mock.electron.created.windows[0]!.webContents;
    expect(wc.windowOpenHandler!({ url: 'https://kubernetes.io' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'http://127.0.0.1:1/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    const opened = mock.electron.shell.openExternal.mock.calls.map((c: unknown[]) => c[0]);
    expect(opened).toEqual(['https://kubernetes.io']);
  });
});
