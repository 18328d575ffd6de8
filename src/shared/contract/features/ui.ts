import { z } from 'zod';
import { command, type ChannelName, type CommandDef } from '../define';
import { NoArgs } from './common';

/**
 * Requests from the platform layer to the UI: a notification was clicked, the tray menu's
 * Preferences was chosen. The renderer maps `view` onto its routes.
 */
export const UiNavigateSchema = z.object({
  /** `home`, `cluster`, `forward`, `provisioning`, `settings`, … */
  view: z.string().min(1).max(64),
  /** The cluster context to open. */
  context: z.string().min(1).max(253).optional(),
  /** The forward to select. */
  forwardId: z.string().min(1).max(253).optional(),
  /** Anything else the target view needs (namespace, name, …). */
  params: z.record(z.string(), z.string().max(253)).optional(),
});
/** A navigation request for the UI. */
export type UiNavigate = z.infer<typeof UiNavigateSchema>;

/** The menu-bar app's own preferences (the engine's settings live elsewhere). */
export const ShellSettingsSchema = z.object({
  /** Start Tether at login (the OS's login item; the user can also change it in System Settings). */
  launchAtLogin: z.boolean().default(false),
  /** An explicit kubectl, for when it is not on the login shell's PATH. Absolute path. */
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

/** What the Preferences view shows: the preferences, and how kubectl was found at start. */
export const ShellSettingsViewSchema = z.object({
  settings: ShellSettingsSchema,
  /**
   * kubectl as this run uses it: its path, or why it was not found; and every kubectl Tether
   * found by itself, the paths it runs without asking.
   */
  kubectl: z.object({
    path: z.string().nullable(),
    problem: z.string().nullable(),
    candidates: z.array(z.string().max(4096)).max(50).default([]),
  }),
  /** Things the user should know about the change just made (e.g. "applies at next start"). */
  notes: z.array(z.string()),
});
export type ShellSettingsView = z.infer<typeof ShellSettingsViewSchema>;

/**
 * The menu-bar app's preferences: read and change them. Only the Electron app answers; the
 * headless engine has none and refuses with `conflict`.
 */
export const uiCommands = {
  'shell:settings': command(NoArgs, ShellSettingsViewSchema),
  /** Changes some preferences; a kubectl path that is not an absolute executable is `bad-request`. */
  'shell:update': command(
    z
      .object({
        launchAtLogin: z.boolean(),
        kubectlPath: z.string().min(1).max(4096).nullable(),
        mutedContexts: z.array(z.string().min(1).max(253)).max(1000),
        notifications: z.boolean(),
        popoverPinned: z.boolean(),
      })
      .partial()
      .strict(),
    ShellSettingsViewSchema,
  ),
} as const satisfies Record<ChannelName, CommandDef>;

/** UI events pushed by the platform layer. */
export const uiEvents = {
  /** Open the popover on this view (a notification click, the tray menu). */
  'ui:navigate': UiNavigateSchema,
} as const satisfies Record<ChannelName, z.ZodType>;
