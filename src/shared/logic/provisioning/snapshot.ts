import type {
  ProvisioningSnapshot,
  ServicesTally,
  SignificantEvent,
  ProvisioningCondition,
} from '../../domain/provisioning';
import { findCondition } from './conditions';
import { detectPhase } from './phase';
import type { ProgressState } from './progress';
import { nextProgress } from './progress';
import type { PhaseReading } from './reading';
import { readProvisioningObject } from './resource';
import { parseReadyCount, readServices, tallyServices } from './services';

/**
 * Assembling the ProvisioningSnapshot the engine sends to the UI from the watched object,
 * the significant events so far, the clock and the progress shown last time.
 */

/** How long a watch runs before it gives up on a cluster that never finishes. */
export const DEFAULT_WATCH_TIMEOUT_MS = 60 * 60_000;
/** How long before that limit the snapshot raises its timeout warning. */
export const DEFAULT_TIMEOUT_WARNING_MS = 5 * 60_000;
/** How many of the most recent significant events a snapshot carries. */
export const DEFAULT_MAX_SNAPSHOT_EVENTS = 50;

/** Everything buildProvisioningSnapshot needs. */
export interface SnapshotInput {
  /** The kubeconfig context of the management cluster. */
  context: string;
  /** The ClusterDeployment or CAPI Cluster as received (for a deletion: its last known state). */
  object: unknown;
  nowMs: number;
  /** Significant events so far, oldest first (from the event filter). */
  events?: readonly SignificantEvent[];
  /** The progress of the previous snapshot, so progress never goes backwards within a phase. */
  previous?: ProgressState;
  /** When provisioning started; default the object's creationTimestamp, else now. */
  startedAtMs?: number;
  /** When watching started, for the timeout; default startedAtMs. */
  watchStartedAtMs?: number;
  /** The watch reported the object DELETED. */
  deleted?: boolean;
  timeoutMs?: number;
  timeoutWarningMs?: number;
  capiGraceMs?: number;
  initializingGraceMs?: number;
  maxEvents?: number;
}

/** A snapshot with the state to carry into the next one, or why the object cannot be shown. */
export type SnapshotResult =
  | { ok: true; snapshot: ProvisioningSnapshot; progress: ProgressState; reading: PhaseReading }
  | { ok: false; error: string };

function servicesTallyOf(
  services: ReturnType<typeof readServices>,
  conditions: readonly ProvisioningCondition[],
): ServicesTally | null {
  const counted = tallyServices(services);
  if (counted !== null) return counted;
  // kcm reports "0/0" in ServicesInReadyState even when status.services is absent.
  const fromCondition = parseReadyCount(findCondition(conditions, 'ServicesInReadyState')?.message);
  return fromCondition === undefined ? null : { ...fromCondition, failed: 0, conflicts: 0 };
}

/** Builds the snapshot for the UI. Pure: every input, the clock included, is a parameter. */
export function buildProvisioningSnapshot(input: SnapshotInput): SnapshotResult {
  const read = readProvisioningObject(input.object);
  if (!read.ok) return read;
  const { object } = read;
  const events = input.events ?? [];

  let reading: PhaseReading = detectPhase(object, {
    nowMs: input.nowMs,
    events,
    ...(input.capiGraceMs === undefined ? {} : { capiGraceMs: input.capiGraceMs }),
    ...(input.initializingGraceMs === undefined ? {} : { initializingGraceMs: input.initializingGraceMs }),
  });
  if (input.deleted === true) {
    reading = {
      phase: 'Deleting',
      summary: `${object.kind === 'CAPICluster' ? 'Cluster' : 'ClusterDeployment'} deleted`,
      decidedBy: { source: 'watch', name: 'DELETED' },
      detail: { deletionStep: 'DeletionCompleted' },
    };
  }
  const progress = nextProgress(input.previous, reading);

  const startedAtMs = input.startedAtMs ?? object.createdAtMs ?? input.nowMs;
  const elapsedMs = Math.max(0, Math.round(input.nowMs - startedAtMs));
  const watchedMs = Math.max(0, input.nowMs - (input.watchStartedAtMs ?? startedAtMs));
  const timeoutMs = input.timeoutMs ?? DEFAULT_WATCH_TIMEOUT_MS;
  const warningMs = input.timeoutWarningMs ?? DEFAULT_TIMEOUT_WARNING_MS;
  const terminal = reading.phase === 'Ready' || reading.phase === 'Failed' || input.deleted === true;
  const services = object.kind === 'ClusterDeployment' ? readServices(object.status) : [];
  const maxEvents = input.maxEvents ?? DEFAULT_MAX_SNAPSHOT_EVENTS;

  const snapshot: ProvisioningSnapshot = {
    kind: object.kind,
    context: input.context,
    namespace: object.namespace,
    name: object.name,
    apiVersion: object.apiVersion,
    phase: reading.phase,
    progress: Math.round(progress.percent),
    summary: reading.summary,
    decidedBy: reading.decidedBy,
    conditions: object.conditions,
    services,
    servicesTally: servicesTallyOf(services, object.conditions),
    events: events.slice(Math.max(0, events.length - maxEvents)),
    startedAt: new Date(startedAtMs).toISOString(),
    elapsedMs,
    observedAt: new Date(input.nowMs).toISOString(),
    timeoutWarning: !terminal && watchedMs >= timeoutMs - warningMs && watchedMs < timeoutMs,
    timedOut: !terminal && watchedMs >= timeoutMs,
    terminal,
    deleted: input.deleted === true,
  };
  return { ok: true, snapshot, progress, reading };
}
