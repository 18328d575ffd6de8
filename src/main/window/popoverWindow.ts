import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { popoverWebPreferences } from './webPreferences';

export const POPOVER_SIZE = { width: 380, height: 560 } as const;

/** The popover's window options: frameless, hidden until the tray asks, never in the Dock. */
export function popoverWindowOptions(
  preloadPath: string,
  app: { isPackaged: boolean },
): BrowserWindowConstructorOptions {
  return {
    ...POPOVER_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    transparent: false,
    webPreferences: popoverWebPreferences(preloadPath, app),
  };
}

/**
 * Navigation guards: the popover never leaves its page and never opens a window; https
 * links open in the user's browser instead.
 */
export function guardNavigation(
  win: Pick<BrowserWindowType, 'webContents'>,
  appUrl: () => string,
  openExternal: (url: string) => Promise<void>,
): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== appUrl()) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void openExternal(url);
    return { action: 'deny' };
  });
}
