import type { ConnectivityState, HealthReason, HealthState } from '../../domain/health';
import type { FailureCause } from './cause';
import type { ErrorClassification } from './errors';
import type { ProbeHysteresis } from './hysteresis';
import type { NodeDigest } from './nodes';
import { nodeReasons, podReasons } from './nodePodReasons';
import { denialMessage, uniqueDenials, type PermissionDenial } from './permissions';
import type { PodDigest } from './pods';
import { plural } from './raw';
import { rank, reason, sortReasons, type Ranked } from './reasonOrder';

// Health evaluation: probe verdict + digests → state, connectivity and reasons. The node and pod
// reasons are worded in nodePodReasons.ts, the display order kept in reasonOrder.ts.
//
// Rules (the state comes from the first rule that applies; reasons are sorted most severe
// first, then by kind, then by how many things they cover):
//   1. Monitoring off for the context           → Unknown  (info "health checks are off…")
//   2. Never probed                             → Unknown  (info "not checked yet")
//   3. Probe verdict Unhealthy (hysteresis: failureThreshold consecutive failures)
//        credentials rejected (401/407)          → Unhealthy, connectivity credentials-rejected
//        credential helper failed / missing      → Unhealthy, connectivity credentials-rejected
//        unreachable / timeout / 5xx / other     → Unhealthy, connectivity unreachable,
//                                                  "API unreachable for 3 checks"
//        the proxy in the way unreachable       → Unknown (not Unhealthy: the cluster may be
//                                                  fine), connectivity proxy-unreachable,
//                                                  "proxy unreachable: 10.0.0.5:3128 (…)"
//      Node and pod reasons are left out: they describe the cluster as it was before.
//      Answering again but not yet confirmed (successThreshold) → still Unhealthy.
//   4. Probe verdict Unknown with failures below the threshold → Unknown ("retrying").
//   5. Reachable (verdict Healthy):
//        all nodes NotReady                      → Unhealthy (critical)
//        some nodes NotReady                     → Degraded  ("2 of 5 nodes NotReady")
//        nodes under pressure                    → Degraded  ("1 node under DiskPressure")
//        problem pods, per reason and namespace  → Degraded  ("4 pods in CrashLoopBackOff in
//                                                  payments", "pod payments-7f9 OOMKilled")
//        API throttling (429)                    → Degraded
//        a failed probe below the threshold      → info, state unchanged (no flapping)
//        403 on a list/watch                     → info "no permission to list nodes",
//                                                  connectivity forbidden-partially
//        pods/events watched per namespace       → info "pods in payments, web (no
//                                                  cluster-wide access)"; state from those pods
//        warning events in the last 5 min        → info
//        nodes/pods on but not listed yet        → info "nodes and pods not read yet", with the
//                                                  last list error if one failed: the verdict
//                                                  rests on the API alone until they are in
//        nothing else                            → Healthy
//      Except: every content check that is on is refused (403 on pods, nodes and events)
//                                                → Unknown, "limited access: may not list …"
//                                                  (nothing was seen, so never Healthy)
//   Critical reasons make the state Unhealthy, warnings Degraded, info changes nothing.

/** Everything the evaluator looks at. Optional parts default to "not collected". */
export interface EvaluateInput {
  /** The context's `enabled` setting; false → Unknown. */
  readonly enabled?: boolean;
  readonly probe: ProbeHysteresis;
  /** The error of the most recent probe (null when it succeeded cleanly; a 429 is kept here). */
  readonly lastError?: ErrorClassification | null;
  /** null: not collected (check off, forbidden, or not run yet). */
  readonly nodes?: NodeDigest | null;
  readonly pods?: PodDigest | null;
  readonly denials?: readonly PermissionDenial[];
  readonly warningsLast5m?: number;
  /**
   * Every content check that is on is refused (permissions.ts limitedAccess): the resources
   * refused. Nothing about the workloads was seen, so the verdict is Unknown, never Healthy.
   */
  readonly limitedAccess?: readonly string[] | null;
  /**
   * Pods or events are watched only in some namespaces (accessPlan.ts scopeMessage), e.g. "pods
   * in payments, web (no cluster-wide access)": said as an info reason, so counts are read right.
   */
  readonly scope?: string | null;
  /** The current failure cause (cause.ts): its own start and count, reset when the cause changes. */
  readonly cause?: FailureCause | null;
  /** Pod reasons listed before the rest are summed up as "N more problem pods"; default 5. */
  readonly maxPodReasons?: number;
  /**
   * Checks that are on and allowed whose first list is not in yet (e.g. ["nodes", "pods"]),
   * and the last list error if one failed. The verdict then rests on the API alone, so an info
   * reason says so instead of "all checks pass".
   */
  readonly notRead?: { readonly what: readonly string[]; readonly lastError: string | null } | null;
}

/** The verdict for one cluster. */
export interface Evaluation {
  readonly state: HealthState;
  readonly connectivity: ConnectivityState;
  /** Most severe first. */
  readonly reasons: readonly HealthReason[];
}

