import type { ProvisioningPhase, ProvisioningStage } from '../../domain/provisioning';
import type { PhaseReading, ProgressDetail } from './reading';
import { isStage, STAGE_ORDER } from './stages';

/**
 * A progress percentage per phase. Every stage owns a band that starts at its base
 * (5/25/50/75/90, Ready 100) and ends just below the next stage's base; counts read from the
 * status (pre-flight checks passed, replicas ready, services ready) move the estimate inside
 * the band. It is an estimate of "how far along", not of time.
 */

/** Where each phase's band starts. Failed keeps the stage it failed in; Deleting counts its own steps. */
export const PHASE_BASE_PROGRESS: Readonly<Record<ProvisioningPhase, number>> = {
  Unknown: 0,
  Initializing: 5,
  Provisioning: 25,
  Bootstrapping: 50,
  Scaling: 75,
  Installing: 90,
  Ready: 100,
  Failed: 0,
  Deleting: 5,
};

/**
 * How far a deletion has got by the reason of its Deleting condition (kcm's wait reasons and
 * CAPI v1beta2's). The order is kcm's teardown order as far as it is visible from outside;
 * an unknown reason keeps the deletion at its base.
 */
const DELETION_STEP_PROGRESS: Readonly<Record<string, number>> = {
  WaitingForServiceSetsDeletion: 15,
  WaitingForHelmReleaseDeletion: 30,
  WaitingForWorkersDeletion: 35,
  WaitingForClusterDeletion: 45,
  WaitingForControlPlaneDeletion: 55,
  WaitingForCloudResourcesDeletion: 70,
  WaitingForInfrastructureDeletion: 80,
  WaitingForClusterDataSourceDeletion: 90,
  DeletionCompleted: 100,
};

/** The highest value a stage's band allows (one below the next stage's base, 99 for the last). */
function bandTop(stage: ProvisioningStage): number {
  const next = STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1];
  return (next === undefined ? PHASE_BASE_PROGRESS.Ready : PHASE_BASE_PROGRESS[next]) - 1;
}

/** base + fraction of the band, never past the band's top. */
function within(stage: ProvisioningStage, fraction: number): number {
  const base = PHASE_BASE_PROGRESS[stage];
  const clamped = Math.min(1, Math.max(0, fraction));
  return Math.min(bandTop(stage), base + Math.floor((bandTop(stage) - base) * clamped));
}

/** The estimate for a forward stage refined by the counts the status gave. */
export function estimateStageProgress(stage: ProvisioningStage, detail: ProgressDetail): number {
  switch (stage) {
    case 'Initializing':
      return detail.preflight && detail.preflight.total > 0
        ? within(stage, detail.preflight.done / detail.preflight.total)
        : within(stage, 0);
    case 'Provisioning':
      return within(stage, 0);
    case 'Bootstrapping': {
      const replicas = detail.controlPlaneReplicas;
      const byReplicas = replicas ? within(stage, replicas.ready / replicas.desired) : within(stage, 0);
      // Initialised = the first control-plane node answers: about half of bootstrapping.
      return Math.max(byReplicas, detail.controlPlaneInitialized ? within(stage, 0.5) : within(stage, 0));
    }
    case 'Scaling': {
      const workers = detail.workerReplicas;
      return workers ? within(stage, workers.ready / workers.desired) : within(stage, 0);
    }
    case 'Installing': {
      const services = detail.services;
      return services && services.total > 0
        ? within(stage, services.ready / services.total)
        : within(stage, 0);
    }
  }
}

/** The progress a reading stands for on its own (no history). */
export function estimateProgress(reading: PhaseReading): number {
  switch (reading.phase) {
    case 'Unknown':
      return 0;
    case 'Ready':
      return 100;
    case 'Deleting': {
      const step = reading.detail.deletionStep;
      const known =
        step !== undefined && Object.hasOwn(DELETION_STEP_PROGRESS, step)
          ? DELETION_STEP_PROGRESS[step]
          : undefined;
      return known ?? PHASE_BASE_PROGRESS.Deleting;
    }
    case 'Failed':
      return reading.stage === undefined
        ? PHASE_BASE_PROGRESS.Failed
        : estimateStageProgress(reading.stage, reading.detail);
    default:
      return estimateStageProgress(reading.phase, reading.detail);
  }
}

/** The progress last shown, carried from one reading to the next. */
export interface ProgressState {
  phase: ProvisioningPhase;
  percent: number;
}

/**
 * The progress to show after `reading`, given what was shown before. Within one phase it
 * never goes backwards (a condition flapping must not make the bar jump back); a new phase
 * starts from its own estimate — except Failed, which stays where the provisioning stopped.
 */
export function nextProgress(previous: ProgressState | undefined, reading: PhaseReading): ProgressState {
  const estimate = estimateProgress(reading);
  if (previous === undefined) return { phase: reading.phase, percent: estimate };
  if (previous.phase === reading.phase)
    return { phase: reading.phase, percent: Math.max(previous.percent, estimate) };
  if (reading.phase === 'Failed' && isStage(previous.phase)) {
    return { phase: 'Failed', percent: Math.max(previous.percent, estimate) };
  }
  return { phase: reading.phase, percent: estimate };
}
