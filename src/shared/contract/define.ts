import type { z } from 'zod';

/** A request/response channel: renderer → main. Both halves are required. */
export interface CommandDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly req: Req;
  readonly res: Res;
}

/**
 * Declares a command. Both schemas are mandatory parameters, so a channel without its
 * schema does not compile.
 */
export function command<Req extends z.ZodType, Res extends z.ZodType>(
  req: Req,
  res: Res,
): CommandDef<Req, Res> {
  return { req, res };
}

/** Channel names are `noun:verb` for commands and `noun:changed`-style for events. */
export type ChannelName = `${string}:${string}`;
