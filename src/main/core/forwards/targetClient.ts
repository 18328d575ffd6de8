import { ContractError } from '../../../shared/contract';
import type { ClusterHealthManager } from '../clusters/clusterHealthManager';
import { ApiClient } from '../kube/apiClient';
import { accessFor, UnknownContextError } from '../kube/clusterAccess';
import type { MergedKubeconfig } from '../kubeconfig/model';

/** An API client lent for one request; `done` closes it if it was made for that request. */
export interface LentClient {
  client: ApiClient;
  done(): void;
}

/**
 * The client the target catalog uses for a context: the monitor's own when the context is
 * monitored (warm connections), else a short-lived one from the kubeconfig — the form may name
 * any context, and starting a whole monitor just to fill a list would be wasteful.
 */
export function lendClient(
  clusters: Pick<ClusterHealthManager, 'client'>,
  merged: MergedKubeconfig | undefined,
  context: string,
  env?: Readonly<Record<string, string | undefined>>,
): LentClient {
  const shared = clusters.client(context);
  if (shared) return { client: shared, done: () => undefined };
  if (!merged) throw new ContractError('conflict', 'The kubeconfig has not been read yet; try again.');
  try {
    const client = new ApiClient(accessFor(merged, context, env));
    return { client, done: () => client.close() };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ContractError(err instanceof UnknownContextError ? 'not-found' : 'conflict', message);
  }
}
