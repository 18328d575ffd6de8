import type {
  PhaseDecider,
  ProvisioningCondition,
  ProvisioningPhase,
  ProvisioningStage,
  SignificantEvent,
} from '../../domain/provisioning';

/**
 * The result of reading a watched object: which phase it is in, why, and the facts progress
 * estimation refines itself with. Shared by the k0rdent and CAPI readers.
 */

/** Counts inside a phase that let progress move while the phase stays the same. */
export interface ProgressDetail {
  /** k0rdent pre-flight conditions (credential, template, chart, release) that are True, of 4. */
  preflight?: { done: number; total: number };
  /** The control plane has been initialised (its first node answers), though not yet ready. */
  controlPlaneInitialized?: boolean;
  /** CAPI v1beta2 `status.controlPlane` replica counts. */
  controlPlaneReplicas?: { ready: number; desired: number };
  /** CAPI v1beta2 `status.workers` replica counts. */
  workerReplicas?: { ready: number; desired: number };
  /** Services ready of total (ServicesInReadyState "n/m", or counted from status.services). */
  services?: { ready: number; total: number };
  /** The reason of the Deleting condition (which deletion step is running). */
  deletionStep?: string;
}

/** What detectPhase concluded about one object. */
export interface PhaseReading {
  phase: ProvisioningPhase;
  /**
   * The forward stage the provisioning had reached. Equal to `phase` for forward phases; for
   * Failed it is where it failed (so progress can stay there); undefined otherwise.
   */
  stage?: ProvisioningStage;
  /** One human line: what is happening, or what went wrong. */
  summary: string;
  decidedBy: PhaseDecider;
  detail: ProgressDetail;
}

/** Options for detectPhase. */
export interface DetectPhaseOptions {
  /** The current time (epoch ms); age-based rules (kcm's 30-minute CAPI grace) need it. */
  nowMs: number;
  /** Significant events of this cluster, used only when conditions give no signal. */
  events?: readonly SignificantEvent[];
  /** How long a False CAPIClusterSummary is "still provisioning" before it is Failed (30 min). */
  capiGraceMs?: number;
  /**
   * How long after creation an object without status counts as Initializing (5 min). After
   * that, or when the creation time is unknown, it reads as Unknown: its controller is not
   * reporting (not running, or a hand-written sample).
   */
  initializingGraceMs?: number;
}

/** A decider pointing at a condition. */
export function byCondition(condition: ProvisioningCondition): PhaseDecider {
  const decider: PhaseDecider = { source: 'condition', name: condition.type };
  if (condition.reason !== undefined) decider.reason = condition.reason;
  return decider;
}

/** A decider pointing at a status field such as `status.phase`. */
export function byStatusField(path: string, value?: string): PhaseDecider {
  return value === undefined
    ? { source: 'status', name: path }
    : { source: 'status', name: path, reason: value };
}
