// Reading what comes back through a tunnel's stream, and a port nothing listens on: shared by
// the native tunnel suites (integration) and the SPDY session's unit tests.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { Duplex } from 'node:stream';

/** The sha256 of some bytes, in hex: compares large transfers without printing them. */
export const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Reads until `n` bytes came back (rejects if the stream closes first). With `destroy`, the
 * connection is closed once they did.
 */
export function readN(stream: Duplex, n: number, { destroy = false } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    stream.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got >= n) {
        if (destroy) stream.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    stream.once('error', reject);
    stream.once('close', () => got < n && reject(new Error(`closed after ${got} of ${n} bytes`)));
  });
}

/** Everything the far side sends until it ends its side. */
export function readToEnd(stream: Duplex): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** A local port that refuses connections (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
