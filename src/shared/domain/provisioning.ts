import { z } from 'zod';

/**
 * Live provisioning progress of one k0rdent ClusterDeployment or Cluster API Cluster, as the
 * engine sends it to the UI. Everything here is plain JSON (times are ISO strings) so it
 * crosses the IPC/WebSocket contract unchanged.
 */

/** Which kind of object is being watched. */
export const ProvisioningKindSchema = z.enum(['ClusterDeployment', 'CAPICluster']);
/** Which kind of object is being watched. */
export type ProvisioningKind = z.infer<typeof ProvisioningKindSchema>;

/**
 * The logical phase of a provisioning, in the order a healthy one walks through them; Failed
 * and Deleting can follow any of them. `Unknown` means the object carries no usable status
 * (e.g. an old object whose controller never wrote one), which is not the same as Initializing.
 */
export const ProvisioningPhaseSchema = z.enum([
  'Unknown',
  'Initializing',
  'Provisioning',
  'Bootstrapping',
  'Scaling',
  'Installing',
  'Ready',
  'Failed',
  'Deleting',
]);
/** The logical phase of a provisioning. */
export type ProvisioningPhase = z.infer<typeof ProvisioningPhaseSchema>;

/** The forward stages a provisioning walks through before Ready (no terminal or unknown ones). */
export const ProvisioningStageSchema = ProvisioningPhaseSchema.extract([
  'Initializing',
  'Provisioning',
  'Bootstrapping',
  'Scaling',
  'Installing',
]);
/** A forward stage before Ready. */
export type ProvisioningStage = z.infer<typeof ProvisioningStageSchema>;

/** A Kubernetes condition status, normalised (`'False'`, `false`, `"false"` all read as False). */
export const ConditionStatusSchema = z.enum(['True', 'False', 'Unknown']);
/** A Kubernetes condition status. */
export type ConditionStatus = z.infer<typeof ConditionStatusSchema>;

/** One status condition as shown to the user (metav1.Condition or a CAPI v1beta1 Condition). */
export const ProvisioningConditionSchema = z.object({
  type: z.string().min(1),
  status: ConditionStatusSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  /** ISO time when known (read from `lastTransitionTime` or `lastStateTransitionTime`). */
  lastTransitionTime: z.string().optional(),
  /** CAPI v1beta1 only: Error | Warning | Info when the condition is False. */
  severity: z.string().optional(),
  observedGeneration: z.number().int().optional(),
});
/** One status condition as shown to the user. */
export type ProvisioningCondition = z.infer<typeof ProvisioningConditionSchema>;

/** `status.services[].state` of a ClusterDeployment; `Unknown` when absent or unrecognised. */
export const ServiceDeploymentStateSchema = z.enum([
  'Deployed',
  'Provisioning',
  'Failed',
  'Pending',
  'Deleting',
  'Deleted',
  'Unknown',
]);
/** `status.services[].state` of a ClusterDeployment. */
export type ServiceDeploymentState = z.infer<typeof ServiceDeploymentStateSchema>;

/**
 * How a service looks to the user: `degraded` is Deployed but with a failing health condition;
 * `progressing` is Provisioning/Pending (even with failing health checks, it is not done yet).
 */
export const ServiceHealthSchema = z.enum([
  'healthy',
  'progressing',
  'degraded',
  'failed',
  'deleting',
  'unknown',
]);
/** How a service looks to the user. */
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

/** One service (Helm release, Kustomization, ...) deployed by k0rdent onto the cluster. */
export const ProvisioningServiceSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  template: z.string().optional(),
  /** Helm | Kustomize | Resource (current shape); Helm for legacy Sveltos release conditions. */
  type: z.string().optional(),
  version: z.string().optional(),
  state: ServiceDeploymentStateSchema,
  health: ServiceHealthSchema,
  /** failureMessage, or the message of the first condition that is not True. */
  message: z.string().optional(),
  /** Another profile already manages this release (Sveltos `Conflict`). */
  conflict: z.boolean(),
  conditions: z.array(ProvisioningConditionSchema),
  lastTransitionTime: z.string().optional(),
  /** `current` = v1beta1 ServiceState; `legacy` = `{clusterName, clusterNamespace, conditions}`. */
  shape: z.enum(['current', 'legacy']),
});
/** One service deployed by k0rdent onto the cluster. */
export type ProvisioningService = z.infer<typeof ProvisioningServiceSchema>;

