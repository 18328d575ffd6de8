import type { App } from 'electron';

/**
 * One Tether at a time: a second launch (Finder, `open -a`) exits, and the running one is told
 * (`onSecondLaunch`, which shows its popover).
 */
export function singleInstance(app: App, onSecondLaunch: () => void): void {
  if (!app.requestSingleInstanceLock()) app.exit(0);
  app.on('second-instance', onSecondLaunch);
}

/**
 * A menu-bar app keeps running with no window. On quit, `shutdown` runs once (the first
 * before-quit is held until it settles), then the app exits.
 */
export function quitCleanly(app: App, shutdown: () => Promise<void>): void {
  app.on('window-all-closed', () => {
    // Nothing: closing the popover's window does not quit.
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void shutdown().finally(() => app.exit(0));
  });
}
