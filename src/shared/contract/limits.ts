/**
 * The size limits of the contract and the headless transport, in one place so they agree: an
 * import the contract accepts always fits in one WebSocket frame, and one that is too large is
 * told so by the contract, never cut off by the socket.
 */

/** The most characters an import's text may have (`forwards:import`): about 2 MB. */
export const MAX_IMPORT_TEXT_CHARS = 2_000_000;

/** What a too-large import is told. */
export const IMPORT_TOO_LARGE = `too large: an import may have at most ${MAX_IMPORT_TEXT_CHARS / 1_000_000} MB of text`;

/**
 * The largest WebSocket frame the engine reads: JSON writes one UTF-16 unit in at most 6 bytes
 * (`\u0000`), so the largest import the contract accepts fits, with room for the envelope.
 */
export const WS_MAX_PAYLOAD_BYTES = MAX_IMPORT_TEXT_CHARS * 6 + 64 * 1024;

/**
 * A client that stops reading is dropped once this much is waiting to be sent to it, so it
 * cannot grow the engine's memory without bound.
 */
export const WS_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Whether a socket with `bufferedAmount` bytes still unsent is a client that stopped reading. */
export function isStalledClient(bufferedAmount: number, cap: number = WS_MAX_BUFFERED_BYTES): boolean {
  return bufferedAmount > cap;
}
