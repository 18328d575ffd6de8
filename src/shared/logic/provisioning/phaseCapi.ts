import type { PhaseDecider, ProvisioningCondition, ProvisioningStage } from '../../domain/provisioning';
import { findCondition, findFirstCondition, isTrue } from './conditions';
import { asBoolean, asNonEmptyString, asNumber, dig } from './lenient';
import type { ProgressDetail, PhaseReading } from './reading';
import { byCondition, byStatusField } from './reading';
import type { ProvisioningObject } from './resource';
import { composeSummary, flattenMessage, PHASE_TEXT } from './summary';

/**
 * Phase of a Cluster API `Cluster` (v1alpha3, v1beta1, v1beta2). Its milestones, in order:
 * infrastructure ready → control plane initialised → control plane ready/available → workers
 * available → Ready (v1beta1) / Available (v1beta2). Each milestone is read from every place
 * some API version puts it (conditions, booleans, `status.initialization`), and a missing
 * boolean is false: a v1beta1 Cluster with `phase: Provisioned` but no `controlPlaneReady` is
 * not ready, whatever its phase says.
 */

/** What a CAPI Cluster status says about each milestone. */
export interface CapiFacts {
  /** status.phase, unless absent or `Unknown`. */
  phase?: string;
  infraReady: boolean;
  controlPlaneInitialized: boolean;
  controlPlaneReady: boolean;
  /** v1beta2 `WorkersAvailable`; undefined when not reported (v1beta1 does not track workers). */
  workersAvailable?: boolean;
  failureReason?: string;
  failureMessage?: string;
  /** Anything at all to go on (a phase, a condition, a milestone boolean). */
  hasSignal: boolean;
}

/** Reads the milestones from conditions and (when given) the raw `status`. */
export function readCapiFacts(
  conditions: readonly ProvisioningCondition[],
  status: Record<string, unknown> | undefined,
): CapiFacts {
  const rawPhase = asNonEmptyString(status?.phase);
  const phase = rawPhase === 'Unknown' ? undefined : rawPhase;
  const flag = (...path: string[]): boolean | undefined => asBoolean(dig(status, ...path));
  const infraFlags = [flag('infrastructureReady'), flag('initialization', 'infrastructureProvisioned')];
  const cpReadyFlags = [flag('controlPlaneReady')];
  const cpInitFlags = [flag('controlPlaneInitialized'), flag('initialization', 'controlPlaneInitialized')];

  const infraReady =
    isTrue(findCondition(conditions, 'InfrastructureReady')) ||
    infraFlags.includes(true) ||
    // Provisioned is defined as "infrastructure ready and control plane endpoint set".
    phase === 'Provisioned';
  const controlPlaneReady =
    isTrue(findCondition(conditions, 'ControlPlaneReady')) ||
    isTrue(findCondition(conditions, 'ControlPlaneAvailable')) ||
    cpReadyFlags.includes(true);
  const controlPlaneInitialized =
    controlPlaneReady ||
    isTrue(findCondition(conditions, 'ControlPlaneInitialized')) ||
    cpInitFlags.includes(true);
  const workers = findCondition(conditions, 'WorkersAvailable')?.status;

  const facts: CapiFacts = {
    infraReady,
    controlPlaneInitialized,
    controlPlaneReady,
    hasSignal:
      phase !== undefined ||
      conditions.length > 0 ||
      [...infraFlags, ...cpReadyFlags, ...cpInitFlags].some((f) => f !== undefined),
  };
  if (phase !== undefined) facts.phase = phase;
  if (workers === 'True') facts.workersAvailable = true;
  if (workers === 'False') facts.workersAvailable = false;
  const failureReason = asNonEmptyString(status?.failureReason);
  if (failureReason !== undefined) facts.failureReason = failureReason;
  const failureMessage = asNonEmptyString(status?.failureMessage);
  if (failureMessage !== undefined) facts.failureMessage = failureMessage;
  return facts;
}

/** The stage a CAPI status holds the cluster in, with what decided it; undefined when all milestones are met. */
export interface CapiStage {
  stage: ProvisioningStage;
  decidedBy: PhaseDecider;
  /** The deciding condition's message, or the stage's default text. */
  lead: string;
}

function stageFrom(
  stage: ProvisioningStage,
  condition: ProvisioningCondition | undefined,
  fallback: PhaseDecider,
): CapiStage {
  const message = flattenMessage(condition?.message);
  return {
    stage,
    decidedBy: condition !== undefined ? byCondition(condition) : fallback,
    lead: message === '' ? PHASE_TEXT[stage] : message,
  };
}

