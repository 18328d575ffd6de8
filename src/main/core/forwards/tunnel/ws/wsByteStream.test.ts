import { createHash, randomBytes } from 'node:crypto';
import { duplexPair, type Duplex } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, messagesOf, WebSocketByteStream } from './wsByteStream';
import { Opcode } from './wsFrames';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A frame as a server sends it (unmasked). */
function serverFrame(opcode: number, payload: Buffer = Buffer.alloc(0), fin = true): Buffer {
  const len = payload.length;
  const ext = len < 126 ? Buffer.alloc(0) : len < 0x10000 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (ext.length === 2) ext.writeUInt16BE(len);
  if (ext.length === 8) ext.writeBigUInt64BE(BigInt(len));
  const b1 = len < 126 ? len : len < 0x10000 ? 126 : 127;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, b1]), ext, payload]);
}

interface ClientFrame {
  opcode: number;
  fin: boolean;
  maskKey: Buffer;
  payload: Buffer;
}

/**
 * A fake server end: collects the client's frames (which must be masked) and whether the
 * client ended its side.
 */
function fakeServer(side: Duplex) {
  const frames: ClientFrame[] = [];
  let buf = Buffer.alloc(0);
  const state = { ended: false };
  side.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      const b1 = buf[1]!;
      if (!(b1 & 0x80)) throw new Error('a client frame without a mask');
      const short = b1 & 0x7f;
      const ext = short === 126 ? 2 : short === 127 ? 8 : 0;
      if (buf.length < 2 + ext + 4) return;
      const len = ext === 2 ? buf.readUInt16BE(2) : ext === 8 ? Number(buf.readBigUInt64BE(2)) : short;
      const start = 2 + ext + 4;
      if (buf.length < start + len) return;
      const maskKey = Buffer.from(buf.subarray(2 + ext, start));
      const payload = Buffer.from(buf.subarray(start, start + len));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= maskKey[i & 3]!;
      frames.push({ opcode: buf[0]! & 0x0f, fin: (buf[0]! & 0x80) !== 0, maskKey, payload });
      buf = buf.subarray(start + len);
    }
  });
  side.on('end', () => (state.ended = true));
  const data = () => Buffer.concat(frames.filter((f) => f.opcode === Opcode.binary).map((f) => f.payload));
  return { frames, state, data, send: (b: Buffer) => side.write(b) };
}

function setup(head?: Buffer, closeWaitMs?: number) {
  const [client, server] = duplexPair();
  const stream = new WebSocketByteStream(client, head, { closeWaitMs });
  const errors: Error[] = [];
  stream.on('error', (e) => errors.push(e));
  return { stream, client, server, fake: fakeServer(server), errors };
}

const settled = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

describe('WebSocketByteStream: what we send', () => {
  it('a write is one binary message, masked with a zero key', async () => {
    const { stream, fake } = setup();
    stream.write(hex('80030006 00000004 00000001'));
    await settled();
    expect(fake.frames).toEqual([
      {
        opcode: Opcode.binary,
        fin: true,
        maskKey: hex('00000000'),
        payload: hex('80030006 00000004 00000001'),
      },
    ]);
  });

  it('a write larger than 64 KiB goes as 64 KiB messages; the bytes arrive whole', async () => {
    const { stream, fake } = setup();
    const big = randomBytes(3 * MAX_MESSAGE_BYTES + 100);
    await new Promise<void>((resolve) => stream.write(big, () => resolve()));
    await settled();
    expect(fake.frames.map((f) => f.payload.length)).toEqual([
      MAX_MESSAGE_BYTES,
      MAX_MESSAGE_BYTES,
      MAX_MESSAGE_BYTES,
      100,
    ]);
    expect(sha(fake.data())).toBe(sha(big));
  });

  it('writes queued together go out as one message', async () => {
    const { stream, fake } = setup();
    stream.cork();
    stream.write(hex('0102'));
    stream.write(hex('0304'));
    stream.write(hex('05'));
    stream.uncork();
    await settled();
    expect(fake.frames.map((f) => f.payload)).toEqual([hex('0102030405')]);
  });

  it('a write waits while the socket does not drain (backpressure out)', async () => {
    const { stream, server, fake } = setup();
    server.pause();
    let done = false;
    stream.write(randomBytes(4 * 1024 * 1024), () => (done = true));
    await settled();
    expect(done).toBe(false);
    server.resume();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(true);
    expect(fake.data().length).toBe(4 * 1024 * 1024);
  });

  it('end() sends close 1000, then ends the socket', async () => {
    const { stream, fake } = setup();
    stream.end();
    await settled();
    expect(fake.frames).toEqual([
      { opcode: Opcode.close, fin: true, maskKey: hex('00000000'), payload: hex('03e8') },
    ]);
    expect(fake.state.ended).toBe(true);
  });

  it('a server that never answers our close: the connection is dropped after the wait, the stream closes', async () => {
    const { stream, client, fake, errors } = setup(undefined, 50);
    const closed = new Promise<void>((r) => stream.once('close', () => r()));
    stream.resume();
    stream.end();
    await closed;
    expect(fake.frames.map((f) => f.opcode)).toEqual([Opcode.close]);
    expect(client.destroyed).toBe(true);
    expect(errors).toEqual([]);
  });

  it('ping() sends a WebSocket ping; the pong is the pong event', async () => {
    const { stream, fake } = setup();
    const pong = new Promise<Buffer>((r) => stream.once('pong', r));
    expect(stream.ping(Buffer.from('hi'))).toBe(true);
    await settled();
    expect(fake.frames[0]).toMatchObject({ opcode: Opcode.ping, payload: Buffer.from('hi') });
    fake.send(serverFrame(Opcode.pong, Buffer.from('hi')));
    expect(await pong).toEqual(Buffer.from('hi'));
  });

  it('ping() after the stream ended sends nothing and says so', async () => {
    const { stream, fake, errors } = setup();
    stream.end();
    await settled();
    expect(stream.ping()).toBe(false);
    await settled();
    expect(fake.frames.map((f) => f.opcode)).toEqual([Opcode.close]);
    expect(errors).toEqual([]);
  });
});

