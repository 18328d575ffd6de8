import { z } from 'zod';

// LocalPort's cluster keepalive settings (defaults.cluster_health, cluster_contexts.<ctx>) as an
// import carries them over. Durations in milliseconds like the rest of Tether.

/** Which checks a cluster health round runs. */
export const ClusterHealthCommandsSchema = z.object({
  clusterInfo: z.boolean(),
  podStatus: z.boolean(),
  nodeStatus: z.boolean(),
  eventsOnFailure: z.boolean(),
});

/** Effective cluster health settings for one context. */
export const ClusterHealthSettingsSchema = z.object({
  enabled: z.boolean(),
  intervalMs: z.int(),
  timeoutMs: z.int(),
  retryAttempts: z.int(),
  failureThreshold: z.int(),
  commands: ClusterHealthCommandsSchema,
});
export type ClusterHealthSettings = z.infer<typeof ClusterHealthSettingsSchema>;

/** The imported settings: defaults, the merged result per overridden context, and which to watch. */
export const ClusterHealthImportSchema = z.object({
  defaults: ClusterHealthSettingsSchema,
  /** Effective settings (defaults merged with the override) for every context in cluster_contexts. */
  contexts: z.record(z.string(), ClusterHealthSettingsSchema),
  /** Contexts the imported forwards use: LocalPort only monitors these. */
  monitoredContexts: z.array(z.string()),
  /**
   * The blocks as written (override keys through the context map), so the health engine can apply
   * its own LocalPort mapping instead of this one without re-reading the file.
   */
  source: z.object({
    defaults: z.unknown().optional(),
    contexts: z.record(z.string(), z.unknown()),
  }),
});
export type ClusterHealthImport = z.infer<typeof ClusterHealthImportSchema>;
