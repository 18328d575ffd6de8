import { z } from 'zod';
import { ForwardEngineSchema } from '../../../shared/domain/forwardEngine';
import { HealthConfigOverrideSchema } from '../../../shared/logic/health';

/** What the engine persists about clusters: which contexts are monitored and their settings. */
export const EngineSettingsSchema = z.object({
  version: z.literal(1),
  /** Contexts the user switched monitoring on for; undefined → the current context. */
  monitoredContexts: z.array(z.string()).optional(),
  health: z
    .object({
      defaults: HealthConfigOverrideSchema.optional(),
      contexts: z.record(z.string(), HealthConfigOverrideSchema).optional(),
    })
    .default({}),
  /**
   * What carries forwards that do not choose for themselves: the engine's own tunnels
   * (default) or `kubectl port-forward` children. TETHER_FORWARD_ENGINE overrides it.
   */
  forwardEngine: ForwardEngineSchema.optional(),
  /** Live provisioning progress: an optional namespace allow-list (none: every namespace). */
  provisioning: z.object({ namespaces: z.array(z.string().min(1).max(63)).max(500).optional() }).optional(),
});
export type EngineSettings = z.infer<typeof EngineSettingsSchema>;

export const defaultEngineSettings = (): EngineSettings => ({ version: 1, health: {} });