describe('WebSocketByteStream: what the server sends', () => {
  it('binary messages are bytes; their boundaries mean nothing (kube-apiserver v1.36.3 recorded)', async () => {
    const { stream, fake } = setup();
    const got: Buffer[] = [];
    stream.on('data', (d: Buffer) => got.push(d));
    // The API server's answer to a SPDY PING: one message per write of its SPDY layer.
    fake.send(hex('82028003 82020006 820400000004 820400000001'));
    await settled();
    expect(Buffer.concat(got)).toEqual(hex('80030006 00000004 00000001'));
    // Four messages read at once go up as one chunk, not four.
    expect(got).toHaveLength(1);
  });

  it('bytes that came with the 101 are read first', async () => {
    const { stream, fake } = setup(hex('82020102'));
    const got: Buffer[] = [];
    stream.on('data', (d: Buffer) => got.push(d));
    fake.send(hex('82020304'));
    await settled();
    expect(Buffer.concat(got)).toEqual(hex('01020304'));
  });

  it("the server's ping is answered with a pong carrying its payload", async () => {
    const { fake } = setup();
    fake.send(serverFrame(Opcode.ping, Buffer.from('tether')));
    await settled();
    expect(fake.frames).toEqual([
      { opcode: Opcode.pong, fin: true, maskKey: hex('00000000'), payload: Buffer.from('tether') },
    ]);
  });

  it('a close 1000 ends the stream without an error and is answered with a close', async () => {
    const { stream, fake, errors } = setup();
    const ended = new Promise<void>((r) => stream.once('end', r));
    stream.resume();
    fake.send(hex('880203e8'));
    await ended;
    await settled();
    expect(errors).toEqual([]);
    expect(fake.frames).toEqual([
      { opcode: Opcode.close, fin: true, maskKey: hex('00000000'), payload: hex('03e8') },
    ]);
    expect(fake.state.ended).toBe(true);
  });

  it('a close with an error code ends the stream with the code and reason in words', async () => {
    const { stream, fake } = setup();
    const err = new Promise<Error>((r) => stream.once('error', r));
    fake.send(serverFrame(Opcode.close, Buffer.concat([hex('03f3'), Buffer.from('backend gone')])));
    expect((await err).message).toBe('the API server closed the tunnel (1011: backend gone)');
  });

  it('a text message is a protocol error: the stream errors and closes with 1003', async () => {
    const { stream, fake } = setup();
    const err = new Promise<Error>((r) => stream.once('error', r));
    fake.send(serverFrame(Opcode.text, Buffer.from('hello')));
    expect((await err).message).toBe('the API server sent a text message on a binary tunnel');
    await settled();
    expect(fake.frames.at(-1)).toMatchObject({ opcode: Opcode.close });
    expect(fake.frames.at(-1)!.payload.readUInt16BE(0)).toBe(1003);
  });

  it('a broken frame errors with the reason and closes with 1002 and that reason', async () => {
    const { stream, fake } = setup();
    const err = new Promise<Error>((r) => stream.once('error', r));
    fake.send(hex('c2 00'));
    expect((await err).message).toBe(
      'the API server broke the WebSocket protocol: reserved bits set (0x40) without an extension',
    );
    await settled();
    const close = fake.frames.at(-1)!;
    expect(close.payload.readUInt16BE(0)).toBe(1002);
    expect(close.payload.subarray(2).toString()).toMatch(/^the API server broke/);
  });

  it('the connection ending without a close is an error in words', async () => {
    const { stream, server } = setup();
    const err = new Promise<Error>((r) => stream.once('error', r));
    stream.resume();
    server.end();
    expect((await err).message).toBe('the API server ended the tunnel without closing the WebSocket');
  });

  it('the socket is paused while pushed bytes are not taken (backpressure in), and nothing is lost', async () => {
    const { stream, client, fake } = setup();
    const sent: Buffer[] = [];
    for (let i = 0; i < 64; i++) {
      const part = randomBytes(16 * 1024);
      sent.push(part);
      fake.send(serverFrame(Opcode.binary, part));
    }
    await settled();
    expect(client.isPaused()).toBe(true);
    expect(stream.readableLength).toBeLessThan(1024 * 1024);
    const got: Buffer[] = [];
    stream.on('data', (d: Buffer) => got.push(d));
    await new Promise((r) => setTimeout(r, 50));
    expect(sha(Buffer.concat(got))).toBe(sha(Buffer.concat(sent)));
  });

  it('writing after the server closed fails in words', async () => {
    const { stream, fake } = setup();
    stream.resume();
    fake.send(hex('880203e8'));
    await settled();
    const err = await new Promise<Error | null | undefined>((r) => stream.write(hex('01'), r));
    expect(err?.message).toMatch(/write after end|the tunnel is closed/);
  });
});

