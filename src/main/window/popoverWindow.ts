import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { externalLinkAllowed, type ListeningForward } from './externalLinks';
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
 * links, and a listening forward's own loopback address, open in the user's browser instead.
 */
export function guardNavigation(
  win: Pick<BrowserWindowType, 'webContents'>,
  appUrl: () => string,
  openExternal: (url: string) => Promise<void>,
  /** Forwards listening right now: their loopback http address may open too ("open ↗"). */
  listening: () => readonly ListeningForward[] = () => [],
): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== appUrl()) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url, listening())) openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}
