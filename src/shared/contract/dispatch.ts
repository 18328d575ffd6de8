import {
  commands,
  isCommandName,
  type CommandName,
  type CommandResponse,
  type ParsedRequest,
} from './channels';
import { ContractError, issuesFromZod, type Reply } from './errors';

/** Who called: the transport fills this in after it has checked the sender. */
export interface CallContext {
  transport: 'ipc' | 'websocket' | 'in-process';
}

/** One handler per command; a missing one is a compile error where `Handlers` is built. */
export type Handlers = {
  [C in CommandName]: (req: ParsedRequest<C>, ctx: CallContext) => Promise<CommandResponse<C>>;
};

/** Where the dispatcher reports what it refused or what broke. */
export interface DispatchLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The engine side of the contract, shared by every transport: it checks the channel and
 * parses the payload before any handler runs, checks the handler's answer on the way out,
 * and turns every failure into a typed error reply. It never throws.
 */
export function createDispatcher(handlers: Handlers, log: DispatchLog) {
  return async function dispatch(channel: unknown, payload: unknown, ctx: CallContext): Promise<Reply> {
    if (!isCommandName(channel)) {
      log.warn('refused call on unknown channel', { channel: String(channel), transport: ctx.transport });
      return fail(new ContractError('unknown-channel', `Unknown command "${String(channel)}".`));
    }
    const def = commands[channel];
    const parsed = def.req.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      log.warn('refused malformed payload', { channel, transport: ctx.transport, issues });
      return fail(new ContractError('bad-request', `Malformed request for "${channel}".`, issues));
    }
    let value: unknown;
    try {
      const handler = handlers[channel] as (req: unknown, ctx: CallContext) => Promise<unknown>;
      value = await handler(parsed.data, ctx);
    } catch (err) {
      if (err instanceof ContractError) return fail(err);
      log.error('handler failed', {
        channel,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      return fail(
        new ContractError(
          'internal',
          `"${channel}" failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    }
    const checked = def.res.safeParse(value);
    if (!checked.success) {
      log.error('handler answered outside the contract', { channel, issues: issuesFromZod(checked.error) });
      return fail(
        new ContractError('bad-response', `The engine's answer to "${channel}" broke the contract.`),
      );
    }
    return { ok: true, value: checked.data };
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

function fail(err: ContractError): Reply {
  return { ok: false, error: err.toShape() };
}
