import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, powerMonitor, session, shell } from 'electron';
import type { Notification as TetherNotification, UiNavigate } from '../shared/contract';
import { quitCleanly, singleInstance } from './app/lifecycle';
import { resolveTetherHome, tetherPaths } from './core/app/home';
import { installLastResort } from './core/app/lastResort';
import { createLogger } from './core/app/log';
import { ensurePrivateDir, tightenPrivateHome } from './core/app/privateFiles';
import { createEngine, type Engine } from './core/engine';
import { ErrorCounts } from './core/watchdog/errorCounts';
import { registerIpc, type IpcBinding } from './ipc/register';
import { createAppNotifier } from './notify/appNotifier';
import { confirmKubectlWith } from './platform/confirmKubectl';
import { copyDiagnostics } from './platform/copyDiagnostics';
import { guardLaunchScript } from './platform/guardLaunch';
import { kubectlCandidates } from './platform/kubectl';
import { launchesAtLogin, setLaunchAtLogin } from './platform/loginItem';
import { withRecentErrors } from './platform/recentErrors';
import { prepareEnvironment } from './platform/startupEnv';
import { watchPower, type WakeHook } from './power/powerWatch';
import { openSettings } from './settings/openSettings';
import { shellSettingsPort } from './settings/shellSettingsPort';
import { createTray, driveTray } from './tray/appTray';
import { engineActions } from './tray/trayActions';
import type { PopoverController } from './window/popoverController';
import { openPopover } from './window/openPopover';
import { rendererUrl } from './window/rendererUrl';
import { hardenApp, hardenSession } from './window/security';

/**
 * The composition root of the menu-bar app: it only wires. It opens the settings, reads the
 * login shell's environment, builds the engine (plain Node), then the IPC binding,
 * notifications, popover, tray and power hooks — in that order, so the engine restores the
 * user's forwards with the right PATH and nothing it says at start-up is missed. Each piece
 * lives in its folder (settings/, platform/, notify/, window/, tray/, power/, app/).
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

  singleInstance(app, () => popover?.show());
  hardenApp(app);

  const startupNotices: TetherNotification[] = [];
  const settings = openSettings({ home, importFrom: paths.settings, log, notices: startupNotices });

  let engine: Engine | undefined;
  let ipc: IpcBinding | undefined;
  let popover: PopoverController | undefined;
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
    const tray = createTray(assetsDir);

    const startup = await prepareEnvironment({
      env: process.env,
      platform: process.platform,
      kubectlPath: settings.shell().kubectlPath,
      log,
    });
    // The preferences, for the Preferences view (through the contract) and the tray menu alike.
    const prefs = shellSettingsPort({
      settings,
      login: { get: () => launchesAtLogin(app), set: (on) => setLaunchAtLogin(app, on) },
      kubectl: () => startup.kubectl,
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
    const notifier = createAppNotifier({
      bus: eng.bus,
      settings,
      log,
      openOn,
      startupNotices,
      kubectl: startup.kubectl,
    });
    disposers.push(() => notifier.dispose());

    await eng.start();

    popover = await openPopover({
      preloadPath,
      appUrl,
      engine: eng,
      ipc,
      trayBounds: () => tray.getBounds(),
      pinned: () => settings.shell().popoverPinned,
    });
    const status = await driveTray({
      tray,
      engine: eng,
      assetsDir,
      settings,
      prefs,
      commands: {
        actions: engineActions(eng.dispatch, log, notifier.report),
        togglePopover: () => popover?.toggle(),
        showPopover: () => popover?.show(),
        preferences: () => openOn({ view: 'settings' }),
        openLogs: () => void shell.openPath(paths.logs),
        copyDiagnostics: () =>
          void copyDiagnostics({
            engine: eng,
            startup,
            paths: { home, settings: settings.path, logs: paths.logs },
            recent,
          }),
      },
    });
    disposers.push(() => status.stop());
    disposers.push(watchPower(powerMonitor, onWake, { log }));
  }

  void app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('start-up failed', {
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    });

  quitCleanly(app, () => {
    for (const dispose of disposers.splice(0)) dispose();
    popover?.dispose();
    ipc?.dispose();
    return engine?.stop() ?? Promise.resolve();
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
