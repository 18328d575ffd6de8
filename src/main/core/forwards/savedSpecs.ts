// What the supervisor says and keeps about stored specs: why one whose context is missing does
// not start, and which probe header values a save keeps.
import type { ForwardSpec } from '../../../shared/domain/forward';
import { restoreMaskedHeaders } from '../../../shared/logic/forwards/headerMask';

/** Why a forward whose context is not in the kubeconfig does not start, and how to fix it. */
export function contextMissingMessage(name: string, context: string): string {
  return `Cannot start "${name}": context "${context}" is not in your kubeconfig. Map it to one of your contexts: edit the forward, or import the file again with --context-map "${context}=<your context>".`;
}

/**
 * A spec saved over a stored one keeps each probe header value the client left masked (it only
 * ever saw the mask): editing a forward without touching a header keeps what it holds.
 */
export function withStoredHeaders(spec: ForwardSpec, stored: ForwardSpec): ForwardSpec {
  if (spec.probe.type !== 'http' || stored.probe.type !== 'http') return spec;
  return {
    ...spec,
    probe: { ...spec.probe, headers: restoreMaskedHeaders(spec.probe.headers, stored.probe.headers) },
  };
}
