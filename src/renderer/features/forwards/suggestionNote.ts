import type { ListStatus } from '../../../shared/contract';

/** A status for suggestions asked for and not answered yet. */
export function pendingStatus(kubectl: string): ListStatus {
  return { state: 'loading', listedAt: null, stale: false, reason: '', since: null, kubectl };
}

/** A status for suggestions the engine could not even ask for (unknown context, kubeconfig unread). */
export function unaskedStatus(message: string, kubectl: string): ListStatus {
  return { state: 'unreachable', listedAt: null, stale: false, reason: message, since: null, kubectl };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Why the form's suggestions (namespaces or targets) are missing, in words: listing, refused,
 * credentials rejected, API unreachable, or loaded but empty. Always ends by saying the field
 * may be typed: suggestions never block a save. Undefined when there is nothing to say.
 */
export function suggestionNote(
  what: 'namespaces' | 'targets',
  status: ListStatus | undefined,
  opts: { empty: boolean; namespace?: string },
): string | undefined {
  if (!status) return undefined;
  const typeIt = what === 'namespaces' ? 'type it' : 'type the target';
  switch (status.state) {
    case 'loading':
      return what === 'namespaces' ? 'Listing namespaces…' : `Listing targets in ${opts.namespace ?? ''}…`;
    case 'forbidden':
      return `${capitalised(status.reason)} — ${typeIt}.`;
    case 'unauthorized':
    case 'unreachable':
      return `No suggestions: ${status.reason || 'the API did not answer'} — ${typeIt}.`;
    case 'loaded':
      if (!opts.empty) return undefined;
      return what === 'namespaces'
        ? undefined
        : `Nothing to forward to in ${opts.namespace ?? 'this namespace'} yet — type the target; the forward waits for it.`;
    case 'off':
      return undefined;
  }
}
