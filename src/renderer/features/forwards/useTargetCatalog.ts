import { useEffect, useState } from 'react';
import type { CatalogTarget, ListStatus, TargetKind } from '../../../shared/contract';
import { kubectlGet } from '../../../shared/logic/health/listStatus';
import { useClient } from '../../client/ClientContext';
import { pendingStatus, unaskedStatus } from './suggestionNote';

/** What `forwards:targets` answered for one context and namespace, or why it could not. */
export interface TargetCatalogView {
  key: string;
  targets: CatalogTarget[];
  denied: TargetKind[];
  /** Loaded, still asking, or why the targets could not be listed. */
  status: ListStatus;
}

/** Waits for typing to pause before asking the cluster (the namespace is typed a key at a time). */
const DEBOUNCE_MS = 250;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KINDS = 'services,deployments,pods';

/**
 * The targets (Services, Deployments, pods with their ports) of the chosen context and
 * namespace, fetched from the engine once both are chosen. Works for any context of the
 * kubeconfig, monitored or not. Undefined while nothing valid is chosen; while the answer is
 * pending, an empty view whose status is loading.
 */
export function useTargetCatalog(context: string, namespace: string): TargetCatalogView | undefined {
  const client = useClient();
  const ns = namespace.trim();
  const key = `${context}\n${ns}`;
  const asking = context !== '' && DNS_LABEL.test(ns);
  const [view, setView] = useState<TargetCatalogView>();
  useEffect(() => {
    if (!asking) return;
    let live = true;
    const timer = setTimeout(() => {
      client.invoke('forwards:targets', { context, namespace: ns }).then(
        (r) => live && setView({ key, targets: r.targets, denied: r.denied, status: r.status }),
        (err: unknown) =>
          live &&
          setView({
            key,
            targets: [],
            denied: [],
            status: unaskedStatus(
              err instanceof Error ? err.message : String(err),
              kubectlGet(KINDS, context, ns),
            ),
          }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, context, ns, key, asking]);
  if (!asking) return undefined;
  if (view?.key === key) return view;
  return { key, targets: [], denied: [], status: pendingStatus(kubectlGet(KINDS, context, ns)) };
}
