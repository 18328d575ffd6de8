import { CheckNameSchema, type CheckName, type DisabledCheck } from '../../domain/health';

// RBAC denials (HTTP 403 on a list/watch). LocalPort's plan: "graceful degradation on missing
// RBAC — disable specific commands that fail due to permissions". A denial is remembered once
// per (verb, resource, namespace) so the UI shows "no permission to list nodes" a single time
// instead of every 4 minutes, and the check it belongs to is switched off until restart.

/** A 403 on one verb of one resource, cluster-wide (namespace null) or in one namespace. */
export interface PermissionDenial {
  readonly verb: string;
  readonly resource: string;
  readonly namespace: string | null;
}

/** A stable key for de-duplication. */
export function denialKey(d: PermissionDenial): string {
  return `${d.verb.toLowerCase()} ${d.resource.toLowerCase()} ${d.namespace ?? '*'}`;
}

/** "no permission to list nodes" / "no permission to watch pods in payments". */
export function denialMessage(d: PermissionDenial): string {
  return `no permission to ${d.verb} ${d.resource}${d.namespace ? ` in ${d.namespace}` : ''}`;
}

/** Add a denial unless already known; `added` tells the engine whether to log/notify. */
export function addDenial(
  known: readonly PermissionDenial[],
  denial: PermissionDenial,
): { readonly denials: readonly PermissionDenial[]; readonly added: boolean } {
  const key = denialKey(denial);
  if (known.some((d) => denialKey(d) === key)) return { denials: known, added: false };
  return { denials: [...known, denial], added: true };
}

/** Denials without duplicates, first occurrence kept, in input order. */
export function uniqueDenials(denials: Iterable<PermissionDenial>): PermissionDenial[] {
  const seen = new Set<string>();
  const out: PermissionDenial[] = [];
  for (const d of denials) {
    const key = denialKey(d);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

// Which check needs which resource. A namespaced denial does not switch a check off: the
// other namespaces still work, and the denial is shown as an info reason.
const CHECK_RESOURCES: Readonly<Record<CheckName, readonly string[]>> = {
  clusterInfo: [],
  podStatus: ['pods'],
  nodeStatus: ['nodes'],
  eventsOnFailure: ['events', 'events.events.k8s.io'],
};

const CHECK_LABELS: Readonly<Record<CheckName, string>> = {
  clusterInfo: 'cluster info',
  podStatus: 'pod status',
  nodeStatus: 'node status',
  eventsOnFailure: 'events on failure',
};

/**
 * The checks not running for a context: all of them when monitoring is off, those switched off
 * in settings, and those whose resource is forbidden cluster-wide.
 */
export function disabledChecks(
  settings: { readonly enabled: boolean; readonly checks: Readonly<Record<CheckName, boolean>> },
  denials: readonly PermissionDenial[],
): DisabledCheck[] {
  const out: DisabledCheck[] = [];
  for (const check of CheckNameSchema.options) {
    if (!settings.enabled) {
      out.push({ check, reason: 'monitoring-off', message: 'health monitoring is off for this cluster' });
      continue;
    }
    if (!settings.checks[check]) {
      out.push({ check, reason: 'settings', message: `${CHECK_LABELS[check]} is switched off in settings` });
      continue;
    }
    const denial = denials.find(
      (d) => d.namespace === null && CHECK_RESOURCES[check].includes(d.resource.toLowerCase()),
    );
    if (denial) out.push({ check, reason: 'forbidden', message: denialMessage(denial) });
  }
  return out;
}

/** The checks that show what runs in a cluster (cluster info only proves the API answers). */
const CONTENT_CHECKS: readonly CheckName[] = ['podStatus', 'nodeStatus', 'eventsOnFailure'];

/**
 * When every content check that is switched on is refused cluster-wide, nothing about the
 * cluster's workloads was seen: the resources refused ("pods", "nodes", "events"), in check
 * order. Otherwise (something was seen, or nothing is switched on) null.
 */
export function limitedAccess(
  settings: { readonly enabled: boolean; readonly checks: Readonly<Record<CheckName, boolean>> },
  denials: readonly PermissionDenial[],
): string[] | null {
  if (!settings.enabled) return null;
  const on = CONTENT_CHECKS.filter((c) => settings.checks[c]);
  if (on.length === 0) return null;
  const refused: string[] = [];
  for (const check of on) {
    const denial = denials.find(
      (d) => d.namespace === null && CHECK_RESOURCES[check].includes(d.resource.toLowerCase()),
    );
    if (!denial) return null;
    refused.push(CHECK_RESOURCES[check][0] ?? denial.resource);
  }
  return refused;
}
