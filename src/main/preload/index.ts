import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/ipcChannels';

/**
 * The sandboxed preload: exposes one object, `window.tether`, that carries contract calls
 * and events — never ipcRenderer itself, and never any other channel. Payloads are checked
 * by the contract on both ends; this file only carries them.
 */
const bridge = {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
    return ipcRenderer.invoke(IPC_INVOKE, channel, payload);
  },
  subscribe(listener: (channel: string, payload: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, channel: string, payload: unknown) => listener(channel, payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tether', bridge);
