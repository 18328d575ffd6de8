import type { ListStatus } from '../../domain/listStatus';
import type { ErrorClassification } from './errors';
import { listStatus } from './listStatus';

// A list asked for once (the forward form's namespace and target suggestions) has the same
// result type as the lists the engine keeps: loaded, or why not in the same words, with the
// kubectl command that lists the same. Nothing is kept, so nothing is ever stale.

/** What one list that was asked for once should tell. */
export interface OneShotList {
  /** kubectl's resource name(s): `namespaces`, or `services,deployments,pods`. */
  readonly resource: string;
  readonly context: string;
  readonly namespace?: string | undefined;
  /** host:port of the API server, as kubectl names it in its connection errors. */
  readonly server?: string | undefined;
}

/** How the one request ended. */
export type OneShotOutcome =
  | { readonly kind: 'listed'; readonly at: number }
  /** RBAC refused it (403); `serverMessage`: the API server's own sentence, when it sent one. */
  | { readonly kind: 'forbidden'; readonly serverMessage?: string | undefined }
  | { readonly kind: 'failed'; readonly at: number; readonly error: ErrorClassification };

/** What a person reads for a refused list: "may not list namespaces", "… in shop". */
export function mayNotList(resource: string, namespace?: string): string {
  const kinds = resource.split(',').join(', ');
  return `may not list ${kinds}${namespace ? ` in ${namespace}` : ''}`;
}

/** The status of a list asked for once (see the file comment). */
export function oneShotListStatus(list: OneShotList, outcome: OneShotOutcome): ListStatus {
  if (outcome.kind === 'listed') return listStatus({ ...list, listedAt: outcome.at });
  const error = outcome.kind === 'failed' ? outcome.error : null;
  if (outcome.kind === 'forbidden' || error?.kind === 'forbidden') {
    const serverMessage = outcome.kind === 'forbidden' ? outcome.serverMessage : error?.serverMessage;
    return listStatus({
      ...list,
      listedAt: null,
      forbidden: { message: mayNotList(list.resource, list.namespace), serverMessage },
    });
  }
  // A throttled or "gone" answer to a one-off list leaves nothing to show, as a server error does.
  const e = error!;
  const asFailure: ErrorClassification =
    e.kind === 'throttled' || e.kind === 'gone' ? { ...e, kind: 'server-error' } : e;
  return listStatus({
    ...list,
    listedAt: null,
    listError: asFailure,
    listErrorSince: outcome.kind === 'failed' ? outcome.at : null,
  });
}
