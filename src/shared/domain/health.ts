import { z } from 'zod';

// Cluster health as the UI sees it. Every timestamp is milliseconds since the epoch (a number
// crosses IPC and JSON unchanged, a Date does not); ages are computed by the UI from `now`.

const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** Overall verdict for one cluster context, worst last: Healthy < Degraded < Unhealthy; Unknown = no verdict yet. */
export const HealthStateSchema = z.enum(['Healthy', 'Degraded', 'Unhealthy', 'Unknown']);
export type HealthState = z.infer<typeof HealthStateSchema>;

/** How bad a reason is: critical makes a cluster Unhealthy, warning Degraded, info changes nothing. */
export const SeveritySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Rank for sorting, most severe first (lower sorts earlier). */
export const severityRank: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/** Rank of a state for "which is worse" (higher is worse; Unknown sits between Healthy and Degraded). */
export const healthStateRank: Readonly<Record<HealthState, number>> = {
  Healthy: 0,
  Unknown: 1,
  Degraded: 2,
  Unhealthy: 3,
};

/** Every reason code the evaluator can produce; the UI may pick an icon or a link per code. */
export const HealthReasonCodeSchema = z.enum([
  'monitoring-disabled',
  'not-checked',
  'check-retrying',
  'api-unreachable',
  'proxy-unreachable',
  'api-timeout',
  'api-server-error',
  'api-failing',
  'api-throttled',
  'credentials-rejected',
  'credential-plugin-failed',
  'nodes-not-ready',
  'node-pressure',
  'no-nodes',
  'pods-crash-looping',
  'pods-oom-killed',
  'pods-image-pull',
  'pods-config-error',
  'pods-error',
  'pods-failed',
  'pods-evicted',
  'pods-unschedulable',
  'pods-pending',
  'pods-unknown',
  'pods-more',
  'permission-denied',
  'limited-access',
  'namespace-scoped',
  'warning-events',
]);
export type HealthReasonCode = z.infer<typeof HealthReasonCodeSchema>;

/** One human-readable reason behind a state, e.g. "2 of 5 nodes NotReady". */
export const HealthReasonSchema = z.object({
  code: HealthReasonCodeSchema,
  severity: SeveritySchema,
  message: z.string().min(1),
  /** More detail for a tooltip (the underlying error, the scheduler's message, node names). */
  detail: z.string().optional(),
  /** When the condition started, if known. */
  since: epochMs.optional(),
});
export type HealthReason = z.infer<typeof HealthReasonSchema>;

/**
 * Can we talk to the API server, and as whom? Separate from the state because the fix differs:
 * unreachable → network/VPN/cluster stopped; proxy-unreachable → the HTTP/SOCKS proxy in the
 * way is down (the cluster may be fine); credentials-rejected → log in again;
 * forbidden-partially → works, but RBAC hides some checks.
 */
export const ConnectivityStateSchema = z.enum([
  'ok',
  'unreachable',
  'proxy-unreachable',
  'credentials-rejected',
  'forbidden-partially',
  'unknown',
]);
export type ConnectivityState = z.infer<typeof ConnectivityStateSchema>;

/** The checks a user can switch on or off (LocalPort's `commands`). */
export const CheckNameSchema = z.enum(['clusterInfo', 'podStatus', 'nodeStatus', 'eventsOnFailure']);
export type CheckName = z.infer<typeof CheckNameSchema>;

/** A check that is not running, and why (switched off in settings, or RBAC forbids it). */
export const DisabledCheckSchema = z.object({
  check: CheckNameSchema,
  reason: z.enum(['settings', 'forbidden', 'monitoring-off']),
  message: z.string().min(1),
});
export type DisabledCheck = z.infer<typeof DisabledCheckSchema>;

/** Node counts; `notReady` includes nodes whose Ready condition is Unknown; `pressure` counts nodes with any pressure. */
export const NodeCountsSchema = z.object({
  total: count,
  ready: count,
  notReady: count,
  pressure: count,
});
export type NodeCounts = z.infer<typeof NodeCountsSchema>;

/** Pod counts over pods that are not Succeeded (completed Jobs are not interesting). */
export const PodCountsSchema = z.object({
  total: count,
  running: count,
  ready: count,
  pending: count,
  failed: count,
  crashLooping: count,
  restarts: count,
});
export type PodCounts = z.infer<typeof PodCountsSchema>;

