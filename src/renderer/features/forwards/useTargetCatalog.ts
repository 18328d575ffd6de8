import { useEffect, useState } from 'react';
import type { CatalogTarget, TargetKind } from '../../../shared/contract';
import { useClient } from '../../client/ClientContext';

/** What `forwards:targets` answered for one context and namespace, or why it could not. */
export interface TargetCatalogView {
  key: string;
  targets: CatalogTarget[];
  denied: TargetKind[];
  error: string | undefined;
}

/** Waits for typing to pause before asking the cluster (the namespace is typed a key at a time). */
const DEBOUNCE_MS = 250;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The targets (Services, Deployments, pods with their ports) of the chosen context and
 * namespace, fetched from the engine once both are chosen. Works for any context of the
 * kubeconfig, monitored or not. Undefined while nothing is chosen or the answer is pending.
 */
export function useTargetCatalog(context: string, namespace: string): TargetCatalogView | undefined {
  const client = useClient();
  const ns = namespace.trim();
  const key = `${context}\n${ns}`;
  const [view, setView] = useState<TargetCatalogView>();
  useEffect(() => {
    if (!context || !DNS_LABEL.test(ns)) return;
    let live = true;
    const timer = setTimeout(() => {
      client.invoke('forwards:targets', { context, namespace: ns }).then(
        (r) => live && setView({ key, targets: r.targets, denied: r.denied, error: undefined }),
        (err: unknown) =>
          live &&
          setView({ key, targets: [], denied: [], error: err instanceof Error ? err.message : String(err) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, context, ns, key]);
  return view?.key === key ? view : undefined;
}
