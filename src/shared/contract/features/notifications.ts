import type { z } from 'zod';
import { NotificationSchema } from '../../domain/notification';
import type { ChannelName } from '../define';

export { NotificationSchema } from '../../domain/notification';
export type { Notification } from '../../domain/notification';

/** Notification events. */
export const notificationEvents = {
  /** A notification for the platform layer to show. */
  'notifications:new': NotificationSchema,
} as const satisfies Record<ChannelName, z.ZodType>;
