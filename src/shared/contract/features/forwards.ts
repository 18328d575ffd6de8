import { z } from 'zod';
import { ContextNameSchema, ForwardDraftRecordSchema, ForwardIdSchema } from '../../domain/forward';
import { ForwardSampleSchema, ForwardStatusSchema } from '../../domain/forwardStatus';
import { MAX_CONTEXT_MAPPINGS } from '../../logic/import/contextMap';
import { ImportFormatSchema, ImportResultSchema } from '../../domain/importResult';
import { ListStatusSchema } from '../../domain/listStatus';
import { command, type ChannelName, type CommandDef } from '../define';
import { NamespaceName, NoArgs } from './common';
import { IMPORT_TOO_LARGE, MAX_IMPORT_TEXT_CHARS } from '../limits';

// What a forward is and where it stands are domain types; the wire carries them as they are.
export {
  ForwardStatusSchema,
  type ForwardProblem,
  type ForwardProtocol,
  type ForwardSample,
  type ForwardState,
  type ForwardStatus,
  type ForwardTraffic,
} from '../../domain/forwardStatus';

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

/** Port-forward commands. */
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
   * `status` says what the suggestions are worth (domain/listStatus.ts): loaded, or forbidden (every kind
   * refused), unauthorized or unreachable with the reason — an empty list is then not "nothing".
   */
  'forwards:targets': command(
    z.object({ context: ContextNameSchema, namespace: NamespaceName }).strict(),
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
