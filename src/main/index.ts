import { homedir, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  clipboard,
  dialog,
  ipcMain,
  powerMonitor,
  screen,
  session,
  shell,
} from 'electron';
import ElectronStore from 'electron-store';
import type { Notification as TetherNotification, UiNavigate } from '../shared/contract';
import { NotificationGate, navigationFor } from '../shared/logic/notify';
import { resolveTetherHome, tetherPaths } from './core/app/home';
import { installLastResort } from './core/app/lastResort';
import { createLogger } from './core/app/log';
import { ensurePrivateDir, tightenPrivateHome } from './core/app/privateFiles';
import { APP_VERSION } from './core/app/version';
import { createEngine, type Engine } from './core/engine';
import { ErrorCounts } from './core/watchdog/errorCounts';
import { registerIpc, type IpcBinding } from './ipc/register';
import { Notifier } from './notify/notifier';
import { subscribeNotices } from './notify/noticeSources';
import { diagnosticsReport } from './platform/diagnosticsReport';
import { guardLaunchScript } from './platform/guardLaunch';
import { launchesAtLogin, setLaunchAtLogin } from './platform/loginItem';
import { withRecentErrors } from './platform/recentErrors';
import { prepareEnvironment, type StartupEnv } from './platform/startupEnv';
import { watchPower, type WakeHook } from './power/powerWatch';
import { SettingsFile } from './settings/settingsFile';
import { shellSettingsPort } from './settings/shellSettingsPort';
import { confirmKubectlWith } from './platform/confirmKubectl';
import { kubectlCandidates } from './platform/kubectl';
import { engineActions } from './tray/trayActions';
import { trayIconPath } from './tray/trayIcon';
import { trayMenuTemplate } from './tray/trayMenu';
import { TrayStatus } from './tray/trayStatus';
import { PopoverController } from './window/popoverController';
import { guardNavigation, popoverWindowOptions } from './window/popoverWindow';
import { rendererUrl } from './window/rendererUrl';
import { hardenApp, hardenSession } from './window/security';

/**
 * The composition root of the menu-bar app: it opens the settings, reads the login shell's
 * environment, builds the engine (plain Node), then the IPC binding, popover, tray,
 * notifications and power hooks — in that order, so the engine restores the user's forwards
 * with the right PATH and nothing it says at start-up is missed. Each piece lives in its folder.
 */
const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const rendererFile = join(here, '..', 'renderer', 'index.html');
const assetsDir = app.isPackaged ? join(process.resourcesPath, 'assets') : join(here, '..', '..', 'assets');
const appUrl = () => rendererUrl({ isPackaged: app.isPackaged, env: process.env, file: rendererFile });

