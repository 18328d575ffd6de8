import type { MenuItemConstructorOptions } from 'electron';

/** What the menu shows (read when it opens, so the ticks are current). */
export interface TrayMenuModel {
  launchAtLogin: boolean;
  popoverPinned: boolean;
  /** Monitored contexts, for the per-cluster mute submenu. */
  contexts: readonly string[];
  muted: readonly string[];
  /** False when the engine has no forwards commands (yet). */
  forwardsAvailable: boolean;
}

/** What the menu items do. */
export interface TrayMenuActions {
  open(): void;
  startAllForwards(): void;
  stopAllForwards(): void;
  recheckAll(): void;
  setLaunchAtLogin(on: boolean): void;
  setPinned(on: boolean): void;
  setMuted(context: string, muted: boolean): void;
  preferences(): void;
  openLogs(): void;
  copyDiagnostics(): void;
  quit(): void;
}

/**
 * The tray's right-click menu: Open, Start all forwards, Stop all forwards, Recheck all,
 * Launch at login ✓, Preferences, Quit — plus per-cluster mute, pinning, logs and diagnostics.
 */
export function trayMenuTemplate(m: TrayMenuModel, a: TrayMenuActions): MenuItemConstructorOptions[] {
  const mute: MenuItemConstructorOptions[] = m.contexts.length
    ? m.contexts.map((context) => ({
        label: context,
        type: 'checkbox',
        checked: m.muted.includes(context),
        click: (item) => a.setMuted(context, item.checked),
      }))
    : [{ label: 'No monitored clusters', enabled: false }];
  return [
    { id: 'open', label: 'Open Tether', click: () => a.open() },
    { type: 'separator' },
    {
      id: 'start-all',
      label: 'Start All Forwards',
      enabled: m.forwardsAvailable,
      click: () => a.startAllForwards(),
    },
    {
      id: 'stop-all',
      label: 'Stop All Forwards',
      enabled: m.forwardsAvailable,
      click: () => a.stopAllForwards(),
    },
    { id: 'recheck-all', label: 'Recheck All Clusters', click: () => a.recheckAll() },
    { type: 'separator' },
    { id: 'mute', label: 'Mute Notifications For', submenu: mute },
    {
      id: 'pin',
      label: 'Keep Popover Open',
      type: 'checkbox',
      checked: m.popoverPinned,
      click: (item) => a.setPinned(item.checked),
    },
    {
      id: 'login',
      label: 'Launch at Login',
      type: 'checkbox',
      checked: m.launchAtLogin,
      click: (item) => a.setLaunchAtLogin(item.checked),
    },
    {
      id: 'preferences',
      label: 'Preferences…',
      accelerator: 'CommandOrControl+,',
      click: () => a.preferences(),
    },
    { type: 'separator' },
    { id: 'open-logs', label: 'Open Logs', click: () => a.openLogs() },
    { id: 'copy-diagnostics', label: 'Copy Diagnostics', click: () => a.copyDiagnostics() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Tether', accelerator: 'CommandOrControl+Q', click: () => a.quit() },
  ];
}