/** Evaluate one cluster (see the rules above). */
export function evaluateCluster(input: EvaluateInput): Evaluation {
  const probe = input.probe;
  if (input.enabled === false) {
    return unknown([reason('monitoring-disabled', 'info', 'health checks are off for this cluster')]);
  }
  if (probe.lastObservationAt === null) return unknown([reason('not-checked', 'info', 'not checked yet')]);

  const error = input.lastError ?? null;
  if (probe.state === 'Unhealthy' && error?.kind === 'proxy-unreachable') {
    return {
      state: 'Unknown',
      connectivity: 'proxy-unreachable',
      reasons: [reason('proxy-unreachable', 'critical', error.message, null, probe.failingSince)],
    };
  }
  if (probe.state === 'Unhealthy') {
    const credentials = error?.kind === 'credentials' || error?.kind === 'exec-plugin';
    return {
      state: 'Unhealthy',
      connectivity: credentials ? 'credentials-rejected' : 'unreachable',
      reasons: [apiFailure(probe, error, input.cause ?? null)],
    };
  }
  if (probe.state === 'Unknown') {
    const first = reason(
      'check-retrying',
      'info',
      `first ${plural(probe.consecutiveFailures, 'check')} failed, retrying`,
      error?.message,
      probe.failingSince,
    );
    return unknown([first]);
  }

  const limited = input.limitedAccess ?? null;
  if (limited && limited.length > 0) {
    const first = reason(
      'limited-access',
      'info',
      `limited access: may not list ${limited.join(', ')}`,
      'the API answers, but these credentials may not list what the health checks read',
    );
    return { state: 'Unknown', connectivity: 'forbidden-partially', reasons: [first] };
  }

  const ranked: Ranked[] = [];
  if (input.nodes) ranked.push(...nodeReasons(input.nodes));
  if (input.pods) ranked.push(...podReasons(input.pods.problems, input.maxPodReasons ?? 5));
  if (error?.kind === 'throttled') ranked.push(rank(reason('api-throttled', 'warning', error.message)));
  if (probe.consecutiveFailures > 0) {
    const text = `${plural(probe.consecutiveFailures, 'check')} failed, retrying`;
    ranked.push(rank(reason('check-retrying', 'info', text, error?.message, probe.failingSince)));
  }
  if (input.scope) ranked.push(rank(reason('namespace-scoped', 'info', input.scope)));
  const notRead = input.notRead;
  if (notRead && notRead.what.length > 0) {
    const detail = notRead.lastError
      ? `the last list failed: ${notRead.lastError}`
      : 'the API answers; the first list is still loading';
    ranked.push(rank(reason('not-checked', 'info', `${notRead.what.join(' and ')} not read yet`, detail)));
  }
  const denials = uniqueDenials(input.denials ?? []);
  for (const d of denials) ranked.push(rank(reason('permission-denied', 'info', denialMessage(d))));
  const warnings = Math.max(0, Math.trunc(input.warningsLast5m ?? 0));
  if (warnings > 0) {
    ranked.push(
      rank(
        reason('warning-events', 'info', `${plural(warnings, 'warning event')} in the last 5 min`),
        warnings,
      ),
    );
  }

  const reasons = sortReasons(ranked);
  const state: HealthState = reasons.some((r) => r.severity === 'critical')
    ? 'Unhealthy'
    : reasons.some((r) => r.severity === 'warning')
      ? 'Degraded'
      : 'Healthy';
  return { state, connectivity: denials.length > 0 ? 'forbidden-partially' : 'ok', reasons };
}

function unknown(reasons: HealthReason[]): Evaluation {
  return { state: 'Unknown', connectivity: 'unknown', reasons };
}

function apiFailure(
  probe: ProbeHysteresis,
  error: ErrorClassification | null,
  cause: FailureCause | null,
): HealthReason {
  if (probe.consecutiveFailures === 0) {
    // Unhealthy but the last probe succeeded: waiting for successThreshold.
    return reason('check-retrying', 'critical', 'API answering again, confirming recovery');
  }
  // The cause's own start and count when it is the error at hand: a new cause starts again.
  const own = cause !== null && cause.kind === error?.kind;
  const since = own ? cause.since : probe.failingSince;
  const failures = own ? cause.failures : probe.consecutiveFailures;
  const checks = plural(failures, 'check');
  switch (error?.kind) {
    case 'credentials':
      return reason(
        'credentials-rejected',
        'critical',
        `credentials rejected (${error.status ?? 401})`,
        error.message,
        since,
      );
    case 'exec-plugin':
      return reason('credential-plugin-failed', 'critical', 'credential helper failed', error.message, since);
    case 'timeout':
      return reason('api-timeout', 'critical', `API timed out for ${checks}`, error.message, since);
    case 'server-error':
      return reason(
        'api-server-error',
        'critical',
        `API server errors (${error.status ?? 500}) for ${checks}`,
        error.message,
        since,
      );
    case undefined:
    case 'unreachable':
      return reason('api-unreachable', 'critical', `API unreachable for ${checks}`, error?.message, since);
    default:
      return reason(
        'api-failing',
        'critical',
        `API check failed ${plural(failures, 'time')}`,
        error?.message,
        since,
      );
  }
}
