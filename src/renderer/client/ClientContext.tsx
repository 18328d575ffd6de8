import { createContext, useContext, type ReactNode } from 'react';
import type { TetherClient } from '../../shared/contract';

const ClientContext = createContext<TetherClient | undefined>(undefined);

/** Makes the typed client available to the components that act (toggles, recheck, loads). */
export function ClientProvider({ client, children }: { client: TetherClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The typed client; the only way a component reaches the engine. */
export function useClient(): TetherClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside <ClientProvider>');
  return c;
}
