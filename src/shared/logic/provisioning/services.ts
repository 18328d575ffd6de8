import type {
  ProvisioningCondition,
  ProvisioningService,
  ServiceDeploymentState,
  ServiceHealth,
  ServicesTally,
} from '../../domain/provisioning';
import { ServiceDeploymentStateSchema } from '../../domain/provisioning';
import { readConditions } from './conditions';
import { asArray, asIsoTime, asNonEmptyString, asRecord } from './lenient';

/**
 * Per-service state from a ClusterDeployment's `status.services`, in both shapes kcm has
 * written:
 * - current (v1beta1 ServiceState): `{type, name, namespace, template, version, state,
 *   failureMessage, lastStateTransitionTime, conditions}`, one entry per service;
 * - legacy (kcm ≤ ~1.0): `{clusterName, clusterNamespace, conditions}`, one entry per cluster,
 *   whose Sveltos conditions carry one `<ns>.<release>/SveltosHelmReleaseReady` per release.
 *   Each release becomes its own service, so both shapes read the same to the UI.
 */

const KNOWN_STATES = new Map(
  ServiceDeploymentStateSchema.options.map((state) => [state.toLowerCase(), state] as const),
);

/** Normalises `state` ("deployed", "Deployed" → Deployed); anything else is Unknown. */
export function readServiceState(value: unknown): ServiceDeploymentState {
  const text = asNonEmptyString(value)?.toLowerCase();
  return (text === undefined ? undefined : KNOWN_STATES.get(text)) ?? 'Unknown';
}

/** Sveltos reports a release owned by another profile with reason `Conflict`. */
function hasConflict(
  conditions: readonly ProvisioningCondition[],
  failureMessage: string | undefined,
): boolean {
  return conditions.some((c) => c.reason === 'Conflict') || /\bconflict/i.test(failureMessage ?? '');
}

/** How a service in `state` with these conditions looks to the user. */
export function serviceHealth(
  state: ServiceDeploymentState,
  conditions: readonly ProvisioningCondition[],
  conflict: boolean,
): ServiceHealth {
  if (state === 'Deleting' || state === 'Deleted') return 'deleting';
  if (conflict || state === 'Failed') return 'failed';
  if (state === 'Provisioning' || state === 'Pending') return 'progressing';
  if (state === 'Deployed') return conditions.some((c) => c.status === 'False') ? 'degraded' : 'healthy';
  return 'unknown';
}

function firstProblem(conditions: readonly ProvisioningCondition[]): string | undefined {
  return conditions.find((c) => c.status !== 'True' && c.message !== undefined)?.message;
}

function readCurrentService(raw: Record<string, unknown>): ProvisioningService {
  const conditions = readConditions(raw.conditions);
  const failureMessage = asNonEmptyString(raw.failureMessage);
  const state = readServiceState(raw.state);
  const conflict = hasConflict(conditions, failureMessage);
  const service: ProvisioningService = {
    name: asNonEmptyString(raw.name) ?? asNonEmptyString(raw.template) ?? '(unnamed)',
    state,
    health: serviceHealth(state, conditions, conflict),
    conflict,
    conditions,
    shape: 'current',
  };
  const namespace = asNonEmptyString(raw.namespace);
  if (namespace !== undefined) service.namespace = namespace;
  const template = asNonEmptyString(raw.template);
  if (template !== undefined) service.template = template;
  const type = asNonEmptyString(raw.type);
  if (type !== undefined) service.type = type;
  const version = asNonEmptyString(raw.version);
  if (version !== undefined) service.version = version;
  const message = failureMessage ?? firstProblem(conditions);
  if (message !== undefined) service.message = message;
  // The Go type says lastStateTransitionTime; the k0rdent docs write lastTransitionTime.
  const changedAt = asIsoTime(raw.lastStateTransitionTime ?? raw.lastTransitionTime);
  if (changedAt !== undefined) service.lastTransitionTime = changedAt;
  return service;
}

