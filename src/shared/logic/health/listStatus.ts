import type { ListStatus } from '../../domain/listStatus';
import type { ErrorClassification } from './errors';

// The status of one list (pods, events, namespaces…) from what the engine knows about it: an
// empty list is "loaded" only after a list that succeeded, and a list kept from before an
// outage says so. The same words go to the UI and the CLI, with the kubectl command that
// lists the same and the words kubectl prints when it fails.

/** What the engine knows about one list. */
export interface ListStatusInput {
  /** kubectl's resource name: pods, events, namespaces. */
  readonly resource: string;
  readonly context: string;
  /** The namespace asked for; undefined: all namespaces. */
  readonly namespace?: string | undefined;
  /** host:port of the API server, as kubectl names it in its connection errors. */
  readonly server?: string | undefined;
  /** The check that keeps this list is switched off in settings. */
  readonly off?: boolean;
  /** The list is not kept for another reason than settings (a namespace not watched): our words. */
  readonly notWatched?: string | null;
  /** RBAC refused the list: our words, and the API server's own message when it sent one. */
  readonly forbidden?: { readonly message: string; readonly serverMessage?: string | undefined } | null;
  /** When the items were last known complete; null: never listed. */
  readonly listedAt: number | null;
  /** Why the API does not answer now (the probe's verdict), or null while it answers. */
  readonly outage?: { readonly error: ErrorClassification | null; readonly since: number | null } | null;
  /** The list's own latest failure since its last success (before the probe has a verdict). */
  readonly listError?: ErrorClassification | null;
  /** When that failure happened: the list has been failing since then. */
  readonly listErrorSince?: number | null;
  /** The list covers only these namespaces (no cluster-wide access; accessPlan.ts). */
  readonly watchedNamespaces?: readonly string[] | undefined;
}

/** `kubectl get pods -A --context dev`, with -n for one namespace and the context quoted when needed. */
export function kubectlGet(resource: string, context: string, namespace?: string): string {
  const scope =
    resource === 'namespaces' || resource === 'nodes' ? '' : namespace ? ` -n ${namespace}` : ' -A';
  return `kubectl get ${resource}${scope} --context ${shellWord(context)}`;
}

/** The list's status (see the file comment). */
export function listStatus(input: ListStatusInput): ListStatus {
  const only = input.namespace === undefined ? input.watchedNamespaces : undefined;
  // kubectl lists one namespace per command: one command per watched namespace.
  const kubectl = only?.length
    ? only.map((ns) => kubectlGet(input.resource, input.context, ns)).join('; ')
    : kubectlGet(input.resource, input.context, input.namespace);
  const base = {
    listedAt: input.listedAt,
    kubectl,
    since: null,
    stale: false,
    ...(only?.length ? { scope: `${input.resource} in ${only.join(', ')} (no cluster-wide access)` } : {}),
  };
  if (input.off) {
    return { ...base, state: 'off', reason: `the ${input.resource} check is switched off in settings` };
  }
  if (input.notWatched) return { ...base, state: 'off', reason: input.notWatched };
  const failure = failureOf(input);
  if (input.forbidden && !(failure?.state === 'unauthorized')) {
    return {
      ...base,
      state: 'forbidden',
      reason: input.forbidden.message,
      kubectlError: `Error from server (Forbidden): ${input.forbidden.serverMessage ?? `${input.resource} is forbidden: ${input.forbidden.message}`}`,
    };
  }
  if (failure) {
    return {
      ...base,
      state: failure.state,
      reason: failure.reason,
      since: failure.since,
      stale: input.listedAt !== null,
      kubectlError: failure.kubectlError,
    };
  }
  if (input.listedAt === null) return { ...base, state: 'loading', reason: `listing ${input.resource}…` };
  return { ...base, state: 'loaded', reason: '' };
}

interface Failure {
  state: 'unauthorized' | 'unreachable';
  reason: string;
  since: number | null;
  kubectlError: string;
}

function failureOf(input: ListStatusInput): Failure | null {
  const error = input.outage ? input.outage.error : (input.listError ?? null);
  if (!input.outage && !error) return null;
  if (error && error.kind !== 'forbidden' && error.kind !== 'gone' && error.kind !== 'throttled') {
    // Before the probe has a verdict, the list's own failure says since when.
    const since = input.outage ? input.outage.since : (input.listErrorSince ?? null);
    if (error.kind === 'credentials') {
      return {
        state: 'unauthorized',
        reason: error.message,
        since,
        kubectlError: 'error: You must be logged in to the server (Unauthorized)',
      };
    }
    if (error.kind === 'exec-plugin') {
      return {
        state: 'unauthorized',
        reason: error.message,
        since,
        kubectlError: `Unable to connect to the server: getting credentials: ${error.message}`,
      };
    }
    return {
      state: 'unreachable',
      reason: error.message,
      since,
      kubectlError: kubectlConnectionError(input, error),
    };
  }
  if (!input.outage) return null;
  return {
    state: 'unreachable',
    reason: error ? error.message : 'the API server is answering again; confirming recovery',
    since: input.outage.since,
    kubectlError: `Unable to connect to the server ${input.server ?? ''}`.trimEnd(),
  };
}

/** kubectl's words for a connection that failed. */
function kubectlConnectionError(input: ListStatusInput, error: ErrorClassification): string {
  const server = input.server ?? 'the server';
  if (error.code === 'ECONNREFUSED')
    return `The connection to the server ${server} was refused - did you specify the right host or port?`;
  if (error.kind === 'timeout') return `Unable to connect to the server: dial tcp ${server}: i/o timeout`;
  if (error.kind === 'server-error' && error.status !== null)
    return `Error from server (InternalError): the server is currently unable to handle the request (${error.status})`;
  return `Unable to connect to the server: ${error.message}`;
}

/** A context name as one shell word: quoted only when it has characters a shell treats specially. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
