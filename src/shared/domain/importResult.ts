import { z } from 'zod';
import { ForwardSpecSchema } from './forward';
import { ImportedClusterHealthSchema } from './clusterHealthImport';

/** The configuration files Tether can import. */
export const ImportFormatSchema = z.enum(['localport', 'kftray', 'kube-forwarder', 'tether']);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** An entry Tether cannot run (an SSH tunnel, a UDP or relay forward…), and why. */
export const UnsupportedEntrySchema = z.object({ entry: z.string(), reason: z.string() });

/** An entry (or the file, as entry "file") that is invalid, and what is wrong with it. */
export const ImportErrorSchema = z.object({ entry: z.string(), message: z.string() });

/**
 * What an import will do with one entry. An entry may have several: it is `new` or `replaces`
 * an existing forward (same id), and may also have had its bind address brought back to
 * loopback, use environment variables in probe headers that the user has to approve, or name a
 * context that is not in the user's kubeconfig: such an entry is imported all the same, and
 * cannot start until it is mapped to one of the user's contexts (the context map).
 */
export const ImportOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new') }),
  z.object({ kind: z.literal('replaces'), id: z.string() }),
  z.object({ kind: z.literal('context-not-in-kubeconfig'), context: z.string() }),
  z.object({ kind: z.literal('bind-downgraded'), from: z.string(), to: z.string() }),
  z.object({
    kind: z.literal('variables-to-approve'),
    /** Variables the entry's probe header values use. */
    names: z.array(z.string()),
    /** Those the user approved: expanded at probe time, in header values only. */
    approved: z.array(z.string()),
  }),
]);
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;

/** One source entry and what the import does with it (`id`: the forward it becomes). */
export const ImportEntrySchema = z.object({
  entry: z.string(),
  id: z.string().optional(),
  outcomes: z.array(ImportOutcomeSchema),
});
export type ImportEntry = z.infer<typeof ImportEntrySchema>;

/**
 * What every importer returns. Valid entries import even when others fail; nothing is dropped
 * silently: each source entry is in `forwards`, `unsupported` or `errors`.
 */
export const ImportResultSchema = z.object({
  format: ImportFormatSchema,
  forwards: z.array(ForwardSpecSchema),
  unsupported: z.array(UnsupportedEntrySchema),
  errors: z.array(ImportErrorSchema),
  warnings: z.array(z.string()),
  /** Per entry: new or replacing, bind downgraded, variables to approve, context missing. */
  entries: z.array(ImportEntrySchema),
  /** LocalPort's cluster_health / cluster_contexts settings: applied to the health settings on import. */
  clusterHealth: ImportedClusterHealthSchema.optional(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
