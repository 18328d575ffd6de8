// One look at the cluster for a forward: the cluster's health, the context, then the target
// resolved against the API, said as the event its rules hear.
import type { ForwardSpec } from '../../../shared/domain/forward';
import type { ApiClient } from '../kube/apiClient';
import type { ForwardClusters } from './forwardDeps';
import type { LabelMatcher } from './podPicking';
import { resolveTarget } from './resolveTarget';
import type { ForwardEvent } from './rules/rulesEvents';

/** What a look found, and the target's pod matcher when it resolved (for the pod informer's news). */
export interface LookResult {
  event: ForwardEvent;
  matches?: LabelMatcher;
}

/** Looks at `spec`'s target; `tunnel` is the one running now, kept when it still goes the right way. */
export async function lookAtTarget(
  clusters: ForwardClusters,
  spec: ForwardSpec,
  tunnel: { pod: string; exited: boolean } | undefined,
): Promise<LookResult> {
  // No restart storm into a dead cluster: the rules keep what runs and start nothing.
  if (clusters.clusterState(spec.context) === 'Unhealthy') return { event: { type: 'cluster-unhealthy' } };
  let client: ApiClient;
  try {
    client = clusters.apiClient(spec.context);
  } catch (err) {
    return {
      event: { type: 'context-unusable', message: err instanceof Error ? err.message : String(err) },
    };
  }
  const r = await resolveTarget(client, spec, tunnel?.pod);
  if (!r.ok) return { event: { type: 'unresolved', why: r.problem, message: r.message } };
  return {
    event: {
      type: 'resolved',
      pod: r.pod,
      port: r.port,
      tunnelAlive: tunnel !== undefined && !tunnel.exited,
    },
    matches: r.matches,
  };
}
