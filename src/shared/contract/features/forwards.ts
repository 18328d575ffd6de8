import { z } from 'zod';
import {
  ContextNameSchema,
  ForwardDraftRecordSchema,
  ForwardIdSchema,
  ForwardSpecSchema,
} from '../../domain/forward';
import { MAX_CONTEXT_MAPPINGS } from '../../logic/import/contextMap';
import { ImportFormatSchema, ImportResultSchema } from '../../logic/import/result';
import { command, type ChannelName, type CommandDef } from '../define';
import { NamespaceName, NoArgs } from './common';
import { ListStatusSchema } from './lists';
import { IMPORT_TOO_LARGE, MAX_IMPORT_TEXT_CHARS } from '../limits';

/** Where a forward is in its life. */
export const ForwardStateSchema = z.enum(['Stopped', 'Starting', 'Active', 'Reconnecting', 'Failed']);
export type ForwardState = z.infer<typeof ForwardStateSchema>;

/**
 * Why a forward does not carry traffic (or its probe fails), told apart so the user knows
 * what to fix: the tunnel (kubectl), the app behind it, the workload, the cluster, the user's
 * permissions (403, a wait), or the forward itself (its Service or port does not exist: Edit).
 */
export const ForwardProblemSchema = z.enum([
  'tunnel-dead',
  'app-not-answering',
  'no-ready-pod',
  'cluster-down',
  'forbidden',
  'target-missing',
]);
export type ForwardProblem = z.infer<typeof ForwardProblemSchema>;

/** Traffic through the stable local port since the forward started. */
export const ForwardTrafficSchema = z.object({
  /** Bytes from local clients towards the pod. */
  bytesIn: z.number().int().min(0),
  /** Bytes from the pod back to local clients. */
  bytesOut: z.number().int().min(0),
  openConnections: z.number().int().min(0),
  totalConnections: z.number().int().min(0),
  /** Connections waiting for the tunnel to come back (held, not refused). */
  heldConnections: z.number().int().min(0),
});
export type ForwardTraffic = z.infer<typeof ForwardTrafficSchema>;

/** One point of a forward's traffic chart. */
export const ForwardSampleSchema = z.object({
  at: z.number(),
  bytesIn: z.number().int().min(0),
  bytesOut: z.number().int().min(0),
  openConnections: z.number().int().min(0),
});
export type ForwardSample = z.infer<typeof ForwardSampleSchema>;

/** A forward as the UI and the CLI see it: its spec and what the engine knows of it now. */
/**
 * What carries a forward's bytes: the engine's own SPDY session inside a WebSocket
 * (`spdy-websocket`), over a raw SPDY upgrade (`spdy`), one legacy WebSocket per connection
 * (`websocket`), or a `kubectl port-forward` child (`kubectl`).
 */
export const ForwardProtocolSchema = z.enum(['spdy-websocket', 'spdy', 'websocket', 'kubectl']);
export type ForwardProtocol = z.infer<typeof ForwardProtocolSchema>;

export const ForwardStatusSchema = z.object({
  spec: ForwardSpecSchema,
  state: ForwardStateSchema,
  /** Why it is Reconnecting or Failed (e.g. "waiting for cluster"); null otherwise. */
  reason: z.string().nullable(),
  problem: ForwardProblemSchema.nullable(),
  /** When the state last changed (ms since epoch). */
  since: z.number(),
  /** The local port actually listened on (resolves "auto"); null when stopped. */
  localPort: z.number().int().nullable(),
  /** The pod the tunnel currently goes to. */
  pod: z.string().nullable(),
  /** Tunnels brought up again since start (after kubectl exited, or to follow a new pod). */
  restarts: z.number().int().min(0),
  /**
   * The restart the forward is waiting to try, counted against `spec.restart.maxAttempts`
   * (never above it); 0 when it is not retrying on the restart policy's account.
   */
  attempt: z.number().int().min(0).default(0),
  /** When the troubled forward looks again on its own (ms since epoch); null when nothing is planned. */
  nextRetryAt: z.number().nullable().default(null),
  lastProbeAt: z.number().nullable(),
  traffic: ForwardTrafficSchema,
  /**
   * True when the forward's context is not in the user's kubeconfig (imported from another
   * machine): it is kept, and cannot start until it is mapped to one of the user's contexts.
   */
  contextMissing: z.boolean().optional(),
  /** What carries the bytes of the tunnel that is up; null while no tunnel is up (absent from older engines). */
  protocol: ForwardProtocolSchema.nullable().optional(),
});
export type ForwardStatus = z.infer<typeof ForwardStatusSchema>;

/** One port a target offers: the number and, where the object names it, its name. */
export const TargetPortSchema = z.object({
  port: z.number().int().min(1).max(65535),
  name: z.string().max(63).optional(),
  protocol: z.string().max(16).optional(),
});
export type TargetPort = z.infer<typeof TargetPortSchema>;

/** Most ports listed for one target (a pod may declare many; the form needs a few). */
export const MAX_TARGET_PORTS = 100;

/** Kinds the target catalog lists (what `forwards:targets` offers the add/edit form). */
export const TargetKindSchema = z.enum(['service', 'deployment', 'pod']);
export type TargetKind = z.infer<typeof TargetKindSchema>;

/** A workload a forward may point at, with the ports it declares. */
export const CatalogTargetSchema = z.object({
  kind: TargetKindSchema,
  name: z.string().max(253),
  ports: z.array(TargetPortSchema).max(MAX_TARGET_PORTS),
});
export type CatalogTarget = z.infer<typeof CatalogTargetSchema>;

