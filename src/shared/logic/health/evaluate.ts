import {
  severityRank,
  type ConnectivityState,
  type HealthReason,
  type HealthReasonCode,
  type HealthState,
  type PodSummary,
  type Severity,
} from '../../domain/health';
import type { FailureCause } from './cause';
import type { ErrorClassification } from './errors';
import type { ProbeHysteresis } from './hysteresis';
import type { NodeDigest } from './nodes';
import { NODE_PRESSURES } from './nodes';
import { denialMessage, uniqueDenials, type PermissionDenial } from './permissions';
import { BLOCKING_WAITING_REASONS, podReasonPriority, type PodDigest } from './pods';
import { plural } from './raw';

// Health evaluation: probe verdict + digests → state, connectivity and reasons.
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

/** Reason kinds in display order within one severity. */
export const REASON_ORDER: readonly HealthReasonCode[] = [
  'monitoring-disabled',
  'not-checked',
  'limited-access',
  'namespace-scoped',
  'credentials-rejected',
  'credential-plugin-failed',
  'proxy-unreachable',
  'api-unreachable',
  'api-timeout',
  'api-server-error',
  'api-failing',
  'check-retrying',
  'nodes-not-ready',
  'node-pressure',
  'pods-crash-looping',
  'pods-oom-killed',
  'pods-image-pull',
  'pods-config-error',
  'pods-error',
  'pods-failed',
  'pods-evicted',
  'pods-unschedulable',
  'pods-pending',
  'pods-unknown',
  'pods-more',
  'api-throttled',
  'permission-denied',
  'warning-events',
  'no-nodes',
];

/** The reason code for a pod problem reason. */
export function podReasonCode(podReason: string): HealthReasonCode {
  switch (podReason) {
    case 'CrashLoopBackOff':
      return 'pods-crash-looping';
    case 'OOMKilled':
      return 'pods-oom-killed';
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'ErrImageNeverPull':
    case 'InvalidImageName':
      return 'pods-image-pull';
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
    case 'RunContainerError':
      return 'pods-config-error';
    case 'Error':
      return 'pods-error';
    case 'Evicted':
      return 'pods-evicted';
    case 'Unschedulable':
      return 'pods-unschedulable';
    case 'Pending':
      return 'pods-pending';
    case 'Unknown':
      return 'pods-unknown';
    default:
      return 'pods-failed';
  }
}

interface Ranked {
  readonly reason: HealthReason;
  /** How many things it covers (more sorts first within a kind). */
  readonly weight: number;
  /** Extra tie-break before the message (pod reason priority). */
  readonly order: number;
}

function rank(r: HealthReason, weight = 1, order = 0): Ranked {
  return { reason: r, weight, order };
}

function reason(
  code: HealthReasonCode,
  severity: Severity,
  message: string,
  detail?: string | null,
  since?: number | null,
): HealthReason {
  return {
    code,
    severity,
    message,
    ...(detail ? { detail } : {}),
    ...(since !== undefined && since !== null ? { since } : {}),
  };
}

function unknown(reasons: HealthReason[]): Evaluation {
  return { state: 'Unknown', connectivity: 'unknown', reasons };
}

function sortReasons(ranked: readonly Ranked[]): HealthReason[] {
  return [...ranked]
    .sort(
      (a, b) =>
        severityRank[a.reason.severity] - severityRank[b.reason.severity] ||
        REASON_ORDER.indexOf(a.reason.code) - REASON_ORDER.indexOf(b.reason.code) ||
        a.order - b.order ||
        b.weight - a.weight ||
        a.reason.message.localeCompare(b.reason.message),
    )
    .map((r) => r.reason);
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

function nodeReasons(nodes: NodeDigest): Ranked[] {
  const out: Ranked[] = [];
  const { total, notReady } = nodes.counts;
  if (total === 0) {
    out.push(rank(reason('no-nodes', 'info', 'no nodes registered')));
    return out;
  }
  if (notReady > 0) {
    const severity: Severity = notReady === total ? 'critical' : 'warning';
    const names = nodes.notReady.slice(0, 5).join(', ') + (nodes.notReady.length > 5 ? ', …' : '');
    const text = `${notReady} of ${total} ${total === 1 ? 'node' : 'nodes'} NotReady`;
    out.push(rank(reason('nodes-not-ready', severity, text, names), notReady));
  }
  NODE_PRESSURES.forEach((pressure, i) => {
    const n = nodes.pressureByType[pressure];
    if (n === 0) return;
    const text =
      pressure === 'NetworkUnavailable'
        ? `${plural(n, 'node')} with network unavailable`
        : `${plural(n, 'node')} under ${pressure}`;
    out.push(rank(reason('node-pressure', 'warning', text), n, i));
  });
  return out;
}

/**
 * How a reason names a problem pod: by kubectl's STATUS word (`pod.status`), the word users
 * know, plus the cause where the word alone hides it (a Pending pod the scheduler cannot
 * place; a Running pod that restarted after an error).
 */
function podPhrase(pod: PodSummary): string {
  const word = pod.status;
  const base =
    word === 'CrashLoopBackOff' || BLOCKING_WAITING_REASONS.has(word) || word.startsWith('Init:')
      ? `in ${word}`
      : word === 'Unknown'
        ? 'in Unknown state'
        : word;
  if (pod.reason === null || pod.reason === word) return base;
  if (pod.reason === 'Unschedulable') return `${base} (unschedulable)`;
  if (word === 'Running' || word === 'NotReady') return `${base}, restarted after ${pod.reason}`;
  return base;
}

function podReasons(problems: readonly PodSummary[], max: number): Ranked[] {
  const groups = new Map<string, PodSummary[]>();
  for (const pod of problems) {
    if (pod.reason === null) continue;
    const key = `${pod.reason}\u0000${pod.namespace}\u0000${podPhrase(pod)}`;
    const group = groups.get(key);
    if (group) group.push(pod);
    else groups.set(key, [pod]);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      podReasonPriority(a[0]?.reason ?? null) - podReasonPriority(b[0]?.reason ?? null) ||
      b.length - a.length ||
      (a[0]?.namespace ?? '').localeCompare(b[0]?.namespace ?? ''),
  );
  const limit = Math.max(0, Math.trunc(max));
  const out: Ranked[] = [];
  ordered.slice(0, limit).forEach((group, i) => {
    const first = group[0];
    if (!first || first.reason === null) return;
    const phrase = podPhrase(first);
    const text =
      group.length === 1
        ? `pod ${first.name} ${phrase}`
        : `${group.length} pods ${phrase} in ${first.namespace}`;
    const detail =
      group.length === 1
        ? `${first.namespace}/${first.name}${first.message ? `: ${first.message}` : ''}`
        : group
            .map((p) => p.name)
            .slice(0, 5)
            .join(', ') + (group.length > 5 ? ', …' : '');
    // `order` keeps the group order computed above (reason priority, then size).
    out.push(rank(reason(podReasonCode(first.reason), 'warning', text, detail), group.length, i));
  });
  const rest = ordered.slice(limit);
  if (rest.length > 0) {
    const pods = rest.reduce((n, g) => n + g.length, 0);
    const namespaces = new Set(rest.map((g) => g[0]?.namespace)).size;
    const text = `${plural(pods, 'more problem pod')} in ${plural(namespaces, 'namespace')}`;
    out.push(rank(reason('pods-more', 'warning', text), pods, limit));
  }
  return out;
}
