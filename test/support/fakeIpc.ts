import type { SenderFrameLike } from '../../src/main/ipc/senderCheck';

type Handler = (event: { senderFrame: SenderFrameLike | null }, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/**
 * A faithful in-memory stand-in for Electron's ipcMain / ipcRenderer / webContents trio:
 * arguments cross by structured clone (as Electron serialises them), `invoke` rejects when no
 * handler is registered, a second `handle` on one channel throws, and every invoke carries
 * a sender frame that tests can make untrusted.
 */
export function createIpcPair(frame: SenderFrameLike | null) {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  let senderFrame = frame;

  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };

  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const h = handlers.get(channel);
      if (!h)
        throw new Error(
          `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
        );
      const result = await h({ senderFrame }, ...structuredClone(args));
      return structuredClone(result);
    },
    on(channel: string, listener: RendererListener) {
      let set = rendererListeners.get(channel);
      if (!set) rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: RendererListener) {
      rendererListeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };

  const webContents = {
    destroyed: false,
    send(channel: string, ...args: unknown[]) {
      const cloned = structuredClone(args);
      // Electron delivers asynchronously.
      queueMicrotask(() => {
        for (const l of rendererListeners.get(channel) ?? []) l({}, ...cloned);
      });
    },
    isDestroyed() {
      return webContents.destroyed;
    },
  };

  return {
    ipcMain,
    ipcRenderer,
    webContents,
    setSenderFrame(f: SenderFrameLike | null) {
      senderFrame = f;
    },
  };
}
