import { BrowserWindow, app, screen, shell } from 'electron';
import type { Engine } from '../core/engine';
import type { IpcBinding } from '../ipc/register';
import { PopoverController, type PopoverControllerOptions } from './popoverController';
import { guardNavigation, popoverWindowOptions } from './popoverWindow';

/**
 * Creates the hidden popover window (hardened, preload only), lets it reach the engine over
 * `ipc`, loads the renderer and hands it to a PopoverController that places it under the tray
 * icon. Navigation away from the app is refused; https and the loopback address of a forward
 * that is listening right now open in the user's browser.
 */
export async function openPopover(o: {
  preloadPath: string;
  appUrl: () => string;
  engine: Engine;
  ipc: IpcBinding;
  trayBounds: PopoverControllerOptions['trayBounds'];
  pinned: () => boolean;
}): Promise<PopoverController> {
  const win = new BrowserWindow(popoverWindowOptions(o.preloadPath, app));
  guardNavigation(
    win,
    o.appUrl,
    (url) => shell.openExternal(url),
    () =>
      o.engine.forwards
        .list()
        .filter((f) => f.state === 'Active' && f.localPort !== null)
        .map((f) => ({ bindAddress: f.spec.bindAddress, localPort: f.localPort! })),
  );
  o.ipc.attach(win.webContents);
  await win.loadURL(o.appUrl());
  return new PopoverController({
    win,
    trayBounds: o.trayBounds,
    displays: () => screen.getAllDisplays(),
    pinned: o.pinned,
  });
}