/** "n/m services ready", the way kcm counts them (Deleting/Deleted services are not counted). */
export const ServicesTallySchema = z.object({
  ready: z.number().int().min(0),
  total: z.number().int().min(0),
  failed: z.number().int().min(0),
  conflicts: z.number().int().min(0),
});
/** "n/m services ready". */
export type ServicesTally = z.infer<typeof ServicesTallySchema>;

/** The object an event is about (core/v1 involvedObject or events.k8s.io/v1 regarding). */
export const EventObjectSchema = z.object({
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
});
/** The object an event is about. */
export type EventObject = z.infer<typeof EventObjectSchema>;

/** A Kubernetes event that passed the significance filter. */
export const SignificantEventSchema = z.object({
  /** ISO time of the latest occurrence. */
  at: z.string(),
  type: z.enum(['Normal', 'Warning']),
  reason: z.string(),
  message: z.string(),
  object: EventObjectSchema,
  /** How many times Kubernetes has seen it (`count` / `deprecatedCount`), at least 1. */
  count: z.number().int().min(1),
  /** The phase this event is evidence of, when it is a provisioning milestone. */
  indicates: ProvisioningStageSchema.optional(),
});
/** A Kubernetes event that passed the significance filter. */
export type SignificantEvent = z.infer<typeof SignificantEventSchema>;

/**
 * What decided the phase: a condition (`name` = its type), a status field (`name` = its path,
 * e.g. `status.phase`), object metadata (`metadata.deletionTimestamp`), an event (`name` = its
 * reason), the watch (`deleted`), or nothing (`none`: the fallback).
 */
export const PhaseDeciderSchema = z.object({
  source: z.enum(['condition', 'status', 'metadata', 'event', 'watch', 'none']),
  name: z.string(),
  reason: z.string().optional(),
});
/** What decided the phase. */
export type PhaseDecider = z.infer<typeof PhaseDeciderSchema>;

/** The full picture the UI renders for one watched cluster. */
export const ProvisioningSnapshotSchema = z.object({
  kind: ProvisioningKindSchema,
  /** The kubeconfig context of the management cluster. */
  context: z.string(),
  namespace: z.string(),
  name: z.string(),
  apiVersion: z.string(),
  phase: ProvisioningPhaseSchema,
  /** 0-100; never goes backwards within one phase. */
  progress: z.number().int().min(0).max(100),
  /** One human sentence: what is happening or what went wrong. */
  summary: z.string(),
  decidedBy: PhaseDeciderSchema,
  conditions: z.array(ProvisioningConditionSchema),
  services: z.array(ProvisioningServiceSchema),
  /** Null when the object reports no services at all. */
  servicesTally: ServicesTallySchema.nullable(),
  /** Oldest first; capped by the engine. */
  events: z.array(SignificantEventSchema),
  /** ISO time provisioning started (object creation, or when watching began). */
  startedAt: z.string(),
  elapsedMs: z.number().int().min(0),
  /** ISO time this snapshot was taken. */
  observedAt: z.string(),
  /** The watch is close to its time limit and the cluster is still not done. */
  timeoutWarning: z.boolean(),
  /** The watch passed its time limit without reaching Ready or Failed. */
  timedOut: z.boolean(),
  /** Ready, Failed, or deleted: nothing more will happen without user action. */
  terminal: z.boolean(),
  /** The object is gone (the watch reported DELETED). */
  deleted: z.boolean(),
});
/** The full picture the UI renders for one watched cluster. */
export type ProvisioningSnapshot = z.infer<typeof ProvisioningSnapshotSchema>;
