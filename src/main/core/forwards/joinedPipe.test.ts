import { connect, createServer, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readN } from '../../../../test/support/streams';
import { pipeJoined } from './joinedPipe';

/** A connected pair of real TCP sockets on loopback: `to` (the client's end we write) and `peer`. */
async function socketPair(): Promise<{ to: Socket; peer: Socket; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<Socket>((r) => server.once('connection', r));
  const to = connect((server.address() as { port: number }).port, '127.0.0.1');
  await new Promise((r) => to.once('connect', r));
  return { to, peer: await accepted, server };
}

/** Counts the socket's writes as they reach its handle: each is one system call (or one try). */
function countWrites(s: Socket): { writes: number; chunks: number[] } {
  const seen = { writes: 0, chunks: [] as number[] };
  const w = s as unknown as {
    _write: (...a: unknown[]) => void;
    _writev: (chunks: unknown[], cb: unknown) => void;
  };
  const write = w._write.bind(s);
  const writev = w._writev.bind(s);
  w._write = (...a: unknown[]) => {
    seen.writes++;
    seen.chunks.push(1);
    write(...a);
  };
  w._writev = (chunks: unknown[], cb: unknown) => {
    seen.writes++;
    seen.chunks.push(chunks.length);
    writev(chunks, cb);
  };
  return seen;
}

describe('pipeJoined: a tunnel connection into the client socket', () => {
  const open: { to: Socket; peer: Socket; server: Server }[] = [];
  afterEach(() => {
    for (const p of open.splice(0)) {
      p.to.destroy();
      p.peer.destroy();
      p.server.close();
    }
  });

  /** `from` piped into the client socket `to` of a fresh pair, with `to`'s writes counted. */
  const piped = async () => {
    const pair = await socketPair();
    open.push(pair);
    const seen = countWrites(pair.to);
    const from = new PassThrough();
    pipeJoined(from, pair.to);
    return { ...pair, seen, from };
  };

  it('the chunks of one turn of the event loop leave in one write, in order', async () => {
    const { seen, from, ...pair } = await piped();
    const parts = Array.from({ length: 9 }, (_, i) => Buffer.alloc(16 * 1024, 0x30 + i));
    const got = readN(pair.peer, 9 * 16 * 1024);
    for (const p of parts) from.write(p);
    expect(Buffer.compare(await got, Buffer.concat(parts))).toBe(0);
    expect(seen.writes).toBe(1);
    expect(seen.chunks).toEqual([9]);
  });

  it('chunks of later turns go in later writes: nothing waits beyond its turn', async () => {
    const { seen, from, ...pair } = await piped();
    const first = readN(pair.peer, 3);
    from.write(Buffer.from('abc'));
    expect((await first).toString()).toBe('abc');
    from.write(Buffer.from('def'));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.writes).toBe(2);
  });

  it('backpressure: the source pauses while the client does not read, and every byte arrives once it does', async () => {
    const { from, ...pair } = await piped();
    pair.peer.pause();
    const total = 32 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let written = 0;
    while (written < total) {
      from.write(chunk);
      written += chunk.length;
      await new Promise((r) => setImmediate(r));
      if (from.isPaused()) break;
    }
    expect(from.isPaused()).toBe(true);
    expect(written).toBeLessThan(total);
    const got = readN(pair.peer, written);
    pair.peer.resume();
    expect((await got).length).toBe(written);
    await new Promise((r) => setTimeout(r, 20));
    expect(from.isPaused()).toBe(false);
  });

  it("the source's end ends the client socket after its last bytes", async () => {
    const { from, ...pair } = await piped();
    const ended = new Promise<string>((resolve) => {
      let text = '';
      pair.peer.on('data', (d: Buffer) => (text += d.toString()));
      pair.peer.once('end', () => resolve(text));
    });
    from.write(Buffer.from('last words'));
    from.end();
    expect(await ended).toBe('last words');
  });

  it('after the client socket closed, more data from the source is dropped without an error', async () => {
    const { from, ...pair } = await piped();
    const errors: Error[] = [];
    pair.to.on('error', (e) => errors.push(e));
    pair.to.destroy();
    await new Promise((r) => pair.to.once('close', r));
    from.write(Buffer.from('too late'));
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toEqual([]);
    expect(from.listenerCount('data')).toBe(0);
  });
});