/** The menu-bar app. */
function runApp(): void {
  const home = resolveTetherHome();
  const paths = tetherPaths(home);
  // Settings, forwards and logs are this user's alone: the home is 0700, files 0600 at creation,
  // and what an older version left readable by others is made private once, here.
  ensurePrivateDir(home);
  const { log, recent } = withRecentErrors(createLogger({ file: paths.logFile }));
  tightenPrivateHome(home, log);
  // The main process's last net: a lost promise is logged and counted (app:health shows it) and
  // the forwards stay up; an uncaught exception is logged and the app exits (the orphan guard
  // then ends its kubectl children).
  const errors = new ErrorCounts();
  installLastResort(process, { log, errors, onFatal: () => app.exit(1) });

  // One Tether at a time: a second launch (Finder, `open -a`) exits and the first shows its popover.
  if (!app.requestSingleInstanceLock()) app.exit(0);
  app.on('second-instance', () => popover?.show());
  hardenApp(app);

  const startupNotices: TetherNotification[] = [];
  const settings = SettingsFile.open({
    cwd: home,
    createStore: (o) =>
      new ElectronStore<Record<string, unknown>>({
        ...o,
        clearInvalidConfig: false,
        watch: false,
        // config.json: written through a temp file created with this mode, then renamed.
        configFileMode: 0o600,
      }),
    log,
    importFrom: paths.settings,
    onRecovered: (message) =>
      startupNotices.push({
        id: `settings-recovered:${Date.now()}`,
        kind: 'app.settings-recovered',
        severity: 'warning',
        title: 'Tether settings were reset',
        body: message,
        target: { view: 'settings' },
      }),
  });

  let engine: Engine | undefined;
  let ipc: IpcBinding | undefined;
  let popover: PopoverController | undefined;
  let tray: Tray | undefined;
  let startup: StartupEnv | undefined;
  const disposers: (() => void)[] = [];

  /** Opens the popover on a view (notification clicks, Preferences). */
  function openOn(nav: UiNavigate) {
    popover?.show();
    engine?.bus.emit('ui:navigate', nav);
  }

  /**
   * After sleep or screen unlock: the engine's watchdog rechecks every cluster and verifies every
   * forward now instead of at the next interval (it joins a wake already running, so the
   * heartbeat noticing the same sleep costs nothing more).
   */
  const onWake: WakeHook = (reason) => engine?.watchdog.wake(reason) ?? Promise.resolve();

  async function start() {
    app.dock?.hide();
    hardenSession(session.defaultSession);
    tray = new Tray(trayIconPath(assetsDir, 'unknown', process.platform));
    tray.setToolTip('Tether — starting…');

    startup = await prepareEnvironment({
      env: process.env,
      platform: process.platform,
      kubectlPath: settings.shell().kubectlPath,
      log,
    });
    // The preferences, for the Preferences view (through the contract) and the tray menu alike.
    const prefs = shellSettingsPort({
      settings,
      login: { get: () => launchesAtLogin(app), set: (on) => setLaunchAtLogin(app, on) },
      kubectl: () => startup?.kubectl,
      candidates: () => kubectlCandidates({ PATH: process.env.PATH, home: homedir() }),
      confirmKubectl: confirmKubectlWith(dialog),
    });
    const eng = (engine = createEngine({
      home,
      mode: 'electron',
      log,
      env: process.env,
      settingsStorage: settings.engine,
      shellSettings: prefs,
      errors,
    }));
    ipc = registerIpc(ipcMain, { dispatch: eng.dispatch, bus: eng.bus, appUrl, log });

    const notifier = new Notifier({
      Notification,
      gate: new NotificationGate(Date.now),
      enabled: () => settings.shell().notifications,
      isMuted: (n) => n.context !== undefined && settings.shell().mutedContexts.includes(n.context),
      onClick: (n) => openOn(navigationFor(n)),
      log,
    });
    // Subscribed before the engine starts: what it says while restoring forwards is not lost.
    disposers.push(subscribeNotices(eng.bus, (n) => notifier.notify(n)));
    for (const n of startupNotices) notifier.notify(n);
    if (!startup.kubectl.ok) {
      notifier.notify({
        id: 'kubectl-missing',
        kind: 'app.kubectl-missing',
        severity: 'warning',
        title: 'kubectl not found',
        body: startup.kubectl.message,
        target: { view: 'settings' },
      });
    }
    const report = (title: string, body: string) =>
      notifier.notify({
        id: `action:${title}:${Date.now()}`,
        kind: 'app.action-failed',
        severity: 'error',
        title,
        body,
      });

    await eng.start();

    const win = new BrowserWindow(popoverWindowOptions(preloadPath, app));
    guardNavigation(
      win,
      appUrl,
      (url) => shell.openExternal(url),
      () =>
        eng.forwards
          .list()
          .filter((f) => f.state === 'Active' && f.localPort !== null)
          .map((f) => ({ bindAddress: f.spec.bindAddress, localPort: f.localPort! })),
    );
    ipc.attach(win.webContents);
    await win.loadURL(appUrl());
    const trayRef = tray;
    popover = new PopoverController({
      win,
      trayBounds: () => trayRef.getBounds(),
      displays: () => screen.getAllDisplays(),
      pinned: () => settings.shell().popoverPinned,
    });

    const actions = engineActions(eng.dispatch, log, report);
    const status = new TrayStatus(eng, (view) => {
      trayRef.setImage(trayIconPath(assetsDir, view.state, process.platform));
      trayRef.setToolTip(view.tooltip);
    });
    disposers.push(() => status.stop());
    tray.on('click', () => popover?.toggle());
    tray.on('right-click', () => {
      const menu = trayMenuTemplate(
        {
          launchAtLogin: launchesAtLogin(app),
          popoverPinned: settings.shell().popoverPinned,
          contexts: status.current().map((c) => c.context),
          muted: settings.shell().mutedContexts,
          forwardCount: status.forwardCount(),
        },
        {
          open: () => popover?.show(),
          startAllForwards: () => void actions.startAllForwards(),
          stopAllForwards: () => void actions.stopAllForwards(),
          recheckAll: () => void actions.recheckAll(),
          setLaunchAtLogin: (on) => void prefs.update({ launchAtLogin: on }),
          setPinned: (on) => void prefs.update({ popoverPinned: on }),
          setMuted: (context, muted) => {
            const others = settings.shell().mutedContexts.filter((c) => c !== context);
            void prefs.update({ mutedContexts: muted ? [...others, context] : others });
          },
          preferences: () => openOn({ view: 'settings' }),
          openLogs: () => void shell.openPath(paths.logs),
          copyDiagnostics: () => void copyDiagnostics(),
          quit: () => app.quit(),
        },
      );
      trayRef.popUpContextMenu(Menu.buildFromTemplate(menu));
    });
    await status.start();
    disposers.push(watchPower(powerMonitor, onWake, { log }));
  }

  async function copyDiagnostics() {
    if (!engine || !startup) return;
    const k = startup.kubectl;
    const text = await diagnosticsReport({
      dispatch: engine.dispatch,
      env: process.env,
      kubectl: k.ok ? { path: k.path } : { error: k.message },
      base: {
        app: {
          version: APP_VERSION,
          electron: process.versions.electron,
          platform: process.platform,
          arch: process.arch,
          osRelease: release(),
        },
        shellEnv: startup.shellEnv,
        paths: { home, settings: settings.path, logs: paths.logs },
        components: [
          {
            name: 'login shell environment',
            ok: startup.shellEnv.ok,
            ...(startup.shellEnv.error ? { detail: startup.shellEnv.error } : {}),
          },
          { name: 'kubectl', ok: k.ok, ...(k.ok ? { detail: k.path } : { detail: k.message }) },
          { name: 'notifications', ok: Notification.isSupported() },
        ],
        recentErrors: recent(),
      },
    });
    await clipboard.writeText(text);
  }

  void app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('start-up failed', {
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    });

  app.on('window-all-closed', () => {
    // A menu-bar app keeps running with no window.
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    for (const dispose of disposers.splice(0)) dispose();
    popover?.dispose();
    ipc?.dispose();
    void (engine?.stop() ?? Promise.resolve()).finally(() => app.exit(0));
  });
}

// Started by the engine as its orphan guard (packaged app, runAsNode fuse off): be the guard.
const guardScript = guardLaunchScript(process.argv, here);
if (guardScript) {
  app.disableHardwareAcceleration();
  void import(pathToFileURL(guardScript).href);
} else {
  runApp();
}
