import { events, type EventName, type EventPayload } from './channels';
import { issuesFromZod } from './errors';
import type { DispatchLog } from './dispatch';

type Listener = (channel: EventName, payload: unknown) => void;

/**
 * The engine's outgoing side of the contract: every push is checked against its schema
 * before any transport sees it, so a bug in the engine cannot feed the UI a wrong shape.
 */
export function createEventBus(log: DispatchLog) {
  const listeners = new Set<Listener>();
  return {
    emit<E extends EventName>(channel: E, payload: EventPayload<E>): void {
      const parsed = events[channel].safeParse(payload);
      if (!parsed.success) {
        log.error('engine emitted an event outside the contract', {
          channel,
          issues: issuesFromZod(parsed.error),
        });
        return;
      }
      for (const l of listeners) {
        try {
          l(channel, parsed.data);
        } catch (err) {
          log.error('event listener failed', { channel, error: String(err) });
        }
      }
    },
    /** Every transport subscribes once; returns the unsubscribe. */
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * One event, typed: the listener gets that channel's payload as its schema parsed it (for
     * in-process consumers such as the tray). Returns the unsubscribe.
     */
    on<E extends EventName>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
      const one: Listener = (c, payload) => {
        if (c === channel) listener(payload as EventPayload<E>);
      };
      listeners.add(one);
      return () => listeners.delete(one);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
