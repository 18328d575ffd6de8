import { z } from 'zod';
import { ShellSettingsSchema } from '../../domain/shellSettings';

/** The settings file format this build writes. */
export const APP_SETTINGS_VERSION = 2;

/**
 * The whole settings file, version 2: the engine's settings embedded as the engine defines
 * them (they carry their own version and are validated by the engine's schema), next to the
 * shell's. Version 1 was the engine's settings alone, at the top level.
 */
export const AppSettingsSchema = z.object({
  version: z.literal(APP_SETTINGS_VERSION),
  engine: z.record(z.string(), z.unknown()),
  shell: ShellSettingsSchema,
});
/** The whole settings file, current version. */
export type AppSettings = z.infer<typeof AppSettingsSchema>;

/** Fresh settings: the engine's part is filled in by the engine's own defaults. */
export function defaultAppSettings(engine: Record<string, unknown> = {}): AppSettings {
  return { version: APP_SETTINGS_VERSION, engine, shell: ShellSettingsSchema.parse({}) };
}
