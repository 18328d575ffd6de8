import { z } from 'zod';
import { HealthConfigOverrideSchema } from './healthConfig';

// LocalPort's cluster keepalive settings (defaults.cluster_health, cluster_contexts.<ctx>) as an
// import carries them to the engine: the same overrides the engine stores and runs (seconds).

/** The imported layers: `defaults` over the user's defaults, `overrides` per (mapped) context. */
export const ImportedClusterHealthSchema = z.object({
  defaults: HealthConfigOverrideSchema,
  overrides: z.record(z.string(), HealthConfigOverrideSchema),
});
export type ImportedClusterHealth = z.infer<typeof ImportedClusterHealthSchema>;
