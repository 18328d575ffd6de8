import type { ProvisioningCondition } from '../../domain/provisioning';
import { findCondition, isTrue } from './conditions';
import { asNonEmptyString } from './lenient';
import type { PhaseReading } from './reading';
import { byCondition } from './reading';
import type { ProvisioningObject } from './resource';
import { flattenMessage, PHASE_TEXT } from './summary';

/**
 * Deletion wins over everything else: a cluster that failed and is now being deleted is being
 * deleted. Any one of these is enough: metadata.deletionTimestamp, a True `Deleting`
 * condition (kcm, CAPI v1beta2), k0rdent's Ready with reason `Deleting`, CAPI
 * `status.phase: Deleting`.
 */

function deletingCondition(conditions: readonly ProvisioningCondition[]): ProvisioningCondition | undefined {
  const deleting = findCondition(conditions, 'Deleting');
  if (isTrue(deleting)) return deleting;
  const ready = findCondition(conditions, 'Ready');
  return ready?.reason === 'Deleting' ? ready : undefined;
}

/** A Deleting reading when the object is being deleted; undefined when it is not. */
export function detectDeleting(object: ProvisioningObject): PhaseReading | undefined {
  const condition = deletingCondition(object.conditions);
  const statusPhase = asNonEmptyString(object.status?.phase);
  if (condition === undefined && object.deletionRequestedAtMs === undefined && statusPhase !== 'Deleting') {
    return undefined;
  }
  const message = flattenMessage(condition?.message);
  const reading: PhaseReading = {
    phase: 'Deleting',
    summary: message === '' ? PHASE_TEXT.Deleting : message,
    decidedBy:
      condition !== undefined
        ? byCondition(condition)
        : object.deletionRequestedAtMs !== undefined
          ? { source: 'metadata', name: 'metadata.deletionTimestamp' }
          : { source: 'status', name: 'status.phase', reason: 'Deleting' },
    detail: {},
  };
  if (condition?.reason !== undefined) reading.detail.deletionStep = condition.reason;
  return reading;
}
