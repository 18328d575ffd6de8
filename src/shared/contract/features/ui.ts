import { z } from 'zod';
import { UiNavigateSchema } from '../../domain/navigation';
import { ContextNameSchema } from '../../domain/forward';
import { ShellSettingsSchema } from '../../domain/shellSettings';
import { command, type ChannelName, type CommandDef } from '../define';
import { NoArgs } from './common';

export type { UiNavigate } from '../../domain/navigation';
export type { ShellSettings } from '../../domain/shellSettings';

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
        mutedContexts: z.array(ContextNameSchema).max(1000),
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
