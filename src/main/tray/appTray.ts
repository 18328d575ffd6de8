import { Menu, Tray, app } from 'electron';
import type { ShellSettingsPort } from '../core/engine';
import type { Engine } from '../core/engine';
import { launchesAtLogin } from '../platform/loginItem';
import type { SettingsFile } from '../settings/settingsFile';
import type { EngineActions } from './trayActions';
import { trayIconPath } from './trayIcon';
import { trayMenuTemplate } from './trayMenu';
import { TrayStatus } from './trayStatus';

/** The menu-bar icon, shown at once with the unknown icon while the engine starts. */
export function createTray(assetsDir: string): Tray {
  const tray = new Tray(trayIconPath(assetsDir, 'unknown', process.platform));
  tray.setToolTip('Tether — starting…');
  return tray;
}

/** What the tray's clicks and menu items do. */
export interface TrayCommands {
  actions: EngineActions;
  togglePopover(): void;
  showPopover(): void;
  preferences(): void;
  openLogs(): void;
  copyDiagnostics(): void;
}

/**
 * Drives the tray from the engine: icon and tooltip follow its typed events (TrayStatus), a
 * left click toggles the popover, a right click builds the menu from the current state (login
 * item, pin, the clusters to mute, whether there are forwards). Returns the status, which the
 * caller stops on quit.
 */
export async function driveTray(o: {
  tray: Tray;
  engine: Engine;
  assetsDir: string;
  settings: SettingsFile;
  prefs: ShellSettingsPort;
  commands: TrayCommands;
}): Promise<TrayStatus> {
  const { tray, settings, prefs, commands: c } = o;
  const status = new TrayStatus(o.engine, (view) => {
    tray.setImage(trayIconPath(o.assetsDir, view.state, process.platform));
    tray.setToolTip(view.tooltip);
  });
  tray.on('click', () => c.togglePopover());
  tray.on('right-click', () => {
    const menu = trayMenuTemplate(
      {
        launchAtLogin: launchesAtLogin(app),
        popoverPinned: settings.shell().popoverPinned,
        contexts: status.current().map((s) => s.context),
        muted: settings.shell().mutedContexts,
        forwardCount: status.forwardCount(),
      },
      {
        open: () => c.showPopover(),
        startAllForwards: () => void c.actions.startAllForwards(),
        stopAllForwards: () => void c.actions.stopAllForwards(),
        recheckAll: () => void c.actions.recheckAll(),
        setLaunchAtLogin: (on) => void prefs.update({ launchAtLogin: on }),
        setPinned: (on) => void prefs.update({ popoverPinned: on }),
        setMuted: (context, muted) => {
          const others = settings.shell().mutedContexts.filter((m) => m !== context);
          void prefs.update({ mutedContexts: muted ? [...others, context] : others });
        },
        preferences: () => c.preferences(),
        openLogs: () => c.openLogs(),
        copyDiagnostics: () => c.copyDiagnostics(),
        quit: () => app.quit(),
      },
    );
    tray.popUpContextMenu(Menu.buildFromTemplate(menu));
  });
  await status.start();
  return status;
}
