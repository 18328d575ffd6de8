import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

/**
 * While corked, the socket's buffer passes its high-water mark (64 KiB) within one turn;
 * pausing there would cut the turn's writes into several. The source pauses once this much
 * waits: a turn's reads stay bounded (a socket is read at most 32 × 64 KiB per turn).
 */
const MAX_WAITING_BYTES = 1024 * 1024;

/**
 * Pipes `from` (a tunnel's connection) into the client socket `to`, joining what arrives within
 * one turn of the event loop into one write. A native tunnel hands up each TLS record the API
 * server sent as its own chunk (at most 16 KiB; about nine of them per turn under load, measured
 * on a 256 MB transfer); written one by one, each would be its own system call and wake-up of
 * the client. Corked until the turn's I/O is done (setImmediate), they leave as one writev.
 * Backpressure as with pipe(), at a higher mark: `from` pauses while `to` holds more than
 * {@link MAX_WAITING_BYTES} and flows again on 'drain'. The end of `from` ends `to`; once `to` closes, nothing more is taken.
 */
export function pipeJoined(from: Readable, to: Socket): void {
  let corked = false;
  const uncork = () => {
    corked = false;
    if (!to.destroyed) to.uncork();
  };
  const onData = (chunk: Buffer) => {
    if (to.destroyed || to.writableEnded) return;
    if (!corked) {
      corked = true;
      to.cork();
      setImmediate(uncork);
    }
    if (!to.write(chunk) && to.writableLength >= MAX_WAITING_BYTES) from.pause();
  };
  const onDrain = () => from.resume();
  const onEnd = () => {
    // end() writes what is still corked first.
    if (!to.destroyed && !to.writableEnded) to.end();
  };
  from.on('data', onData);
  from.once('end', onEnd);
  to.on('drain', onDrain);
  to.once('close', () => {
    from.off('data', onData);
    from.off('end', onEnd);
    to.off('drain', onDrain);
  });
}
