import { z } from 'zod';

/**
 * Notifications the engine raises for the platform layer to show (desktop notifications in
 * Electron, a toast in the browser). The engine decides *what* is worth telling; the platform
 * decides *how*. General on purpose: any feature can raise one.
 */

/** Where clicking the notification should take the user. */
export const NotificationTargetSchema = z.object({
  /** The UI view, e.g. `provisioning`. */
  view: z.string().min(1).max(64),
  /** What to select in that view (context, namespace, name, ...). */
  params: z.record(z.string(), z.string().max(253)).optional(),
});

/** One notification. */
export const NotificationSchema = z.object({
  /** Unique per notification; the same id twice is the same notification. */
  id: z.string().min(1).max(300),
  /** `<feature>.<what>`, e.g. `provisioning.ready`; lets the platform group or mute them. */
  kind: z.string().min(1).max(64),
  severity: z.enum(['info', 'warning', 'error']),
  title: z.string().min(1).max(200),
  body: z.string().max(2000),
  /** The kubeconfig context it is about, when it is about one. */
  context: z.string().max(253).optional(),
  target: NotificationTargetSchema.optional(),
});
/** One notification. */
export type Notification = z.infer<typeof NotificationSchema>;
