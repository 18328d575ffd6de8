import { z } from 'zod';
import { HealthConfigOverrideSchema, HealthConfigSchema } from '../../domain/healthConfig';
import { command, type ChannelName, type CommandDef } from '../define';
import { ContextName } from './common';

/**
 * One context's cluster health settings, in layers: what the engine runs (`effective`) is
 * `defaults` with the context's own `overrides` laid over it. Times in seconds.
 */
export const HealthSettingsViewSchema = z.object({
  context: z.string(),
  effective: HealthConfigSchema,
  /** Only what this context changes; `{}` when it uses the defaults. */
  overrides: HealthConfigOverrideSchema,
  /** Built-in defaults with the user's global defaults (settings.json `health.defaults`) over them. */
  defaults: HealthConfigSchema,
});
export type HealthSettingsView = z.infer<typeof HealthSettingsViewSchema>;

/** Per-cluster health settings: read them, replace a context's overrides (null: back to defaults). */
export const settingsCommands = {
  'health:settings': command(z.object({ context: ContextName }).strict(), HealthSettingsViewSchema),
  /**
   * Replaces the context's overrides, persists them and applies them to its running monitor.
   * Out-of-bounds or unknown settings are `bad-request` with one issue per field (path relative
   * to `overrides`, e.g. `probeInterval`), and nothing is saved. An unknown context is `not-found`.
   */
  'health:update': command(
    z
      .object({
        context: ContextName,
        // Checked by the handler against the health settings' own bounds, so the messages
        // name the setting and its range rather than the request's shape.
        overrides: z.record(z.string(), z.unknown()).nullable(),
      })
      .strict(),
    HealthSettingsViewSchema,
  ),
} as const satisfies Record<ChannelName, CommandDef>;
