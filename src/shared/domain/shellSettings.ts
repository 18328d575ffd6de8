import { z } from 'zod';
import { ContextNameSchema } from './forwardSpec';

/** The menu-bar app's own preferences (the engine's settings live elsewhere). */
export const ShellSettingsSchema = z.object({
  /** Start Tether at login (the OS's login item; the user can also change it in System Settings). */
  launchAtLogin: z.boolean().default(false),
  /** An explicit kubectl, for when it is not on the login shell's PATH. Absolute path. */
  kubectlPath: z.string().min(1).max(4096).nullable().default(null),
  /** Contexts whose notifications the user muted. */
  mutedContexts: z.array(ContextNameSchema).max(1000).default([]),
  /** Desktop notifications at all. */
  notifications: z.boolean().default(true),
  /** The popover stays open when it loses focus. */
  popoverPinned: z.boolean().default(false),
});
/** The menu-bar app's own preferences. */
export type ShellSettings = z.infer<typeof ShellSettingsSchema>;
