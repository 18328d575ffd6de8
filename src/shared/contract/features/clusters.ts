import { z } from 'zod';
import {
  ClusterSummarySchema,
  EventSummarySchema,
  HistorySampleSchema,
  PodSummarySchema,
} from '../../domain/health';
import { isDns1123Label } from '../../domain/forward';
import { command, type ChannelName, type CommandDef } from '../define';
import { DEFAULT_LOG_TAIL_LINES, MAX_LOG_TAIL_LINES } from '../../logic/podLogs';
import { ContextName, NamespaceName, NoArgs, ObjectName } from './common';
import { ListStatusSchema } from '../../domain/listStatus';

export * from '../../domain/listStatus';

/** A container name: a DNS-1123 label. */
const ContainerName = z
  .string()
  .min(1)
  .refine(isDns1123Label, {
    error: (i) =>
      `Container ${JSON.stringify(String(i.input))} is not a valid container name (a DNS-1123 label)`,
  });

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

/** The last lines of one container's output: read once when asked, never polled. */
export const PodLogsRequestSchema = z
  .object({
    context: ContextName,
    namespace: NamespaceName,
    name: ObjectName,
    /** A container name (DNS-1123 label); default: the failing one (see pickLogTarget). */
    container: ContainerName.optional(),
    /** The previous run; default: yes for a container waiting after a crash. */
    previous: z.boolean().optional(),
    tailLines: z.number().int().min(1).max(MAX_LOG_TAIL_LINES).default(DEFAULT_LOG_TAIL_LINES),
  })
  .strict();

/** Why a log read has no lines: refused, no such run, or the API server could not be asked. */
export const PodLogsUnavailableSchema = z.object({
  kind: z.enum([
    'forbidden',
    'unauthorized',
    'unreachable',
    'no-previous-run',
    'not-started',
    'no-container',
    'failed',
  ]),
  /** In words a user acts on: "You may not read logs in payments (no "get" on pods/log there)." */
  message: z.string(),
});

/** What a log read gives: the lines, or in plain words why there are none. */
export const PodLogsSchema = z.object({
  /** The container read (null: the pod's only container, when the pod could not be read). */
  container: z.string().nullable(),
  previous: z.boolean(),
  /** The last lines, newest last, as the container wrote them (not yet made safe to show). */
  text: z.string(),
  lines: z.number().int().nonnegative(),
  /** More output exists than was passed on, or a line was cut. */
  truncated: z.boolean(),
  unavailable: PodLogsUnavailableSchema.nullable(),
  /** The same read for a terminal: `kubectl logs -p NAME -n NS --context CTX --tail=50`. */
  command: z.string(),
});
export type PodLogs = z.infer<typeof PodLogsSchema>;

/** Cluster health commands. */
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
  'clusters:podLogs': command(PodLogsRequestSchema, PodLogsSchema),
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
  /**
   * A client switched monitoring of a context on or off: the list as `clusters:list` answers,
   * so every other client (a second window, the CLI's engine) drops or adds the row too
   * instead of keeping a switched-off cluster's last summary as if it were current.
   */
  'clusters:monitored': ClusterListSchema,
} as const satisfies Record<ChannelName, z.ZodType>;
