import type { PhaseDecider, ProvisioningCondition, ProvisioningStage } from '../../domain/provisioning';
import { stageFromCapiSummary } from './capiSummary';
import { conditionAgeMs, findCondition, isTrue } from './conditions';
import { asNumber } from './lenient';
import { capiStage, readCapiFacts } from './phaseCapi';
import type { DetectPhaseOptions, PhaseReading, ProgressDetail } from './reading';
import { byCondition, byStatusField } from './reading';
import { CAPI_SUMMARY_GRACE_MS, rollUpReady } from './readyRollup';
import type { ProvisioningObject } from './resource';
import { parseReadyCount, readServices, tallyServices } from './services';
import { flattenMessage, PHASE_TEXT } from './summary';

/**
 * Phase of a k0rdent ClusterDeployment from its conditions:
 * 1. pre-flight: CredentialReady, TemplateReady, HelmChartReady, HelmReleaseReady (the Helm
 *    release of the cluster template is what creates the CAPI objects) → Initializing;
 * 2. CAPIClusterSummary, a bullet list of the CAPI conditions not yet fine → Provisioning,
 *    Bootstrapping or Scaling by the earliest one listed;
 * 3. ServicesInReadyState "n/m" and status.services → Installing;
 * 4. Ready True (current, and not contradicted by the conditions it rolls up) → Ready.
 * Failed is decided by recomputing kcm's Ready roll-up (see readyRollup.ts), not by trusting
 * a Ready=False/Failed that older kcm also wrote during a normal provisioning.
 */

const PREFLIGHT = ['CredentialReady', 'TemplateReady', 'HelmChartReady', 'HelmReleaseReady'] as const;
/** CAPI condition types that some ClusterDeployments (and older HMC objects) carry directly. */
const CAPI_TYPES = [
  'InfrastructureReady',
  'ControlPlaneInitialized',
  'ControlPlaneReady',
  'ControlPlaneAvailable',
  'WorkersAvailable',
];

interface K0rdentStage {
  stage: ProvisioningStage;
  decidedBy: PhaseDecider;
  lead: string;
}

function fromCondition(
  stage: ProvisioningStage,
  condition: ProvisioningCondition,
  fallback?: string,
): K0rdentStage {
  const message = flattenMessage(condition.message);
  return {
    stage,
    decidedBy: byCondition(condition),
    lead: message === '' ? (fallback ?? PHASE_TEXT[stage]) : message,
  };
}

/** Where the services stand: the count, and the first failing service worth naming. */
interface ServicesView {
  /** ServicesInReadyState "n/m" first (kcm's own count), else counted from status.services. */
  count?: { ready: number; total: number };
  /** "<service>: <why>" for the first failed (e.g. conflicting) service. */
  problem?: string;
}

function servicesView(
  conditions: readonly ProvisioningCondition[],
  status: Record<string, unknown> | undefined,
): ServicesView {
  const services = readServices(status);
  const view: ServicesView = {};
  const fromCondition = parseReadyCount(findCondition(conditions, 'ServicesInReadyState')?.message);
  const tally = tallyServices(services);
  if (fromCondition !== undefined) view.count = fromCondition;
  else if (tally !== null) view.count = { ready: tally.ready, total: tally.total };
  const failed = services.find((s) => s.health === 'failed');
  if (failed !== undefined) {
    view.problem = `${failed.name}: ${failed.message ?? (failed.conflict ? 'conflict' : 'failed')}`;
  }
  return view;
}

/** Installing while services are not all ready (or Ready is not yet True); undefined when nothing is left. */
function servicesStage(
  conditions: readonly ProvisioningCondition[],
  services: ServicesView,
  readyTrusted: boolean,
): K0rdentStage | undefined {
  const inReadyState = findCondition(conditions, 'ServicesInReadyState');
  const { count, problem } = services;
  const pending = count !== undefined && count.ready < count.total;
  if (pending || inReadyState?.status === 'False') {
    const lead = count === undefined ? PHASE_TEXT.Installing : `${count.ready}/${count.total} services ready`;
    return {
      stage: 'Installing',
      decidedBy: inReadyState !== undefined ? byCondition(inReadyState) : byStatusField('status.services'),
      lead: problem === undefined ? lead : `${lead}; ${problem}`,
    };
  }
  if (readyTrusted) return undefined;
  const ready = findCondition(conditions, 'Ready');
  if (ready !== undefined)
    return fromCondition('Installing', ready, 'Waiting for the cluster to report Ready');
  return {
    stage: 'Installing',
    decidedBy: byStatusField('status.conditions'),
    lead: 'Waiting for the cluster to report Ready',
  };
}