/** State of a Sveltos feature/release condition: True is deployed, Conflict/Failed failed. */
function legacyState(condition: ProvisioningCondition): ServiceDeploymentState {
  if (condition.status === 'True') return 'Deployed';
  if (condition.status === 'Unknown') return 'Unknown';
  if (condition.reason === 'Conflict' || condition.reason === 'Failed') return 'Failed';
  return 'Provisioning';
}

function legacyService(
  name: string,
  namespace: string | undefined,
  type: string | undefined,
  condition: ProvisioningCondition,
): ProvisioningService {
  const state = legacyState(condition);
  const conflict = condition.reason === 'Conflict';
  const service: ProvisioningService = {
    name,
    state,
    health: serviceHealth(state, [condition], conflict),
    conflict,
    conditions: [condition],
    shape: 'legacy',
  };
  if (namespace !== undefined) service.namespace = namespace;
  if (type !== undefined) service.type = type;
  if (condition.status !== 'True' && condition.message !== undefined) service.message = condition.message;
  if (condition.lastTransitionTime !== undefined) service.lastTransitionTime = condition.lastTransitionTime;
  return service;
}

function readLegacyServices(raw: Record<string, unknown>): ProvisioningService[] {
  const conditions = readConditions(raw.conditions);
  const releases: ProvisioningService[] = [];
  for (const condition of conditions) {
    const slash = condition.type.indexOf('/');
    if (slash < 0) continue;
    // "<releaseNamespace>.<releaseName>/SveltosHelmReleaseReady": namespaces cannot contain dots.
    const id = condition.type.slice(0, slash);
    const suffix = condition.type.slice(slash + 1);
    const dot = id.indexOf('.');
    const namespace = dot < 0 ? undefined : id.slice(0, dot);
    const name = dot < 0 ? id : id.slice(dot + 1);
    releases.push(legacyService(name, namespace, /Helm/.test(suffix) ? 'Helm' : undefined, condition));
  }
  if (releases.length > 0) return releases;
  // No per-release conditions: the feature conditions (Helm, Kustomize, Resources) are all we know.
  return conditions.map((c) => legacyService(c.type, undefined, c.type, c));
}

function isLegacyEntry(raw: Record<string, unknown>): boolean {
  return (
    raw.state === undefined &&
    raw.name === undefined &&
    (raw.clusterName !== undefined || raw.clusterNamespace !== undefined)
  );
}

/**
 * The services of a ClusterDeployment `status` (or of a `{services: [...]}` fragment, which has
 * the same key). Missing or malformed `services` reads as none.
 */
export function readServices(status: unknown): ProvisioningService[] {
  const out: ProvisioningService[] = [];
  for (const item of asArray(asRecord(status)?.services)) {
    const raw = asRecord(item);
    if (raw === undefined) continue;
    if (isLegacyEntry(raw)) out.push(...readLegacyServices(raw));
    else out.push(readCurrentService(raw));
  }
  return out;
}

/** Reads the `ServicesInReadyState` message ("2/3"); undefined when it is not "n/m". */
export function parseReadyCount(message: string | undefined): { ready: number; total: number } | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(message ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const ready = Number(match[1]);
  const total = Number(match[2]);
  return ready <= total ? { ready, total } : undefined;
}

/**
 * n/m the way kcm counts: Deleting/Deleted services are left out, a service is ready when
 * Deployed. Null when there are no services to count.
 */
export function tallyServices(services: readonly ProvisioningService[]): ServicesTally | null {
  if (services.length === 0) return null;
  const counted = services.filter((s) => s.state !== 'Deleting' && s.state !== 'Deleted');
  return {
    ready: counted.filter((s) => s.state === 'Deployed').length,
    total: counted.length,
    failed: counted.filter((s) => s.health === 'failed').length,
    conflicts: counted.filter((s) => s.conflict).length,
  };
}
