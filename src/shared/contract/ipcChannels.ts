/** The two Electron IPC channels that carry the whole contract (kept dependency-free for the preload). */
export const IPC_INVOKE = 'tether:invoke';
export const IPC_EVENT = 'tether:event';