/** Most targets one answer carries (per kind); a namespace with more is cut, and says so. */
export const MAX_TARGETS_PER_KIND = 500;

const ForwardList = z.object({ forwards: z.array(ForwardStatusSchema) });
const ById = z.object({ id: ForwardIdSchema }).strict();
const PerForwardErrors = z.array(z.object({ id: z.string(), message: z.string() }));

/** Port-forward commands (issue 6). */
export const forwardCommands = {
  'forwards:list': command(NoArgs, ForwardList),
  'forwards:start': command(ById, ForwardStatusSchema),
  'forwards:stop': command(ById, ForwardStatusSchema),
  /** A troubled forward tries again at once (after giving up: a fresh round of attempts). */
  'forwards:retry': command(ById, ForwardStatusSchema),
  'forwards:stopAll': command(NoArgs, ForwardList),
  /** Starts every enabled forward; one that cannot start (port taken…) is listed in `errors`. */
  'forwards:startAll': command(NoArgs, ForwardList.extend({ errors: PerForwardErrors })),
  /**
   * Adds or replaces a forward from a draft (see ForwardDraftSchema: only name, context, target
   * and remotePort are required). Invalid drafts fail as bad-request with one issue per field.
   * `start`: start the forward once saved (the form's "Start now"); a port conflict then fails
   * the call after the forward was saved.
   */
  'forwards:save': command(
    z.object({ forward: ForwardDraftRecordSchema, start: z.boolean().optional() }).strict(),
    z.object({ forward: ForwardStatusSchema, warnings: z.array(z.string()) }),
  ),
  'forwards:delete': command(ById, z.object({ id: z.string() })),
  /**
   * Imports a file's text; with dryRun nothing is saved. A forward with the same id is replaced
   * only with replaceExisting, a running one never; entries whose context is not in the
   * kubeconfig are saved all the same (contextMissing), and cannot start until mapped.
   */
  'forwards:import': command(
    z
      .object({
        text: z.string().max(MAX_IMPORT_TEXT_CHARS, { message: IMPORT_TOO_LARGE }),
        format: ImportFormatSchema.optional(),
        filename: z.string().max(4096).optional(),
        dryRun: z.boolean().default(false),
        /** The user confirmed keeping non-loopback binds from the file (else 127.0.0.1). */
        allowNonLoopback: z.boolean().optional(),
        /** The user confirmed replacing forwards with the same id (running ones never are). */
        replaceExisting: z.boolean().optional(),
        /** Variables the user approved for probe-header expansion at probe time. */
        approveVariables: z.array(z.string().max(128)).max(100).optional(),
        /** The file's context (or Kube Forwarder cluster name) → one of the user's contexts. */
        contextMap: z
          .record(z.string().min(1).max(1024), ContextNameSchema)
          .refine((m) => Object.keys(m).length <= MAX_CONTEXT_MAPPINGS, {
            message: `At most ${MAX_CONTEXT_MAPPINGS} context mappings`,
          })
          .optional(),
      })
      .strict(),
    z.object({ result: ImportResultSchema, saved: z.array(z.string()), dryRun: z.boolean() }),
  ),
  /** Tether's own JSON export of the given forwards (all when `ids` is absent). */
  'forwards:export': command(
    z.object({ ids: z.array(ForwardIdSchema).max(10_000).optional() }).strict(),
    z.object({ text: z.string() }),
  ),
  /**
   * Services, Deployments and pods (not terminated) of one namespace with their ports, for the
   * add/edit form's autocomplete. A kind the user may not list is left out and named in
   * `denied` rather than failing the call; `truncated` names kinds cut at MAX_TARGETS_PER_KIND.
   * `status` says what the suggestions are worth (lists.ts): loaded, or forbidden (every kind
   * refused), unauthorized or unreachable with the reason — an empty list is then not "nothing".
   */
  'forwards:targets': command(
    z.object({ context: z.string().min(1).max(253), namespace: NamespaceName }).strict(),
    z.object({
      targets: z.array(CatalogTargetSchema).max(3 * MAX_TARGETS_PER_KIND),
      denied: z.array(TargetKindSchema),
      truncated: z.array(TargetKindSchema),
      status: ListStatusSchema,
    }),
  ),
  /**
   * The namespaces of a context, for the form's suggestions: listed when the user may list
   * them (`listed` true), else only the context's own namespace and the ones its pods are in.
   * `status` says why they could not be listed (forbidden, unauthorized, unreachable).
   */
  'forwards:namespaces': command(
    z.object({ context: z.string().min(1).max(1024) }).strict(),
    z.object({
      namespaces: z.array(z.string().max(63)).max(10_000),
      listed: z.boolean(),
      status: ListStatusSchema,
    }),
  ),
  /** A forward's traffic samples (one per 5 s, the last hour), oldest first. */
  'forwards:samples': command(ById, z.object({ samples: z.array(ForwardSampleSchema) })),
} as const satisfies Record<ChannelName, CommandDef>;

/** Port-forward events. */
export const forwardEvents = {
  /** One forward changed (state at once, traffic at most every 5 s); `status` null = deleted. */
  'forwards:changed': z.object({ id: z.string(), status: ForwardStatusSchema.nullable() }),
} as const satisfies Record<ChannelName, z.ZodType>;
