import type { ProvisioningPhase, ProvisioningStage } from '../../domain/provisioning';

/**
 * The forward order of provisioning stages. Several signals can each point at a stage (a CAPI
 * summary listing both infrastructure and worker issues, events of several kinds); comparing
 * them needs one order.
 */

/** The stages in the order a healthy provisioning walks through them. */
export const STAGE_ORDER: readonly ProvisioningStage[] = [
  'Initializing',
  'Provisioning',
  'Bootstrapping',
  'Scaling',
  'Installing',
];

/** Position of a stage in STAGE_ORDER (0 = Initializing). */
export function stageRank(stage: ProvisioningStage): number {
  return STAGE_ORDER.indexOf(stage);
}

/** The earlier of two stages: what still blocks is what the cluster is waiting for. */
export function earlierStage(a: ProvisioningStage, b: ProvisioningStage): ProvisioningStage {
  return stageRank(a) <= stageRank(b) ? a : b;
}

/** The later of two stages: evidence that a step was reached implies the steps before it. */
export function laterStage(a: ProvisioningStage, b: ProvisioningStage): ProvisioningStage {
  return stageRank(a) >= stageRank(b) ? a : b;
}

/** Whether a phase is one of the forward stages (not Unknown, Ready, Failed or Deleting). */
export function isStage(phase: ProvisioningPhase): phase is ProvisioningStage {
  return (STAGE_ORDER as readonly string[]).includes(phase);
}