/** The first milestone not yet met, as a stage. */
export function capiStage(
  conditions: readonly ProvisioningCondition[],
  facts: CapiFacts,
): CapiStage | undefined {
  const phaseDecider = facts.phase === undefined ? undefined : byStatusField('status.phase', facts.phase);
  if (!facts.infraReady) {
    const infra = findCondition(conditions, 'InfrastructureReady');
    // Pending: the Cluster exists but its infrastructure object has not started yet.
    if (facts.phase === 'Pending')
      return stageFrom('Initializing', infra, phaseDecider ?? byStatusField('status.phase'));
    return stageFrom('Provisioning', infra, phaseDecider ?? byStatusField('status.infrastructureReady'));
  }
  if (!facts.controlPlaneReady) {
    const blocking = facts.controlPlaneInitialized
      ? findFirstCondition(conditions, ['ControlPlaneReady', 'ControlPlaneAvailable'])
      : findFirstCondition(conditions, [
          'ControlPlaneInitialized',
          'ControlPlaneReady',
          'ControlPlaneAvailable',
        ]);
    return stageFrom('Bootstrapping', blocking, byStatusField('status.controlPlaneReady'));
  }
  if (facts.workersAvailable === false) {
    return stageFrom(
      'Scaling',
      findCondition(conditions, 'WorkersAvailable'),
      byStatusField('status.workers'),
    );
  }
  const ready = findFirstCondition(conditions, ['Ready', 'Available']);
  if (ready !== undefined && ready.status !== 'True') {
    return stageFrom('Scaling', ready, phaseDecider ?? byStatusField('status.conditions'));
  }
  return undefined;
}

function replicas(
  status: Record<string, unknown> | undefined,
  key: string,
): { ready: number; desired: number } | undefined {
  const desired = asNumber(dig(status, key, 'desiredReplicas'));
  const ready =
    asNumber(dig(status, key, 'availableReplicas')) ?? asNumber(dig(status, key, 'readyReplicas'));
  return desired === undefined || ready === undefined || desired <= 0 ? undefined : { ready, desired };
}

function capiDetail(facts: CapiFacts, status: Record<string, unknown> | undefined): ProgressDetail {
  const detail: ProgressDetail = { controlPlaneInitialized: facts.controlPlaneInitialized };
  const controlPlane = replicas(status, 'controlPlane');
  if (controlPlane !== undefined) detail.controlPlaneReplicas = controlPlane;
  const workers = replicas(status, 'workers');
  if (workers !== undefined) detail.workerReplicas = workers;
  return detail;
}

/**
 * The phase of a CAPI Cluster from its status; undefined when the status gives no signal at all
 * (the caller then looks at events). Deletion is checked by the caller first.
 */
export function detectCapiPhase(object: ProvisioningObject): PhaseReading | undefined {
  const { conditions, status } = object;
  const facts = readCapiFacts(conditions, status);
  if (!facts.hasSignal) return undefined;
  const detail = capiDetail(facts, status);
  const stage = capiStage(conditions, facts);

  // A terminal failure wins over any condition that still looks fine.
  if (facts.phase === 'Failed' || facts.failureReason !== undefined || facts.failureMessage !== undefined) {
    const lead = facts.failureMessage ?? facts.failureReason ?? 'Cluster phase is Failed';
    const reading: PhaseReading = {
      phase: 'Failed',
      summary: composeSummary(lead, conditions),
      decidedBy:
        facts.phase === 'Failed'
          ? byStatusField('status.phase', 'Failed')
          : byStatusField('status.failureReason', facts.failureReason),
      detail,
    };
    reading.stage = stage?.stage ?? 'Scaling';
    return reading;
  }

  const ready = findFirstCondition(conditions, ['Ready', 'Available']);
  const stillCreating = facts.phase === 'Pending' || facts.phase === 'Provisioning';
  if (stage === undefined && !stillCreating && (ready !== undefined || facts.phase === 'Provisioned')) {
    const message = flattenMessage(ready?.message);
    return {
      phase: 'Ready',
      summary: message === '' ? PHASE_TEXT.Ready : message,
      decidedBy: ready !== undefined ? byCondition(ready) : byStatusField('status.phase', facts.phase),
      detail,
    };
  }

  if (stage === undefined) {
    // Every milestone met but no Ready/Available yet, or phase still says it is creating.
    return {
      phase: 'Scaling',
      stage: 'Scaling',
      summary: 'Waiting for the cluster to report Ready',
      decidedBy: phaseDecider(facts),
      detail,
    };
  }
  return {
    phase: stage.stage,
    stage: stage.stage,
    summary: composeSummary(
      stage.lead,
      conditions,
      stage.decidedBy.source === 'condition' ? stage.decidedBy.name : undefined,
    ),
    decidedBy: stage.decidedBy,
    detail,
  };
}

function phaseDecider(facts: CapiFacts): PhaseDecider {
  return facts.phase === undefined
    ? byStatusField('status.conditions')
    : byStatusField('status.phase', facts.phase);
}
