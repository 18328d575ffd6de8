import {
  commands,
  events,
  isEventName,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type EventName,
  type EventPayload,
} from './channels';
import { ContractError, ReplySchema, issuesFromZod } from './errors';

/**
 * What a transport must do for the client: carry one call and deliver pushed events.
 * Implemented over Electron IPC (the preload's API object) and over the headless WebSocket.
 */
export interface ClientTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Delivers every pushed event; returns an unsubscribe. */
  subscribe(listener: (channel: string, payload: unknown) => void): () => void;
}

type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/**
 * The renderer side of the contract: typed calls and subscriptions that validate both
 * directions at run time. A malformed request never leaves; a malformed reply or event is
 * turned into a typed error or dropped with a warning — never handed to the UI.
 */
export function createClient(transport: ClientTransport, warn: (msg: string) => void = () => {}) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let unsubscribeTransport: (() => void) | undefined;

  function ensureSubscribed() {
    if (unsubscribeTransport) return;
    unsubscribeTransport = transport.subscribe((channel, payload) => {
      if (!isEventName(channel)) {
        warn(`dropped event on unknown channel "${channel}"`);
        return;
      }
      const parsed = events[channel].safeParse(payload);
      if (!parsed.success) {
        warn(`dropped malformed "${channel}" event: ${JSON.stringify(issuesFromZod(parsed.error))}`);
        return;
      }
      for (const l of listeners.get(channel) ?? []) l(parsed.data);
    });
  }

  return {
    /** Calls a command; resolves with its typed answer or rejects with a ContractError. */
    async invoke<C extends CommandName>(channel: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      const def = commands[channel];
      const req = def.req.safeParse(request);
      if (!req.success) {
        throw new ContractError(
          'bad-request',
          `Malformed request for "${channel}".`,
          issuesFromZod(req.error),
        );
      }
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, req.data);
      } catch (err) {
        if (err instanceof ContractError) throw err;
        throw new ContractError('disconnected', err instanceof Error ? err.message : String(err));
      }
      const reply = ReplySchema.safeParse(raw);
      if (!reply.success) throw new ContractError('bad-response', `Unreadable reply for "${channel}".`);
      if (!reply.data.ok) throw ContractError.from(reply.data.error);
      const res = def.res.safeParse(reply.data.value);
      if (!res.success)
        throw new ContractError('bad-response', `The reply to "${channel}" broke the contract.`);
      return res.data as CommandResponse<C>;
    },

    /** Listens to one event; returns the unsubscribe (use it as an effect cleanup). */
    on<E extends EventName>(channel: E, listener: EventListener<E>): () => void {
      ensureSubscribed();
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },

    close() {
      unsubscribeTransport?.();
      unsubscribeTransport = undefined;
      listeners.clear();
    },
  };
}

export type TetherClient = ReturnType<typeof createClient>;