describe('WebSocketByteStream: properties', () => {
  it('any messages, pings between them and any cutting of the bytes: the stream reads exactly the payloads, every ping is answered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc
              .uint8Array({ minLength: 0, maxLength: 300 })
              .map((b) => ({ kind: 'data' as const, bytes: Buffer.from(b) })),
            fc.uint8Array({ maxLength: 20 }).map((b) => ({ kind: 'ping' as const, bytes: Buffer.from(b) })),
          ),
          { maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (messages, cuts) => {
          const { stream, fake, errors } = setup();
          const got: Buffer[] = [];
          stream.on('data', (d: Buffer) => got.push(d));
          const wire = Buffer.concat(
            messages.map((m) => serverFrame(m.kind === 'data' ? Opcode.binary : Opcode.ping, m.bytes)),
          );
          const at = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
          let from = 0;
          for (const to of [...at, wire.length]) {
            if (to > from) fake.send(wire.subarray(from, to));
            from = to;
          }
          await settled();
          expect(errors).toEqual([]);
          const sent = messages.filter((m) => m.kind === 'data').map((m) => m.bytes);
          expect(Buffer.concat(got)).toEqual(Buffer.concat(sent));
          const pings = messages.filter((m) => m.kind === 'ping').map((m) => m.bytes);
          expect(fake.frames.filter((f) => f.opcode === Opcode.pong).map((f) => f.payload)).toEqual(pings);
          stream.destroy();
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);

  it('any writes, in any grouping: the server reads exactly the bytes, in messages of at most 64 KiB', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 150_000 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (sizes, corked) => {
          const { stream, fake } = setup();
          const writes = sizes.map((n) => randomBytes(n));
          if (corked) stream.cork();
          for (const w of writes) stream.write(w);
          if (corked) stream.uncork();
          await new Promise<void>((r) => stream.write(Buffer.alloc(0), () => r()));
          await settled();
          expect(sha(fake.data())).toBe(sha(Buffer.concat(writes)));
          for (const f of fake.frames) expect(f.payload.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
          stream.destroy();
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);
});

describe('messagesOf: writes grouped into messages', () => {
  it('keeps a write whole when it fits, splits only a write larger than a message', () => {
    const b = (n: number) => Buffer.alloc(n);
    const sizes = (ms: Buffer[][]) => ms.map((m) => m.map((p) => p.length));
    expect(sizes(messagesOf([b(10), b(20)], 64))).toEqual([[10, 20]]);
    expect(sizes(messagesOf([b(40), b(40)], 64))).toEqual([[40], [40]]);
    expect(sizes(messagesOf([b(10), b(150), b(5)], 64))).toEqual([[10], [64], [64], [22, 5]]);
    expect(sizes(messagesOf([b(0), b(0)], 64))).toEqual([]);
  });

  it('keeps every byte in order and never makes a message past the cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 128 }),
        (arrays, max) => {
          const chunks = arrays.map((a) => Buffer.from(a));
          const messages = messagesOf(chunks, max);
          expect(Buffer.concat(messages.flat())).toEqual(Buffer.concat(chunks));
          for (const m of messages) {
            const size = m.reduce((n, p) => n + p.length, 0);
            expect(size).toBeGreaterThan(0);
            expect(size).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
});
