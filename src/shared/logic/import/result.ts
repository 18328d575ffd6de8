import { z } from 'zod';
import { ForwardSpecSchema } from '../../domain/forward';
import { ClusterHealthImportSchema } from './clusterHealth';
import type { EnvMap } from './envExpand';

/** The configuration files Tether can import. */
export const ImportFormatSchema = z.enum(['localport', 'kftray', 'kube-forwarder', 'tether']);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** An entry Tether cannot run (an SSH tunnel, a UDP or relay forward…), and why. */
export const UnsupportedEntrySchema = z.object({ entry: z.string(), reason: z.string() });
export type UnsupportedEntry = z.infer<typeof UnsupportedEntrySchema>;

/** An entry (or the file, as entry "file") that is invalid, and what is wrong with it. */
export const ImportErrorSchema = z.object({ entry: z.string(), message: z.string() });
export type ImportError = z.infer<typeof ImportErrorSchema>;

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
  /** LocalPort's cluster_health / cluster_contexts settings, for the cluster health engine. */
  clusterHealth: ClusterHealthImportSchema.optional(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** What the caller supplies: the environment and what it knows of the user's kubeconfig. */
export interface ImportOptions {
  /** For LocalPort's `${VAR}` expansion; pass `process.env`. Other formats ignore it. */
  env: EnvMap;
  /** Contexts in the user's kubeconfig; when given, entries naming another context are errors. */
  knownContexts?: readonly string[];
  /** Used for entries that name no context (LocalPort and kftray both mean "kubectl's current"). */
  currentContext?: string;
  /**
   * Source context (or Kube Forwarder cluster name) → local context. Needed for Kube Forwarder
   * clusters exported without their kubeconfig; useful for any file made on another machine.
   */
  contextMap?: Readonly<Record<string, string>>;
}

/** The entry name used for problems with the file as a whole. */
export const FILE_ENTRY = 'file';