/** What the tray popover shows for one cluster context. */
export const ClusterSummarySchema = z.object({
  context: z.string().min(1),
  state: HealthStateSchema,
  /** Most severe first. */
  reasons: z.array(HealthReasonSchema),
  connectivity: ConnectivityStateSchema,
  lastCheckAt: epochMs.nullable(),
  lastSuccessAt: epochMs.nullable(),
  /** Round trip of the last successful probe. */
  latencyMs: z.number().nonnegative().nullable(),
  /** null: not collected (check off, forbidden, or not yet run). */
  nodes: NodeCountsSchema.nullable(),
  pods: PodCountsSchema.nullable(),
  warningsLast5m: count,
  disabledChecks: z.array(DisabledCheckSchema),
  nextCheckAt: epochMs.nullable(),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

/** A container's state as the kubelet reports it. */
export const ContainerStateKindSchema = z.enum(['waiting', 'running', 'terminated', 'unknown']);
export type ContainerStateKind = z.infer<typeof ContainerStateKindSchema>;

/** The previous run of a container (why it restarted). */
export const ContainerLastStateSchema = z.object({
  state: ContainerStateKindSchema,
  reason: z.string().nullable(),
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  finishedAt: epochMs.nullable(),
});
export type ContainerLastState = z.infer<typeof ContainerLastStateSchema>;

/** One container (or init container) of a pod. */
export const ContainerSummarySchema = z.object({
  name: z.string(),
  init: z.boolean(),
  ready: z.boolean(),
  restartCount: count,
  state: ContainerStateKindSchema,
  reason: z.string().nullable(),
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  lastState: ContainerLastStateSchema.nullable(),
});
export type ContainerSummary = z.infer<typeof ContainerSummarySchema>;

/** Pod phase as Kubernetes reports it. */
export const PodPhaseSchema = z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
export type PodPhase = z.infer<typeof PodPhaseSchema>;

/** One pod for the "cluster pods" view. */
export const PodSummarySchema = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: PodPhaseSchema,
  /** kubectl's READY: "ready/total" containers, sidecars (restartable init containers) included. */
  ready: z.string().regex(/^\d+\/\d+$/),
  /**
   * The STATUS word: kubectl's (`Init:0/2`, `ContainerCreating`, `Error`, `Completed`…) except
   * where Tether names the cause (`OOMKilled`, `Evicted`; see kubectlPod.ts and the README).
   */
  status: z.string(),
  /** kubectl's RESTARTS number. */
  restarts: count,
  /** When the previous run of the last restarted container ended: RESTARTS' "(4m ago)". */
  lastRestartAt: epochMs.nullable(),
  /** `-o wide` columns: pod IP, nominated node, readiness gates "true/total". */
  ip: z.string().nullable(),
  nominatedNode: z.string().nullable(),
  readinessGates: z.string().nullable(),
  createdAt: epochMs.nullable(),
  startedAt: epochMs.nullable(),
  node: z.string().nullable(),
  /** The problem, if any: CrashLoopBackOff, ImagePullBackOff, OOMKilled, Unschedulable, Pending, Evicted… */
  reason: z.string().nullable(),
  /** Detail for the problem (scheduler or kubelet message). */
  message: z.string().nullable(),
  containers: z.array(ContainerSummarySchema),
});
export type PodSummary = z.infer<typeof PodSummarySchema>;

/** Node pressure conditions that count when their status is True. */
export const NodePressureSchema = z.enum([
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
]);
export type NodePressure = z.infer<typeof NodePressureSchema>;

/** One node for the "cluster status" view. */
export const NodeSummarySchema = z.object({
  name: z.string(),
  /** The Ready condition's status; Unknown when the kubelet stopped reporting. */
  ready: z.enum(['True', 'False', 'Unknown']),
  pressures: z.array(NodePressureSchema),
  unschedulable: z.boolean(),
  roles: z.array(z.string()),
  kubeletVersion: z.string().nullable(),
});
export type NodeSummary = z.infer<typeof NodeSummarySchema>;

/** One Kubernetes event, from core/v1 or events.k8s.io/v1 alike. */
export const EventSummarySchema = z.object({
  /** Stable key (uid, else namespace/name) for lists. */
  id: z.string(),
  type: z.enum(['Normal', 'Warning']),
  reason: z.string(),
  message: z.string(),
  object: z.object({
    kind: z.string(),
    namespace: z.string().nullable(),
    name: z.string(),
  }),
  count: z.number().int().positive(),
  firstSeen: epochMs.nullable(),
  lastSeen: epochMs.nullable(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;

/** One point of the 24 h history chart; null: that check did not answer (an outage, not a zero). */
export const HistorySampleSchema = z.object({
  t: epochMs,
  latencyMs: z.number().nonnegative().nullable(),
  podsReady: count.nullable(),
  podsTotal: count.nullable(),
  restarts: count.nullable(),
  warningsPerMin: z.number().nonnegative().nullable(),
});
export type HistorySample = z.infer<typeof HistorySampleSchema>;