/** The forward stage the conditions put the cluster in; undefined when they say nothing yet. */
function k0rdentStage(
  conditions: readonly ProvisioningCondition[],
  services: ServicesView,
  readyTrusted: boolean,
): K0rdentStage | undefined {
  for (const type of PREFLIGHT) {
    const condition = findCondition(conditions, type);
    if (condition !== undefined && condition.status !== 'True')
      return fromCondition('Initializing', condition);
  }
  const summary = findCondition(conditions, 'CAPIClusterSummary');
  if (summary !== undefined) {
    if (summary.status === 'True') return servicesStage(conditions, services, readyTrusted);
    const item = stageFromCapiSummary(summary.message);
    return fromCondition(item?.stage ?? 'Provisioning', summary);
  }
  if (CAPI_TYPES.some((type) => findCondition(conditions, type) !== undefined)) {
    const stage = capiStage(conditions, readCapiFacts(conditions, undefined));
    return stage ?? servicesStage(conditions, services, readyTrusted);
  }
  if (readyTrusted) return servicesStage(conditions, services, readyTrusted);
  const ready = findCondition(conditions, 'Ready');
  // Older kcm put the CAPI summary into Ready's message instead of a condition of its own.
  const fromReady = stageFromCapiSummary(ready?.message);
  if (ready !== undefined && fromReady !== undefined && ready.status !== 'True') {
    return fromCondition(fromReady.stage, ready);
  }
  const release = findCondition(conditions, 'HelmReleaseReady');
  if (release !== undefined) {
    // Installed (pre-flight passed above): the CAPI objects exist, no summary yet.
    return fromCondition('Provisioning', release, 'Cluster objects created; waiting for the infrastructure');
  }
  if (PREFLIGHT.some((type) => findCondition(conditions, type) !== undefined)) {
    return {
      stage: 'Initializing',
      decidedBy: { source: 'condition', name: 'HelmReleaseReady' },
      lead: 'Waiting for the Helm release of the cluster template',
    };
  }
  if (ready === undefined) return undefined;
  // Only Ready (and conditions we do not know): its status is all there is.
  return ready.status === 'True'
    ? servicesStage(conditions, services, readyTrusted)
    : fromCondition('Initializing', ready);
}

/** Ready is only believed when it is about the current spec generation. */
function isStale(ready: ProvisioningCondition, object: ProvisioningObject): boolean {
  if (object.generation === undefined) return false;
  const observed = ready.observedGeneration ?? asNumber(object.status?.observedGeneration);
  return observed !== undefined && observed < object.generation;
}

/**
 * A Ready=False/`Failed` that the recomputed roll-up does not confirm: it is only an old kcm's
 * way of saying "CAPI is not done yet" when its message is a CAPI summary and it is recent.
 */
function readyFailureIsProgress(
  ready: ProvisioningCondition,
  warnings: number,
  nowMs: number,
  graceMs: number,
): boolean {
  if (warnings === 0 && stageFromCapiSummary(ready.message) === undefined) return false;
  const age = conditionAgeMs(ready, nowMs);
  return age === undefined || age <= graceMs;
}

/**
 * The phase of a ClusterDeployment from its conditions; undefined when it has none (the
 * caller then looks at events). Deletion is checked by the caller first.
 */
export function detectK0rdentPhase(
  object: ProvisioningObject,
  options: DetectPhaseOptions,
): PhaseReading | undefined {
  const { conditions } = object;
  if (conditions.length === 0) return undefined;
  const graceMs = options.capiGraceMs ?? CAPI_SUMMARY_GRACE_MS;
  const services = servicesView(conditions, object.status);
  const detail: ProgressDetail = {
    preflight: {
      done: PREFLIGHT.filter((t) => isTrue(findCondition(conditions, t))).length,
      total: PREFLIGHT.length,
    },
  };
  if (services.count !== undefined) detail.services = services.count;

  const rollup = rollUpReady(conditions, options.nowMs, { capiGraceMs: graceMs });
  const ready = findCondition(conditions, 'Ready');
  const readyTrusted =
    ready !== undefined && isTrue(ready) && !isStale(ready, object) && rollup.status !== 'False';
  const stage = k0rdentStage(conditions, services, readyTrusted);

  const firstError = rollup.errors[0];
  if (firstError !== undefined) {
    const failedOn = findCondition(conditions, firstError.type);
    const reading: PhaseReading = {
      phase: 'Failed',
      summary: flattenMessage(rollup.message) || PHASE_TEXT.Failed,
      decidedBy:
        failedOn !== undefined ? byCondition(failedOn) : { source: 'condition', name: firstError.type },
      detail,
    };
    if (stage !== undefined) reading.stage = stage.stage;
    return reading;
  }
  if (
    ready !== undefined &&
    ready.status === 'False' &&
    ready.reason === 'Failed' &&
    !readyFailureIsProgress(ready, rollup.warnings.length, options.nowMs, graceMs)
  ) {
    const reading: PhaseReading = {
      phase: 'Failed',
      summary: flattenMessage(ready.message) || PHASE_TEXT.Failed,
      decidedBy: byCondition(ready),
      detail,
    };
    if (stage !== undefined) reading.stage = stage.stage;
    return reading;
  }

  if (readyTrusted && stage === undefined && ready !== undefined) {
    return {
      phase: 'Ready',
      summary: flattenMessage(ready.message) || PHASE_TEXT.Ready,
      decidedBy: byCondition(ready),
      detail,
    };
  }
  if (stage === undefined) return undefined;
  const stale = ready !== undefined && isTrue(ready) && isStale(ready, object);
  return {
    phase: stage.stage,
    stage: stage.stage,
    // The deciding condition says what the cluster waits for; other messages would repeat it.
    summary: stale
      ? `Waiting for the controller to reconcile generation ${String(object.generation)}`
      : stage.lead,
    decidedBy: stage.decidedBy,
    detail,
  };
}
