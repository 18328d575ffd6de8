import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeLoginShell, popoverInvoke, startApp } from '../../test/support/electronApp';
import type { ElectronMock } from '../../test/support/electronMock';
import { tempKubeconfig } from '../../test/support/tempKubeconfig';
import { IPC_EVENT } from '../shared/contract/ipcChannels';
import { ForwardDraftSchema } from '../shared/domain/forward';
import type { TrayState } from '../shared/logic/tray';
import { repoRoot } from '../../test/support/vectors';
import { trayIconPath } from './tray/trayIcon';

const mock = vi.hoisted(() => ({ electron: undefined as unknown as ElectronMock }));
vi.mock(
  'electron',
  async () => (mock.electron = (await import('../../test/support/electronApp')).electronModule()),
);
vi.mock('electron-store', async () => (await import('../../test/support/electronApp')).electronStoreModule());
const electron = () => mock.electron;

const home = mkdtempSync(join(tmpdir(), 'tether-home-'));
let bin = '';
const startup = {
  dockHidden: 0,
  lockRequested: 0,
  kubectlEnv: undefined as string | undefined,
  firstTrayImage: '',
  powerListeners: 0,
  allSpaces: [] as unknown[][],
};

/** The tray's right-click menu, as built. */
type MenuItem = {
  id?: string;
  label?: string;
  checked?: boolean;
  enabled?: boolean;
  submenu?: MenuItem[];
  click?: (item: { checked: boolean }) => void;
};
function openMenu(): MenuItem[] {
  mock.electron.created.trays[0]!.emit('right-click');
  return mock.electron.created.menus.at(-1) as MenuItem[];
}
/** A menu item by id, at any depth (More ▸ Mute Notifications For ▸ …). */
function item(menu: MenuItem[], id: string): MenuItem {
  const find = (items: MenuItem[]): MenuItem | undefined => {
    for (const i of items) {
      const hit = i.id === id ? i : i.submenu && find(i.submenu);
      if (hit) return hit;
    }
    return undefined;
  };
  const hit = find(menu);
  if (!hit) throw new Error(`no menu item ${id}`);
  return hit;
}
const sentEvents = () =>
  mock.electron.created.windows[0]!.webContents.sent.filter((s) => s[0] === IPC_EVENT).map((s) => [
    s[1],
    s[2],
  ]);
const invoke = popoverInvoke(electron);
const forwardStates = async () =>
  (await invoke<{ forwards: { spec: { id: string }; state: string }[] }>('forwards:list')).forwards.map(
    (f) => [f.spec.id, f.state],
  );
/** The icon file the tray should show for a state on this platform (assets/ of the repo). */
const icon = (state: TrayState) => trayIconPath(join(repoRoot, 'assets'), state, process.platform);
const config = () =>
  JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as { shell: Record<string, unknown> };

