import type { MenuItemConstructorOptions } from 'electron';

/** What the menu shows (read when it opens, so the ticks are current). */
export interface TrayMenuModel {
  launchAtLogin: boolean;
  popoverPinned: boolean;
  /** Monitored contexts, for the per-cluster mute submenu. */
  contexts: readonly string[];
  muted: readonly string[];
  /** Forwards the user has saved (Start/Stop all are greyed out when there are none). */
  forwardCount: number;
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
 * The tray's right-click menu, in the order the product asks for: Open, Start all forwards,
 * Stop all forwards, Recheck all, Launch at login ✓, Preferences, Quit. What else the shell
 * offers (per-cluster mute, pinning the popover, logs, diagnostics) sits in one "More"
 * submenu before Quit, so the top level stays those seven.
 */
export function trayMenuTemplate(m: TrayMenuModel, a: TrayMenuActions): MenuItemConstructorOptions[] {
  const mute: MenuItemConstructorOptions[] = m.contexts.length
    ? m.contexts.map((context) => ({
        id: `mute:${context}`,
        label: context,
        type: 'checkbox',
        checked: m.muted.includes(context),
        click: (item) => a.setMuted(context, item.checked),
      }))
    : [{ label: 'No monitored clusters', enabled: false }];
  const more: MenuItemConstructorOptions[] = [
    { id: 'mute', label: 'Mute Notifications For', submenu: mute },
    {
      id: 'pin',
      label: 'Keep Popover Open',
      type: 'checkbox',
      checked: m.popoverPinned,
      click: (item) => a.setPinned(item.checked),
    },
    { type: 'separator' },
    { id: 'open-logs', label: 'Open Logs', click: () => a.openLogs() },
    { id: 'copy-diagnostics', label: 'Copy Diagnostics', click: () => a.copyDiagnostics() },
  ];
  const haveForwards = m.forwardCount > 0;
  return [
    { id: 'open', label: 'Open Tether', click: () => a.open() },
    { type: 'separator' },
    {
      id: 'start-all',
      label: 'Start All Forwards',
      enabled: haveForwards,
      click: () => a.startAllForwards(),
    },
    {
      id: 'stop-all',
      label: 'Stop All Forwards',
      enabled: haveForwards,
      click: () => a.stopAllForwards(),
    },
    { id: 'recheck-all', label: 'Recheck All', click: () => a.recheckAll() },
    { type: 'separator' },
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
    { id: 'more', label: 'More', submenu: more },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Tether', accelerator: 'CommandOrControl+Q', click: () => a.quit() },
  ];
}
