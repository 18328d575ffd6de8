import { z } from 'zod';
import {
  ClusterSummarySchema,
  EventSummarySchema,
  HistorySampleSchema,
  PodSummarySchema,
} from '../../domain/health';
import { command, type ChannelName, type CommandDef } from '../define';
import { ContextName, NamespaceName, NoArgs, ObjectName } from './common';
import { ListStatusSchema } from './lists';

export * from './lists';

/** What the popover's cluster list shows, plus why a wanted context has no monitor. */
export const ClusterListSchema = z.object({
  clusters: z.array(ClusterSummarySchema),
  monitored: z.array(z.string()),
  problems: z.array(z.object({ context: z.string(), message: z.string() })),
});
export type ClusterList = z.infer<typeof ClusterListSchema>;

export const PodQuerySchema = z
  .object({
    context: ContextName,
    namespace: NamespaceName.optional(),
    /** Free text matched against name, namespace, node and reason. */
    text: z.string().max(200).optional(),
    problemsOnly: z.boolean().optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

/** Cluster health commands (issue 5). */
export const clusterCommands = {
  'clusters:list': command(NoArgs, ClusterListSchema),
  'clusters:monitor': command(
    z.object({ context: ContextName, enabled: z.boolean() }).strict(),
    ClusterListSchema,
  ),
  'clusters:recheck': command(
    z.object({ context: ContextName.optional() }).strict(),
    z.object({ clusters: z.array(ClusterSummarySchema) }),
  ),
  'clusters:pods': command(
    PodQuerySchema,
    z.object({ total: z.number().int(), items: z.array(PodSummarySchema), status: ListStatusSchema }),
  ),
  'clusters:events': command(
    z
      .object({
        context: ContextName,
        sinceMs: z.number().int().min(0).optional(),
        warningsOnly: z.boolean().optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.object({ items: z.array(EventSummarySchema), status: ListStatusSchema }),
  ),
  'clusters:pod': command(
    z
      .object({
        context: ContextName,
        namespace: NamespaceName,
        name: ObjectName,
      })
      .strict(),
    z.object({ pod: PodSummarySchema.nullable(), events: z.array(EventSummarySchema) }),
  ),
  'clusters:history': command(
    z.object({ context: ContextName }).strict(),
    z.object({ samples: z.array(HistorySampleSchema) }),
  ),
  /**
   * A one-off look at a context the user does not monitor (the CLI's read commands): the
   * engine watches it for `holdMs` so the lists that follow can be answered, then lets it go.
   * Saves nothing: monitoredContexts is not touched, and the UI's list does not show it.
   */
  'clusters:peek': command(
    z
      .object({ context: ContextName, holdMs: z.number().int().min(1000).max(300_000).default(30_000) })
      .strict(),
    z.object({ summary: ClusterSummarySchema }),
  ),
} as const satisfies Record<ChannelName, CommandDef>;

/** Cluster health events. */
export const clusterEvents = {
  /** One cluster's summary changed (coalesced: at most 4 per second per cluster). */
  'clusters:changed': ClusterSummarySchema,
} as const satisfies Record<ChannelName, z.ZodType>;
