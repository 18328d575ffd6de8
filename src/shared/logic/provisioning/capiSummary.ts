import type { ProvisioningStage } from '../../domain/provisioning';
import { earlierStage } from './stages';

/**
 * Cluster API condition names and what stage each one blocks. k0rdent's `CAPIClusterSummary`
 * (and, in older kcm, its `Ready`) message is a bullet list of the CAPI conditions that are
 * not yet fine, e.g.
 *
 *   * InfrastructureReady: group creating or updating
 *   * WorkersAvailable:
 *     * MachineDeployment x-md: 0 available replicas, at least 1 required
 *
 * The earliest stage named in that list is the one the cluster is waiting on.
 */

const CAPI_CONDITION_STAGE: Readonly<Record<string, ProvisioningStage>> = {
  InfrastructureReady: 'Provisioning',
  ControlPlaneInitialized: 'Bootstrapping',
  ControlPlaneReady: 'Bootstrapping',
  ControlPlaneAvailable: 'Bootstrapping',
  ControlPlaneMachinesReady: 'Bootstrapping',
  // No remote connection means the API server is not reachable yet: still bootstrapping.
  RemoteConnectionProbe: 'Bootstrapping',
  WorkersAvailable: 'Scaling',
  WorkerMachinesReady: 'Scaling',
  ScalingUp: 'Scaling',
};

/** The stage a not-yet-fine CAPI condition of this type holds the cluster in, if it is one we know. */
export function stageOfCapiCondition(type: string): ProvisioningStage | undefined {
  return Object.hasOwn(CAPI_CONDITION_STAGE, type) ? CAPI_CONDITION_STAGE[type] : undefined;
}

/** One known CAPI condition named in a summary message, with the text after its colon. */
export interface CapiSummaryItem {
  type: string;
  text: string;
  stage: ProvisioningStage;
}

// "* Name: text", "- Name: text" or a bare "Name: text" line (older kcm wrote no bullets).
const ITEM_LINE = /^\s*(?:[*-]\s+)?([A-Za-z][A-Za-z0-9]*):(.*)$/;

/** The known CAPI conditions named in a summary message, in the order they appear. */
export function parseCapiSummary(message: string | undefined): CapiSummaryItem[] {
  if (message === undefined) return [];
  const items: CapiSummaryItem[] = [];
  for (const line of message.split(/\r?\n/)) {
    const match = ITEM_LINE.exec(line);
    const type = match?.[1];
    if (type === undefined) continue;
    const stage = stageOfCapiCondition(type);
    if (stage === undefined) continue;
    items.push({ type, text: (match?.[2] ?? '').trim(), stage });
  }
  return items;
}

/** The earliest stage a summary message names, with the item that names it; undefined if none. */
export function stageFromCapiSummary(message: string | undefined): CapiSummaryItem | undefined {
  let best: CapiSummaryItem | undefined;
  for (const item of parseCapiSummary(message)) {
    if (best === undefined || earlierStage(item.stage, best.stage) !== best.stage) best = item;
  }
  return best;
}
