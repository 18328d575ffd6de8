import { create } from 'zustand';
import type { ConnectionStatus } from '../client';

/** Whether the page can reach the engine; the header shows it. */
export const useConnectionStore = create<{ status: ConnectionStatus }>(() => ({ status: 'connecting' }));
