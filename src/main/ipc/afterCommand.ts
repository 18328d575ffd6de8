import type { CommandName, Dispatch } from '../../shared/contract';

/**
 * The dispatcher, calling `after` once a call on `channel` succeeded: for a part of the adapter
 * that must learn of a change no engine event announces (the tray, of a context switched off).
 */
export function afterCommand(dispatch: Dispatch, channel: CommandName, after: () => void): Dispatch {
  return async (ch, payload, ctx) => {
    const reply = await dispatch(ch, payload, ctx);
    if (ch === channel && reply.ok) after();
    return reply;
  };
}
