import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reading an API server's answers: a whole body as text, or a watch body line by line, each
 * with a size limit so a hostile or broken server cannot fill memory.
 */

const MiB = 1024 * 1024;
/**
 * The largest answer kept. Lists are paged (250 or 500 items) and one object is at most
 * ~1.5 MiB (etcd's request limit), so real pages stay far below it: 250 fat pods with their
 * managedFields are ~5 MiB. Past it the answer comes from something hostile or broken.
 */
export const MAX_BODY_BYTES = 64 * MiB;
/** The longest watch line kept: one event carries one object, so ~1.5 MiB at most. */
export const MAX_WATCH_LINE_BYTES = 16 * MiB;

/**
 * Reads a watch body: one JSON event per line. `done` is called once: with no error at the
 * end of the stream, or with the error (a line that is not JSON, a line past
 * MAX_WATCH_LINE_BYTES, a broken stream). Bytes are counted before decoding: a newline byte
 * never occurs inside a multi-byte UTF-8 character, so the count of the open line is exact.
 */
export function readEvents(
  body: Readable,
  onEvent: (ev: unknown) => void,
  done: (err?: Error) => void,
): void {
  let buf = '';
  let openLineBytes = 0;
  let finished = false;
  const decoder = new StringDecoder('utf8');
  const finish = (err?: Error) => {
    if (finished) return;
    finished = true;
    buf = '';
    done(err);
  };
  body.on('data', (chunk: Buffer) => {
    if (finished) return;
    const first = chunk.indexOf(0x0a);
    const tooLong = first < 0 ? (openLineBytes += chunk.length) : openLineBytes + first;
    if (tooLong > MAX_WATCH_LINE_BYTES) {
      finish(
        new Error(
          `A watch event from the API server exceeded ${mib(MAX_WATCH_LINE_BYTES)}; the watch was closed`,
        ),
      );
      return;
    }
    buf += decoder.write(chunk);
    // No newline in this chunk: the line goes on, and searching the whole of it again for
    // each piece would make a long line cost quadratic time.
    if (first < 0) return;
    openLineBytes = chunk.length - chunk.lastIndexOf(0x0a) - 1;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      let ev: unknown;
      try {
        ev = JSON.parse(line);
      } catch {
        finish(new Error('The watch stream sent a line that is not JSON'));
        return;
      }
      onEvent(ev);
    }
  });
  body.on('end', () => finish());
  body.on('error', (e) => finish(e));
  body.on('close', () => finish());
}

/**
 * The body as text, decoded as it arrives (no chunk Buffers pile up in native memory). Past
 * MAX_BODY_BYTES the stream is destroyed and the promise rejects: the rest is never read.
 *
 * Our listeners come off the response when it ends. https.Agent keeps the request that opened
 * a keep-alive socket reachable for as long as the socket lives (through the closure of its
 * 'session' listener), so a listener left on that response — and the promise its closure
 * settles — would keep a whole list body alive, about 1 MB per pooled socket.
 */
export function collect(res: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let bytes = 0;
    const decoder = new StringDecoder('utf8');
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        done(new Error(`The answer from the API server exceeded ${mib(MAX_BODY_BYTES)}; it was cut off`));
        res.destroy();
        return;
      }
      text += decoder.write(chunk);
    };
    const onEnd = () => {
      text += decoder.end();
      done();
    };
    const onClose = () => done(new Error('The connection closed before the answer was complete'));
    const done = (err?: Error) => {
      res.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      res.on('error', ignore);
      const body = text;
      text = '';
      if (err) reject(err);
      else resolve(body);
    };
    res.on('data', onData).once('end', onEnd).once('error', done).once('close', onClose);
  });
}

const mib = (bytes: number) => `${bytes / MiB} MiB`;

/**
 * Module-level on purpose: a no-op created inside a request's closure would capture that
 * closure's context (resolve, reject, the body) and keep it alive with the socket.
 */
export function ignore(): void {}
