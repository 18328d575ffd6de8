import type { ProvisioningStage, SignificantEvent } from '../../domain/provisioning';
import { detectDeleting } from './deleting';
import { detectCapiPhase } from './phaseCapi';
import { detectK0rdentPhase } from './phaseK0rdent';
import type { DetectPhaseOptions, PhaseReading } from './reading';
import type { ProvisioningObject } from './resource';
import { readServices, tallyServices } from './services';
import { laterStage } from './stages';
import { PHASE_TEXT } from './summary';

/**
 * Phase detection for a watched ClusterDeployment or CAPI Cluster, in order of trust:
 * 1. deletion (deletionTimestamp, Deleting condition, phase Deleting) — always wins;
 * 2. the object's own conditions and status (terminal states first: Failed, then Ready);
 * 3. significant events, which can only show how far a provisioning got (never Ready/Failed);
 * 4. Initializing for an object created moments ago, else Unknown.
 */

/** Default for DetectPhaseOptions.initializingGraceMs. */
export const INITIALIZING_GRACE_MS = 5 * 60_000;

/** The furthest stage the events are evidence of, from the event that shows it. */
function phaseFromEvents(events: readonly SignificantEvent[]): PhaseReading | undefined {
  let best: { stage: ProvisioningStage; event: SignificantEvent } | undefined;
  for (const event of events) {
    if (event.indicates === undefined) continue;
    // Later events win ties: they are the more recent evidence of the same step.
    if (best === undefined || laterStage(event.indicates, best.stage) === event.indicates) {
      best = { stage: event.indicates, event };
    }
  }
  if (best === undefined) return undefined;
  return {
    phase: best.stage,
    stage: best.stage,
    summary: best.event.message || PHASE_TEXT[best.stage],
    decidedBy: { source: 'event', name: best.event.reason },
    detail: {},
  };
}

/** The fallback when nothing says anything: just created → Initializing, otherwise Unknown. */
function fallbackReading(object: ProvisioningObject, options: DetectPhaseOptions): PhaseReading {
  const graceMs = options.initializingGraceMs ?? INITIALIZING_GRACE_MS;
  const created = object.createdAtMs;
  if (created !== undefined && options.nowMs - created <= graceMs) {
    return {
      phase: 'Initializing',
      stage: 'Initializing',
      summary: `Waiting for the controller to pick up the new ${object.kind === 'CAPICluster' ? 'Cluster' : 'ClusterDeployment'}`,
      decidedBy: { source: 'none', name: 'metadata.creationTimestamp' },
      detail: {},
    };
  }
  const tally = object.kind === 'ClusterDeployment' ? tallyServices(readServices(object.status)) : null;
  const base =
    object.status === undefined
      ? 'No status reported (is its controller running?)'
      : 'No conditions reported';
  return {
    phase: 'Unknown',
    summary: tally === null ? base : `${base}; ${tally.ready}/${tally.total} services deployed`,
    decidedBy: { source: 'none', name: object.status === undefined ? 'status' : 'status.conditions' },
    detail: {},
  };
}

/** Reads the phase of a watched object. Pure: the time and the events come in as options. */
export function detectPhase(object: ProvisioningObject, options: DetectPhaseOptions): PhaseReading {
  const deleting = detectDeleting(object);
  if (deleting !== undefined) return deleting;
  const fromStatus =
    object.kind === 'CAPICluster' ? detectCapiPhase(object) : detectK0rdentPhase(object, options);
  if (fromStatus !== undefined) return fromStatus;
  return phaseFromEvents(options.events ?? []) ?? fallbackReading(object, options);
}
