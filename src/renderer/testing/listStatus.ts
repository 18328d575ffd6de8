import type { ListStatus } from '../../shared/contract';

/** A list status as the engine sends it for a list that loaded just now (renderer tests). */
export function loadedStatus(
  context: string,
  resource: string,
  overrides: Partial<ListStatus> = {},
): ListStatus {
  return {
    state: 'loaded',
    listedAt: Date.now(),
    stale: false,
    reason: '',
    since: null,
    kubectl: `kubectl get ${resource} -A --context ${context}`,
    ...overrides,
  };
}
