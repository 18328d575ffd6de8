import type { ClusterSummary, DisabledCheck } from '../../domain/health';
import { redactSecrets } from '../text/redact';
import { evaluateCluster, type EvaluateInput } from './evaluate';

// The one call the engine makes per update: evaluation + the numbers the popover shows,
// assembled into the ClusterSummary the contract carries.

/** What buildClusterSummary needs beyond the evaluation input. */
export interface ClusterSummaryInput extends EvaluateInput {
  readonly context: string;
  /** Round trip of the last successful probe. */
  readonly latencyMs: number | null;
  readonly disabledChecks?: readonly DisabledCheck[];
  /** When the engine will probe next (epoch ms). */
  readonly nextCheckAt: number | null;
}

/** Evaluate a cluster and package the result for the UI. */
export function buildClusterSummary(input: ClusterSummaryInput): ClusterSummary {
  const evaluation = evaluateCluster(input);
  // Stale counts would contradict an Unhealthy/Unknown verdict, so they are only shown while reachable.
  const reachable = input.enabled !== false && input.probe.state === 'Healthy';
  return {
    context: input.context,
    state: evaluation.state,
    // Reasons quote API errors and exec-plugin stderr: no credential leaves the engine in one.
    reasons: evaluation.reasons.map((r) => ({
      ...r,
      message: redactSecrets(r.message),
      ...(r.detail !== undefined ? { detail: redactSecrets(r.detail) } : {}),
    })),
    connectivity: evaluation.connectivity,
    lastCheckAt: input.probe.lastObservationAt,
    lastSuccessAt: input.probe.lastSuccessAt,
    // The last good round trip is no measure of an API that does not answer now.
    latencyMs:
      reachable && input.latencyMs !== null && Number.isFinite(input.latencyMs)
        ? Math.max(0, input.latencyMs)
        : null,
    nodes: reachable && input.nodes ? { ...input.nodes.counts } : null,
    pods: reachable && input.pods ? { ...input.pods.counts } : null,
    warningsLast5m: Math.max(0, Math.trunc(input.warningsLast5m ?? 0)),
    disabledChecks: [...(input.disabledChecks ?? [])],
    nextCheckAt: input.nextCheckAt,
  };
}