describe('Electron composition root (src/main/index.ts) against a mocked electron', () => {
  beforeAll(async () => {
    const kube = tempKubeconfig([{ name: 'alpha' }]);
    // A corrupt settings file: the app must move it aside, start on defaults, and say so.
    writeFileSync(join(home, 'config.json'), '{"version": 2, "shell": {');
    // A forward the user wants running at launch: the app must restore it on start.
    const api = ForwardDraftSchema.parse({
      id: 'api',
      name: 'api',
      context: 'alpha',
      target: 'service/api',
      remotePort: 80,
      startAtLaunch: true,
    });
    writeFileSync(join(home, 'forwards.json'), JSON.stringify({ version: 1, forwards: [api] }));
    const shell = fakeLoginShell(home);
    bin = shell.bin;
    vi.stubEnv('TETHER_HOME', home);
    vi.stubEnv('KUBECONFIG', kube.file);
    vi.stubEnv('SHELL', shell.shell);
    vi.stubEnv('TETHER_KUBECTL', undefined);
    await startApp(electron);
    // Vitest clears mock call records between tests: read start-up calls now.
    startup.dockHidden = mock.electron.app.dock.hide.mock.calls.length;
    startup.lockRequested = mock.electron.app.requestSingleInstanceLock.mock.calls.length;
    startup.kubectlEnv = process.env.TETHER_KUBECTL;
    startup.firstTrayImage = mock.electron.created.trays[0]!.initialImage;
    startup.allSpaces = [...mock.electron.created.windows[0]!.setVisibleOnAllWorkspaces.mock.calls];
    startup.powerListeners =
      mock.electron.powerMonitor.listenerCount('suspend') +
      mock.electron.powerMonitor.listenerCount('unlock-screen');
  }, 30_000);

  it('hides the Dock icon (menu-bar app) and takes the single-instance lock', () => {
    expect(startup.dockHidden).toBe(1);
    expect(startup.lockRequested).toBe(1);
  });

  it('creates the tray with the unknown icon from assets/ until the engine has spoken', () => {
    expect(mock.electron.created.trays).toHaveLength(1);
    expect(startup.firstTrayImage).toBe(icon('unknown'));
  });

  it('restores the forwards the user wants at launch, and the tray shows them working on it', async () => {
    const [[id, state]] = (await forwardStates()) as [[string, string]];
    expect(id).toBe('api');
    // Its cluster is unreachable, so it is starting, reconnecting or failed — not left stopped.
    expect(state).not.toBe('Stopped');
    const tray = mock.electron.created.trays[0]!;
    await vi.waitFor(() => expect([icon('busy'), icon('unhealthy')]).toContain(tray.image));
    // The forward holds its cluster's monitor, so the cluster shows up too.
    expect(tray.tooltip).toMatch(/^Tether — .+ · 1 forward (reconnecting|failed)$/);
  });

  it('Stop All Forwards stops them through the engine; the tray follows: nothing monitored → unknown', async () => {
    item(openMenu(), 'stop-all').click!({ checked: false });
    await vi.waitFor(async () => expect(await forwardStates()).toEqual([['api', 'Stopped']]));
    const tray = mock.electron.created.trays[0]!;
    await vi.waitFor(() => expect(tray.tooltip).toBe('Tether — no clusters monitored'));
    expect(tray.image).toBe(icon('unknown'));
  });

  it('Start All Forwards starts them again through the engine, then Stop All ends them', async () => {
    item(openMenu(), 'start-all').click!({ checked: false });
    await vi.waitFor(async () => expect((await forwardStates())[0]![1]).not.toBe('Stopped'));
    item(openMenu(), 'stop-all').click!({ checked: false });
    await vi.waitFor(async () => expect(await forwardStates()).toEqual([['api', 'Stopped']]));
  });

  it('Recheck All rechecks every monitored cluster through the engine', async () => {
    await invoke('clusters:monitor', { context: 'alpha', enabled: true });
    const checks = () =>
      sentEvents()
        .filter(([channel]) => channel === 'clusters:changed')
        .map(([, s]) => (s as { lastCheckAt: number | null }).lastCheckAt ?? 0);
    await vi.waitFor(() => expect(checks().some((t) => t > 0)).toBe(true), { timeout: 10_000 });
    const before = Math.max(...checks());
    item(openMenu(), 'recheck-all').click!({ checked: false });
    await vi.waitFor(() => expect(Math.max(...checks())).toBeGreaterThan(before), { timeout: 10_000 });
  });

  it('reads the login shell’s PATH and hands the kubectl found there to the engine', () => {
    expect(startup.kubectlEnv).toBe(join(bin, 'kubectl'));
    expect(process.env.PATH!.split(':')[0]).toBe(bin);
  });

  it('a corrupt settings file is moved aside, defaults recreated, and the user told', () => {
    const aside = readdirSync(home).filter((f) => /^config\.corrupt-.*\.json$/.test(f));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(home, aside[0]!), 'utf8')).toBe('{"version": 2, "shell": {');
    expect(config()).toMatchObject({ version: 2, shell: { launchAtLogin: false } });
    const told = mock.electron.created.notifications.find(
      (n) => n.options.title === 'Tether settings were reset',
    );
    expect(told?.shown).toBe(true);
    expect(told?.options.body).toContain(aside[0]);
  });

  it('clicking a notification opens the popover on its view (ui:navigate to the renderer)', () => {
    const told = mock.electron.created.notifications.find(
      (n) => n.options.title === 'Tether settings were reset',
    )!;
    const win = mock.electron.created.windows[0]!;
    win.hide();
    told.emit('click');
    expect(win.visible).toBe(true);
    expect(sentEvents()).toContainEqual(['ui:navigate', { view: 'settings' }]);
    win.hide();
  });

  it('creates one hidden, frameless popover with hardened webPreferences, visible on all Spaces', () => {
    const [win] = mock.electron.created.windows;
    expect(mock.electron.created.windows).toHaveLength(1);
    expect(win!.options).toMatchObject({ show: false, frame: false, width: 380, height: 560 });
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
    });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.cjs$/,
    );
    expect(win!.loadedUrl).toMatch(/^file:.*\/renderer\/index\.html$/);
    expect(startup.allSpaces).toEqual([[true, { visibleOnFullScreen: true }]]);
  });

  it('registers exactly one IPC handler, the contract carrier', () => {
    expect([...mock.electron.handles.keys()]).toEqual(['tether:invoke']);
  });

  it('refuses navigation away from the app and every new window; https opens in the browser', () => {
    const win = mock.electron.created.windows[0]!;
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', own, win.loadedUrl);
    expect(own.preventDefault).not.toHaveBeenCalled();
    expect(win.webContents.windowOpenHandler!({ url: 'https://kubernetes.io' })).toEqual({ action: 'deny' });
    expect(mock.electron.shell.openExternal).toHaveBeenCalledWith('https://kubernetes.io');
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'http://example.com' })).toEqual({ action: 'deny' });
    expect(mock.electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('any other web contents gets no <webview> and no new windows', () => {
    const contents = new (class extends (mock.electron.created.windows[0]!.webContents
      .constructor as new () => {
      emit(e: string, ...a: unknown[]): boolean;
      windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
    }) {})();
    mock.electron.app.emit('web-contents-created', {}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check except notifications', () => {
    const [handler] = mock.electron.permissionHandlers;
    const [check] = mock.electron.permissionCheckHandlers;
    const answers: Record<string, [boolean, boolean]> = {};
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      handler!({}, p, (ok) => (answers[p] = [ok, check!({}, p)]));
    }
    expect(answers).toEqual({
      notifications: [true, true],
      media: [false, false],
      geolocation: [false, false],
      'clipboard-read': [false, false],
      openExternal: [false, false],
    });
  });

  it('sets the Content-Security-Policy header on responses, matching the page’s meta tag', () => {
    const [listener] = mock.electron.headerListeners;
    let headers: Record<string, string[]> | undefined;
    listener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    const csp = headers!['Content-Security-Policy']![0]!;
    expect(headers!['Content-Type']).toEqual(['text/html']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
      expect(readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8')).toContain(directive);
    }
  });

  it('an IPC call from the popover reaches the engine; one from elsewhere or a sub-frame is refused', async () => {
    const handler = mock.electron.handles.get('tether:invoke')!;
    const url = mock.electron.created.windows[0]!.loadedUrl!;
    const ok = (await handler({ senderFrame: { url, parent: null } }, 'contexts:list', {})) as {
      ok: boolean;
      value: { contexts: { name: string }[] };
    };
    expect(ok.ok).toBe(true);
    expect(ok.value.contexts.map((c) => c.name)).toEqual(['alpha']);
    const refused = await handler(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      'contexts:list',
      {},
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const subFrame = await handler({ senderFrame: { url, parent: {} } }, 'contexts:list', {});
    expect(subFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('left click on the tray toggles the popover under the icon', () => {
    const tray = mock.electron.created.trays[0]!;
    const win = mock.electron.created.windows[0]!;
    tray.emit('click');
    expect(win.visible).toBe(true);
    expect(win.bounds).toEqual({ x: 1000 + 11 - 190, y: 24 + 4, width: 380, height: 560 });
    tray.emit('click');
    expect(win.visible).toBe(false);
  });

  it('right click pops up the tray menu (its items: trayMenu.test.ts), ticks and mute list read live', async () => {
    const menu = openMenu();
    expect(mock.electron.created.trays[0]!.popUpContextMenu).toHaveBeenCalled();
    expect(menu.filter((i) => i.label).map((i) => i.id)).toEqual([
      'open',
      'start-all',
      'stop-all',
      'recheck-all',
      'login',
      'preferences',
      'more',
      'quit',
    ]);
    // alpha is monitored (Recheck All above): it is offered for muting.
    await vi.waitFor(() => expect(item(openMenu(), 'mute').submenu!.map((i) => i.label)).toEqual(['alpha']));
    expect(item(menu, 'start-all')).toMatchObject({ enabled: true });
  });

  it('Launch at Login sets the login item and remembers it; the tick follows the OS', () => {
    const menu = openMenu();
    expect(item(menu, 'login').checked).toBe(false);
    item(menu, 'login').click!({ checked: true });
    expect(mock.electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(config().shell.launchAtLogin).toBe(true);
    expect(item(openMenu(), 'login').checked).toBe(true);
  });

  it('Keep Popover Open pins it: blur no longer hides it', async () => {
    item(openMenu(), 'pin').click!({ checked: true });
    expect(config().shell.popoverPinned).toBe(true);
    const win = mock.electron.created.windows[0]!;
    mock.electron.created.trays[0]!.emit('click');
    win.emit('blur');
    await new Promise((r) => setTimeout(r, 300));
    expect(win.visible).toBe(true);
    item(openMenu(), 'pin').click!({ checked: false });
    win.emit('blur');
    await vi.waitFor(() => expect(win.visible).toBe(false));
  });

  it('the Preferences view reads and changes the shell’s preferences through the contract', async () => {
    const view = await invoke<{ settings: Record<string, unknown>; kubectl: { path: string } }>(
      'shell:settings',
    );
    expect(view.kubectl.path).toBe(join(bin, 'kubectl'));
    const handler = mock.electron.handles.get('tether:invoke')!;
    const frame = { senderFrame: { url: mock.electron.created.windows[0]!.loadedUrl!, parent: null } };
    const refused = await handler(frame, 'shell:update', { kubectlPath: join(home, 'no-kubectl') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await invoke('shell:update', { mutedContexts: ['alpha'], notifications: false });
    expect(config().shell).toMatchObject({ mutedContexts: ['alpha'], notifications: false });
    expect(item(openMenu(), 'mute:alpha').checked).toBe(true);
    await invoke('shell:update', { mutedContexts: [], notifications: true });
  });

  it('launching Tether again shows the running one’s popover', () => {
    const win = mock.electron.created.windows[0]!;
    win.hide();
    mock.electron.app.emit('second-instance');
    expect(win.visible).toBe(true);
    win.hide();
  });

  it('Preferences opens the popover on the settings view', () => {
    item(openMenu(), 'preferences').click!({ checked: false });
    expect(mock.electron.created.windows[0]!.visible).toBe(true);
    expect(sentEvents().at(-1)).toEqual(['ui:navigate', { view: 'settings' }]);
    mock.electron.created.windows[0]!.hide();
  });

  it('Open Logs opens the logs folder', () => {
    item(openMenu(), 'open-logs').click!({ checked: false });
    expect(mock.electron.shell.openPath).toHaveBeenCalledWith(join(home, 'logs'));
    expect(existsSync(join(home, 'logs', 'tether.log'))).toBe(true);
  });

  it('Copy Diagnostics puts versions, kubectl and contexts on the clipboard — and no credentials', async () => {
    item(openMenu(), 'copy-diagnostics').click!({ checked: false });
    await vi.waitFor(() => expect(mock.electron.clipboard.writeText).toHaveBeenCalled());
    const text = String(mock.electron.clipboard.writeText.mock.calls[0]![0]);
    expect(text).toContain('# Tether diagnostics');
    expect(text).toContain(`kubectl: ${join(bin, 'kubectl')} (v1.31.0)`);
    expect(text).toContain('- alpha: server https://127.0.0.1:1, auth token');
    expect(text).toContain('settings recovered');
    // The engine's own component health (app:health), next to the shell's.
    expect(text).toMatch(/- engine: clusters: (ok|problem) — /);
    expect(text).toMatch(/- engine: forwards: /);
    expect(text).toContain('- kubectl: ok');
    expect(text).not.toContain('not-a-real-token');
  });

  it('switching a context off in the popover takes it off the tray, though no engine event says so', async () => {
    const tray = mock.electron.created.trays[0]!;
    // alpha is monitored (Recheck All above) and the forward is stopped: alpha alone is shown.
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/^Tether — .*1 cluster/));
    await invoke('clusters:monitor', { context: 'alpha', enabled: false });
    await vi.waitFor(() => expect(tray.tooltip).toBe('Tether — no clusters monitored'));
    expect(item(openMenu(), 'mute').submenu!.map((i) => i.label)).toEqual(['No monitored clusters']);
    await invoke('clusters:monitor', { context: 'alpha', enabled: true });
    await vi.waitFor(() => expect(item(openMenu(), 'mute').submenu!.map((i) => i.label)).toEqual(['alpha']));
  });

  it('listens to sleep, wake and screen unlock', () => {
    expect(startup.powerListeners).toBe(2);
  });

  it('waking from sleep (resume, then unlock-screen) runs the engine’s watchdog once', async () => {
    const wakes = () => sentEvents().filter(([channel]) => channel === 'watchdog:wake');
    const before = wakes().length;
    mock.electron.powerMonitor.emit('suspend');
    mock.electron.powerMonitor.emit('resume');
    mock.electron.powerMonitor.emit('unlock-screen');
    await vi.waitFor(() => expect(wakes().length).toBe(before + 1), { timeout: 10_000 });
    expect(wakes().at(-1)![1]).toMatchObject({ reason: 'unlock-screen', rechecked: 1 });
  });

  it('quitting stops the engine, removes the IPC handler and the power listeners, then exits', async () => {
    mock.electron.app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(mock.electron.app.exit).toHaveBeenCalledWith(0));
    expect(mock.electron.handles.size).toBe(0);
    expect(mock.electron.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
