import type { ClientTransport } from '../../shared/contract';

/**
 * The one object the Electron preload exposes (`window.tether`) — the contract's carrier,
 * never ipcRenderer itself.
 */
export type TetherBridge = ClientTransport;

declare global {
  interface Window {
    tether?: TetherBridge;
  }
}

/** The preload's bridge when running inside Electron, else undefined (headless browser). */
export function electronBridge(): TetherBridge | undefined {
  return typeof window !== 'undefined' ? window.tether : undefined;
}
