import { severityRank, type HealthReason, type HealthReasonCode, type Severity } from '../../domain/health';

// Building health reasons and putting them in display order: most severe first, then by kind
// (REASON_ORDER), then by how many things they cover.

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

export interface Ranked {
  readonly reason: HealthReason;
  /** How many things it covers (more sorts first within a kind). */
  readonly weight: number;
  /** Extra tie-break before the message (pod reason priority). */
  readonly order: number;
}

export function rank(r: HealthReason, weight = 1, order = 0): Ranked {
  return { reason: r, weight, order };
}

export function reason(
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

export function sortReasons(ranked: readonly Ranked[]): HealthReason[] {
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
