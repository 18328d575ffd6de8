import { create } from 'zustand';
import type { ContextList } from '../../shared/domain/contexts';
import type { TetherClient } from '../../shared/contract';

interface ContextsState {
  status: 'loading' | 'ready' | 'error';
  list: ContextList | undefined;
  error: string | undefined;
}

/** Contexts as the engine reports them; written only from contract replies and events. */
export const useContextsStore = create<ContextsState>(() => ({
  status: 'loading',
  list: undefined,
  error: undefined,
}));

/** Loads the list and follows `contexts:changed`; returns the unsubscribe. */
export function bindContexts(client: TetherClient): () => void {
  const off = client.on('contexts:changed', (list) =>
    useContextsStore.setState({ status: 'ready', list, error: undefined }),
  );
  client.invoke('contexts:list', {}).then(
    (list) => useContextsStore.setState({ status: 'ready', list, error: undefined }),
    (err: unknown) =>
      useContextsStore.setState({ status: 'error', error: err instanceof Error ? err.message : String(err) }),
  );
  return off;
}
