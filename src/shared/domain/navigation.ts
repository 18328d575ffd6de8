import { z } from 'zod';
import { ContextNameSchema } from './forwardSpec';

/**
 * Requests from the platform layer to the UI: a notification was clicked, the tray menu's
 * Preferences was chosen. The renderer maps `view` onto its routes.
 */
export const UiNavigateSchema = z.object({
  /** `home`, `cluster`, `forward`, `provisioning`, `settings`, … */
  view: z.string().min(1).max(64),
  /** The cluster context to open. */
  context: ContextNameSchema.optional(),
  /** The forward to select. */
  forwardId: z.string().min(1).max(253).optional(),
  /** Anything else the target view needs (namespace, name, …). */
  params: z.record(z.string(), z.string().max(253)).optional(),
});
/** A navigation request for the UI. */
export type UiNavigate = z.infer<typeof UiNavigateSchema>;
