import { z } from 'zod';
import { ProvisioningKindSchema, ProvisioningSnapshotSchema } from '../../domain/provisioning';
import { command, type ChannelName, type CommandDef } from '../define';
import { ContextName } from './common';

/**
 * Live provisioning progress: which contexts serve k0rdent ClusterDeployments or
 * Cluster API Clusters, the latest snapshot of each, and subscriptions that push updates of
 * one cluster until it is Ready, Failed, deleted or the watch times out.
 */

/** How the context's provisioning watches are doing. */
export const ProvisioningConnectionSchema = z.object({
  /** starting: first list pending; ok: watching; reconnecting: lost, retrying; lost: gave up. */
  state: z.enum(['starting', 'ok', 'reconnecting', 'lost']),
  /** What went wrong, while reconnecting or lost. */
  message: z.string().optional(),
  /** Reconnect attempts since the watch was lost. */
  attempts: z.number().int().min(0),
});
/** How the context's provisioning watches are doing. */
export type ProvisioningConnection = z.infer<typeof ProvisioningConnectionSchema>;

/** One context's provisioning section (or why it has none). */
export const ProvisioningContextSchema = z.object({
  context: z.string(),
  /** False: no provisioning section for this context; `reason` says why. */
  available: z.boolean(),
  reason: z.string().optional(),
  /** The apiVersions served, e.g. `k0rdent.mirantis.com/v1beta1`. */
  apis: z.object({ clusterDeployments: z.string().optional(), clusters: z.string().optional() }),
  connection: ProvisioningConnectionSchema,
  /** Latest snapshot of every tracked object, plus the final one of objects deleted lately. */
  items: z.array(ProvisioningSnapshotSchema),
});
/** One context's provisioning section. */
export type ProvisioningContext = z.infer<typeof ProvisioningContextSchema>;

/** Why a subscription ended. */
export const ProvisioningEndReasonSchema = z.enum([
  'ready',
  'failed',
  'deleted',
  'timeout',
  'watch-failed',
  'unsubscribed',
  'unavailable',
]);
/** Why a subscription ended. */
export type ProvisioningEndReason = z.infer<typeof ProvisioningEndReasonSchema>;

/** One update of a subscription (also the shape of the subscribe answer). */
export const ProvisioningUpdateSchema = z.object({
  subscriptionId: z.string(),
  snapshot: ProvisioningSnapshotSchema,
  /** False once the subscription ended; this is then its final update. */
  active: z.boolean(),
  endReason: ProvisioningEndReasonSchema.optional(),
  /** Something the user should see next to the progress (watch lost, reconnecting, timeout soon). */
  warning: z.string().optional(),
});
/** One update of a subscription. */
export type ProvisioningUpdate = z.infer<typeof ProvisioningUpdateSchema>;

/** Which object to follow. */
export const ProvisioningTargetSchema = z
  .object({
    context: ContextName,
    kind: ProvisioningKindSchema,
    namespace: z.string().min(1).max(63),
    name: z.string().min(1).max(253),
    /** The window or browser tab subscribing (limits are per client); default: the transport. */
    client: z.string().min(1).max(128).optional(),
  })
  .strict();

/** Provisioning commands. */
export const provisioningCommands = {
  'provisioning:list': command(
    z.object({ context: ContextName.optional() }).strict(),
    z.object({ contexts: z.array(ProvisioningContextSchema) }),
  ),
  'provisioning:subscribe': command(ProvisioningTargetSchema, ProvisioningUpdateSchema),
  'provisioning:unsubscribe': command(
    z.object({ subscriptionId: z.string().min(1).max(64) }).strict(),
    z.object({ removed: z.boolean() }),
  ),
} as const satisfies Record<ChannelName, CommandDef>;

/** Provisioning events. */
export const provisioningEvents = {
  /** A subscription's update: rate-limited to 1 per 10 s, except phase transitions and its end. */
  'provisioning:changed': ProvisioningUpdateSchema,
} as const satisfies Record<ChannelName, z.ZodType>;
