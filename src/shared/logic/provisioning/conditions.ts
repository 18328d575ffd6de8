import type { ConditionStatus, ProvisioningCondition } from '../../domain/provisioning';
import { asArray, asIsoTime, asNonEmptyString, asNumber, asRecord, asTimeMs } from './lenient';

/**
 * Lenient reading of Kubernetes status conditions. Controllers of different ages write them
 * differently: metav1.Condition, CAPI v1beta1 Condition (with `severity`), ServiceState's
 * `lastStateTransitionTime`, YAML with single-quoted or boolean statuses. All of them read here
 * into one ProvisioningCondition; entries without a type are dropped, never fatal.
 */

/** Normalises a condition status: "True"/true/"true" → True, "False"/false → False, else Unknown. */
export function readConditionStatus(value: unknown): ConditionStatus {
  if (value === true) return 'True';
  if (value === false) return 'False';
  const text = asNonEmptyString(value)?.toLowerCase();
  if (text === 'true') return 'True';
  if (text === 'false') return 'False';
  return 'Unknown';
}

/** One condition, or undefined when the value has no usable `type`. */
export function readCondition(value: unknown): ProvisioningCondition | undefined {
  const raw = asRecord(value);
  const type = asNonEmptyString(raw?.type);
  if (raw === undefined || type === undefined) return undefined;
  const condition: ProvisioningCondition = { type, status: readConditionStatus(raw.status) };
  const reason = asNonEmptyString(raw.reason);
  if (reason !== undefined) condition.reason = reason;
  // Block scalars (`message: |`) end in a newline; the text itself is what matters.
  const message = asNonEmptyString(raw.message);
  if (message !== undefined) condition.message = message;
  // ServiceState (kcm v1beta1) names the field lastStateTransitionTime; its docs use lastTransitionTime.
  const when = asIsoTime(raw.lastTransitionTime ?? raw.lastStateTransitionTime);
  if (when !== undefined) condition.lastTransitionTime = when;
  const severity = asNonEmptyString(raw.severity);
  if (severity !== undefined) condition.severity = severity;
  const generation = asNumber(raw.observedGeneration);
  if (generation !== undefined && Number.isInteger(generation)) condition.observedGeneration = generation;
  return condition;
}

/**
 * A list of conditions; anything that is not a list reads as none. Kubernetes keys conditions
 * by type, so a repeated type keeps its first entry.
 */
export function readConditions(value: unknown): ProvisioningCondition[] {
  const seen = new Set<string>();
  const out: ProvisioningCondition[] = [];
  for (const item of asArray(value)) {
    const condition = readCondition(item);
    if (condition === undefined || seen.has(condition.type)) continue;
    seen.add(condition.type);
    out.push(condition);
  }
  return out;
}

/**
 * `primary` plus the conditions of `extra` lists whose type it lacks. CAPI mirrors its
 * v1beta2 conditions under `status.v1beta2.conditions` (and v1beta1 ones under
 * `status.deprecated.v1beta1.conditions`); the main list stays authoritative.
 */
export function mergeConditions(
  primary: readonly ProvisioningCondition[],
  ...extra: ReadonlyArray<readonly ProvisioningCondition[]>
): ProvisioningCondition[] {
  const out = [...primary];
  const seen = new Set(primary.map((c) => c.type));
  for (const list of extra) {
    for (const condition of list) {
      if (seen.has(condition.type)) continue;
      seen.add(condition.type);
      out.push(condition);
    }
  }
  return out;
}

/** The condition of this type, if reported. */
export function findCondition(
  conditions: readonly ProvisioningCondition[],
  type: string,
): ProvisioningCondition | undefined {
  return conditions.find((c) => c.type === type);
}

/** The first of these types that is reported (e.g. v1beta1 `ControlPlaneReady` or v1beta2 `ControlPlaneAvailable`). */
export function findFirstCondition(
  conditions: readonly ProvisioningCondition[],
  types: readonly string[],
): ProvisioningCondition | undefined {
  for (const type of types) {
    const found = findCondition(conditions, type);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The condition is reported and True. */
export function isTrue(condition: ProvisioningCondition | undefined): boolean {
  return condition?.status === 'True';
}

/** The condition is reported and False (absent or Unknown is not False). */
export function isFalse(condition: ProvisioningCondition | undefined): boolean {
  return condition?.status === 'False';
}

/** How long ago the condition last changed, or undefined when its time is unknown. */
export function conditionAgeMs(condition: ProvisioningCondition, nowMs: number): number | undefined {
  const since = asTimeMs(condition.lastTransitionTime);
  return since === undefined ? undefined : Math.max(0, nowMs - since);
}
