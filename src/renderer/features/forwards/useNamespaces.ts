import { useEffect, useState } from 'react';
import { useClient } from '../../client/ClientContext';

/** What `forwards:namespaces` answered for a context. */
export interface NamespacesView {
  context: string;
  namespaces: string[];
  /** False when the user may not list namespaces (the list is then empty). */
  listed: boolean;
}

/**
 * The context's namespaces, for suggestions only: undefined while pending, when no context is
 * chosen or when the engine could not ask (the form then suggests from what else it knows).
 */
export function useNamespaces(context: string): NamespacesView | undefined {
  const client = useClient();
  const [view, setView] = useState<NamespacesView>();
  useEffect(() => {
    if (!context) return;
    let live = true;
    client.invoke('forwards:namespaces', { context }).then(
      (r) => live && setView({ context, ...r }),
      () => live && setView(undefined),
    );
    return () => {
      live = false;
    };
  }, [client, context]);
  return view?.context === context ? view : undefined;
}
