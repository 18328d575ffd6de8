import { z } from 'zod';

/** The settings file format this build writes. */
export const APP_SETTINGS_VERSION = 2;

/** The menu-bar app's own preferences (the engine's live in `engine`). */
export const ShellSettingsSchema = z.object({
  launchAtLogin: z.boolean().default(false),
  /** An explicit kubectl, for when it is not on the login shell's PATH. */
  kubectlPath: z.string().min(1).max(4096).nullable().default(null),
  /** Contexts whose notifications the user muted. */
  mutedContexts: z.array(z.string().min(1).max(253)).max(1000).default([]),
  /** Desktop notifications at all. */
  notifications: z.boolean().default(true),
  /** The popover stays open when it loses focus. */
  popoverPinned: z.boolean().default(false),
});
/** The menu-bar app's own preferences. */
export type ShellSettings = z.infer<typeof ShellSettingsSchema>;

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
