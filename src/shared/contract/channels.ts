import { z } from 'zod';
import { ContextListSchema } from '../domain/contexts';
import { clusterCommands, clusterEvents } from './features/clusters';
import { forwardCommands, forwardEvents } from './features/forwards';
import { notificationEvents } from './features/notifications';
import { uiCommands, uiEvents } from './features/ui';
import { provisioningCommands, provisioningEvents } from './features/provisioning';
import { watchdogCommands, watchdogEvents } from './features/watchdog';
import { settingsCommands } from './features/settings';
import { command, type ChannelName, type CommandDef } from './define';

import { NoArgs } from './features/common';
// Each feature declares its channels in features/<feature>.ts; this file composes them.
export * from './features/clusters';
export * from './features/forwards';
export * from './features/notifications';
export * from './features/ui';
export * from './features/provisioning';
export * from './features/watchdog';
export * from './features/settings';

/**
 * Every command (renderer → main, request/response), declared once. Adding a channel here
 * without both schemas fails to compile, and so does a transport or engine that lacks a
 * handler for it (see `Handlers`).
 */
export const commands = {
  'contexts:list': command(NoArgs, ContextListSchema),
  'app:info': command(
    NoArgs,
    z.object({ version: z.string(), mode: z.enum(['electron', 'headless']), home: z.string() }),
  ),
  'app:stats': command(
    NoArgs,
    z.object({
      uptimeMs: z.number(),
      rssBytes: z.number(),
      heapUsedBytes: z.number(),
      /** V8 heap reserved (used or not) and memory held outside it (buffers, TLS). */
      heapTotalBytes: z.number(),
      externalBytes: z.number(),
      /** Requests to API servers since start: probes, lists and watch opens, over all monitors. */
      apiRequests: z.number().int(),
      /** Of apiRequests, the watch (re)opens: what keeping the watches open costs. */
      watchRequests: z.number().int(),
      /** Watch streams open right now. */
      openWatches: z.number().int(),
      monitors: z.number().int(),
    }),
  ),
  ...clusterCommands,
  ...forwardCommands,
  ...provisioningCommands,
  ...watchdogCommands,
  ...uiCommands,
  ...settingsCommands,
} as const satisfies Record<ChannelName, CommandDef>;

/** Every event (main → renderer, push), declared once with its payload schema. */
export const events = {
  'contexts:changed': ContextListSchema,
  ...clusterEvents,
  ...forwardEvents,
  ...provisioningEvents,
  ...notificationEvents,
  ...uiEvents,
  ...watchdogEvents,
} as const satisfies Record<ChannelName, z.ZodType>;

export type Commands = typeof commands;
export type Events = typeof events;
export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['req']>;
export type ParsedRequest<C extends CommandName> = z.output<Commands[C]['req']>;
export type CommandResponse<C extends CommandName> = z.output<Commands[C]['res']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const commandNames = Object.keys(commands) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
