import { useEffect, useState } from 'react';
import type { ListStatus } from '../../../shared/contract';
import { kubectlGet } from '../../../shared/logic/health/listStatus';
import { useClient } from '../../client/ClientContext';
import { pendingStatus, unaskedStatus } from './suggestionNote';

/** What `forwards:namespaces` answered for a context, or that it is still asking. */
export interface NamespacesView {
  context: string;
  namespaces: string[];
  /** False when the namespaces could not be listed (the list is then empty; `status` says why). */
  listed: boolean;
  status: ListStatus;
}

/**
 * The context's namespaces, for suggestions only: undefined when no context is chosen; while
 * the engine is asked, an empty view whose status is loading; when it could not ask, one that
 * says why (the form then suggests from what else it knows, and never blocks).
 */
export function useNamespaces(context: string): NamespacesView | undefined {
  const client = useClient();
  const [view, setView] = useState<NamespacesView>();
  useEffect(() => {
    if (!context) return;
    let live = true;
    client.invoke('forwards:namespaces', { context }).then(
      (r) => live && setView({ context, ...r }),
      (err: unknown) =>
        live &&
        setView({
          context,
          namespaces: [],
          listed: false,
          status: unaskedStatus(
            err instanceof Error ? err.message : String(err),
            kubectlGet('namespaces', context),
          ),
        }),
    );
    return () => {
      live = false;
    };
  }, [client, context]);
  if (!context) return undefined;
  if (view?.context === context) return view;
  return { context, namespaces: [], listed: false, status: pendingStatus(kubectlGet('namespaces', context)) };
}
