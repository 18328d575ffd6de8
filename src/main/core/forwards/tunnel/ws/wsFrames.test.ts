import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeFrame,
  encodeFrame,
  frameHeader,
  isValidCloseCode,
  Opcode,
  ServerFrameReader,
  type ServerFrame,
} from './wsFrames';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const readAll = (bytes: Buffer, max?: number) => new ServerFrameReader(max).push(bytes);

/** Feeds `bytes` to a fresh reader in pieces cut at `cuts`, collecting every frame. */
function readChunked(bytes: Buffer, cuts: number[], max?: number): ServerFrame[] {
  const r = new ServerFrameReader(max);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: ServerFrame[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(...r.push(bytes.subarray(from, to)));
    from = to;
  }
  return out;
}

/** A server frame (unmasked) as a test builds it. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const ext = len < 126 ? Buffer.alloc(0) : len < 0x10000 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (ext.length === 2) ext.writeUInt16BE(len);
  if (ext.length === 8) ext.writeBigUInt64BE(BigInt(len));
  const b1 = len < 126 ? len : len < 0x10000 ? 126 : 127;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, b1]), ext, payload]);
}

describe('RFC 6455 §5.7 examples', () => {
  it('a single-frame unmasked text message "Hello"', () => {
    expect(readAll(hex('81 05 48 65 6c 6c 6f'))).toEqual([
      { kind: 'text', payload: Buffer.from('Hello'), fin: true },
    ]);
  });

  it('a single-frame masked text message "Hello" is what we encode with its mask key', () => {
    expect(encodeFrame(Opcode.text, Buffer.from('Hello'), hex('37 fa 21 3d'))).toEqual(
      hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'),
    );
  });

  it('the same masked frame from a server is refused (servers must not mask)', () => {
    expect(readAll(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'))).toEqual([
      { kind: 'invalid', reason: 'a masked frame from the server (servers must not mask)' },
    ]);
  });

  it('a fragmented unmasked text message "Hel" + "lo"', () => {
    expect(readAll(hex('01 03 48 65 6c 80 02 6c 6f'))).toEqual([
      { kind: 'text', payload: Buffer.from('Hel'), fin: false },
      { kind: 'text', payload: Buffer.from('lo'), fin: true },
    ]);
  });

  it('an unmasked ping, and the masked pong answering it', () => {
    expect(readAll(hex('89 05 48 65 6c 6c 6f'))).toEqual([{ kind: 'ping', payload: Buffer.from('Hello') }]);
    expect(encodeFrame(Opcode.pong, Buffer.from('Hello'), hex('37 fa 21 3d'))).toEqual(
      hex('8a 85 37 fa 21 3d 7f 9f 4d 51 58'),
    );
  });

  it('256 bytes in one frame (16-bit length) and 64 KiB in one frame (64-bit length)', () => {
    const b256 = Buffer.alloc(256, 7);
    expect(readAll(Buffer.concat([hex('82 7e 01 00'), b256]))).toEqual([
      { kind: 'binary', payload: b256, fin: true },
    ]);
    const b64k = Buffer.alloc(65536, 9);
    expect(readAll(Buffer.concat([hex('82 7f 00 00 00 00 00 01 00 00'), b64k]))).toEqual([
      { kind: 'binary', payload: b64k, fin: true },
    ]);
  });
});

describe('frames recorded from kube-apiserver v1.36.3 (SPDY/3.1+portforward.k8s.io)', () => {
  // The answer to a SPDY PING (id 1): one binary message per write of the server's SPDY
  // layer, so 12 bytes of SPDY came as four messages; then the pong to our WebSocket ping
  // "tether", then the close answering our close 1000.
  const recorded = hex('82028003 82020006 820400000004 820400000001 8a06746574686572 880203e8');

  it('reads them as binary pieces that join into the SPDY PING, a pong and a close 1000', () => {
    const frames = readAll(recorded);
    const binary = frames.filter((f) => f.kind === 'binary');
    expect(Buffer.concat(binary.map((f) => (f as { payload: Buffer }).payload))).toEqual(
      hex('80030006 00000004 00000001'),
    );
    expect(frames.slice(4)).toEqual([
      { kind: 'pong', payload: Buffer.from('tether') },
      { kind: 'close', code: 1000, reason: '' },
    ]);
  });

  it('any cutting of the recorded bytes gives the same frames', () => {
    const whole = readAll(recorded);
    fc.assert(
      fc.property(fc.array(fc.nat(recorded.length), { maxLength: 12 }), (cuts) => {
        expect(readChunked(recorded, cuts)).toEqual(whole);
      }),
    );
  });
});

describe('client frames we send', () => {
  it('are masked with a zero key: the payload goes out as is', () => {
    expect(encodeFrame(Opcode.binary, hex('80030006 00000004 00000001'))).toEqual(
      hex('82 8c 00000000 80030006 00000004 00000001'),
    );
  });

  it('use 7-, 16- and 64-bit lengths at the boundaries', () => {
    expect(frameHeader(Opcode.binary, 125)).toEqual(hex('82 fd 00000000'));
    expect(frameHeader(Opcode.binary, 126)).toEqual(hex('82 fe 007e 00000000'));
    expect(frameHeader(Opcode.binary, 65535)).toEqual(hex('82 fe ffff 00000000'));
    expect(frameHeader(Opcode.binary, 65536)).toEqual(hex('82 ff 0000000000010000 00000000'));
    expect(frameHeader(Opcode.binary, 10, false)).toEqual(hex('02 8a 00000000'));
  });

  it('a close carries its code and reason, cut to fit a control frame', () => {
    expect(closeFrame()).toEqual(hex('88 82 00000000 03e8'));
    expect(closeFrame(1002, 'bad')).toEqual(hex('88 85 00000000 03ea 626164'));
    const long = closeFrame(1011, 'x'.repeat(300));
    expect(long[1]! & 0x7f).toBe(125);
    // Cut between characters: the reason stays valid UTF-8.
    const wide = closeFrame(1011, 'é'.repeat(100));
    expect(wide[1]! & 0x7f).toBeLessThanOrEqual(125);
    const reason = wide.subarray(2 + 4 + 2);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(reason)).toBe('é'.repeat(61));
    // Four bytes a character: still a control frame (at most 125 bytes).
    const emoji = closeFrame(1011, '😀'.repeat(100));
    expect(emoji[1]! & 0x7f).toBeLessThanOrEqual(125);
  });

  it('what we encode (unmasked) a reader reads back', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const payload = Buffer.from(bytes);
        const frame = encodeFrame(Opcode.binary, payload);
        // A server reader refuses masked frames: clear the mask bit to read ours back.
        const unmasked = Buffer.concat([frame.subarray(0, 1), Buffer.from([frame[1]! & 0x7f])]);
        const lengthBytes = (frame[1]! & 0x7f) === 126 ? 2 : (frame[1]! & 0x7f) === 127 ? 8 : 0;
        const rest = Buffer.concat([frame.subarray(2, 2 + lengthBytes), frame.subarray(2 + lengthBytes + 4)]);
        expect(readAll(Buffer.concat([unmasked, rest]))).toEqual([{ kind: 'binary', payload, fin: true }]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('a server breaking the protocol: one clear invalid frame, then nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['reserved bit RSV1 (a compressed frame nobody negotiated)', 'c2 00', /reserved bits set \(0x40\)/],
    ['reserved opcode 0x3', '83 00', /reserved opcode 0x3/],
    ['reserved control opcode 0xb', '8b 00', /reserved opcode 0xb/],
    ['a fragmented ping', '09 00', /fragmented control frame \(opcode 0x9\)/],
    ['a ping of 126 bytes', `89 7e 007e ${'00'.repeat(126)}`, /control frame of 126 bytes/],
    ['a continuation with no message', '80 01 00', /continuation frame outside a message/],
    ['a new message inside a fragmented one', '02 01 00 82 01 00', /new message before the last one ended/],
    ['a close with a 1-byte payload', '88 01 03', /1-byte payload/],
    ['a close with code 1005 (never sent on the wire)', '88 02 03ed', /code 1005/],
    ['a 64-bit length with its top bit set', '82 7f 8000000000000000', /top bit set/],
  ];
  it.each(cases)('%s', (_name, bytes, reason) => {
    const r = new ServerFrameReader();
    const frames = r.push(hex(bytes));
    expect(frames.at(-1)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(reason) });
    expect(r.broken).toBe(true);
    expect(r.push(hex('82 01 00'))).toEqual([]);
  });

  it('a frame past the size cap is refused from its header, before its payload arrives', () => {
    const r = new ServerFrameReader(1024);
    expect(r.push(hex('82 7e 0401'))).toEqual([
      { kind: 'invalid', reason: 'a frame of 1025 bytes, more than the 1024 allowed' },
    ]);
    expect(readAll(hex('82 7f 0000000100000000'), 1024)[0]).toMatchObject({ kind: 'invalid' });
  });

  it('a truncated frame yields nothing until the rest comes, and holds only its bytes', () => {
    const r = new ServerFrameReader();
    expect(r.push(hex('82'))).toEqual([]);
    expect(r.push(hex('7e 01'))).toEqual([]);
    expect(r.push(hex('00 aa'))).toEqual([]);
    expect(r.pending).toBe(1);
    expect(r.push(Buffer.alloc(255, 0xbb))).toEqual([
      { kind: 'binary', payload: Buffer.concat([hex('aa'), Buffer.alloc(255, 0xbb)]), fin: true },
    ]);
    expect(r.pending).toBe(0);
  });

  it('control frames between the fragments of a message', () => {
    const bytes = Buffer.concat([
      serverFrame(Opcode.binary, hex('01'), false),
      serverFrame(Opcode.ping, Buffer.from('p')),
      serverFrame(Opcode.continuation, hex('02'), false),
      serverFrame(Opcode.pong, Buffer.alloc(0)),
      serverFrame(Opcode.continuation, hex('03')),
      serverFrame(Opcode.close, Buffer.concat([hex('03e9'), Buffer.from('bye')])),
    ]);
    expect(readAll(bytes)).toEqual([
      { kind: 'binary', payload: hex('01'), fin: false },
      { kind: 'ping', payload: Buffer.from('p') },
      { kind: 'binary', payload: hex('02'), fin: false },
      { kind: 'pong', payload: Buffer.alloc(0) },
      { kind: 'binary', payload: hex('03'), fin: true },
      { kind: 'close', code: 1001, reason: 'bye' },
    ]);
  });

  it('an empty close has no code', () => {
    expect(readAll(hex('88 00'))).toEqual([{ kind: 'close', code: undefined, reason: '' }]);
  });

  it('close codes: the ones a peer may send', () => {
    expect([1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999].every(isValidCloseCode)).toBe(true);
    expect([0, 999, 1004, 1005, 1006, 1015, 2000, 2999, 5000].some(isValidCloseCode)).toBe(false);
  });
});

describe('properties', () => {
  it('random bytes never throw: frames or one invalid, nothing after it', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const r = new ServerFrameReader(4096);
        const frames = chunks.flatMap((c) => r.push(Buffer.from(c)));
        const bad = frames.findIndex((f) => f.kind === 'invalid');
        if (bad >= 0) expect(bad).toBe(frames.length - 1);
      }),
      { numRuns: 2000 },
    );
  });

  const frameArb = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => serverFrame(Opcode.binary, Buffer.from(b))),
    fc.uint8Array({ maxLength: 125 }).map((b) => serverFrame(Opcode.ping, Buffer.from(b))),
    fc.uint8Array({ maxLength: 125 }).map((b) => serverFrame(Opcode.pong, Buffer.from(b))),
    fc
      .tuple(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }))
      .map(([a, b]) =>
        Buffer.concat([
          serverFrame(Opcode.binary, Buffer.from(a), false),
          serverFrame(Opcode.continuation, Buffer.from(b)),
        ]),
      ),
    fc.constant(serverFrame(Opcode.binary, Buffer.alloc(70_000, 1))),
  );

  /** Frames with each payload as its sha256: large payloads compare fast. */
  const digest = (frames: ServerFrame[]) =>
    frames.map((f) =>
      'payload' in f ? { ...f, payload: createHash('sha256').update(f.payload).digest('hex') } : f,
    );

  it('any chunking of a valid frame sequence yields the same frames', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          const bytes = Buffer.concat(frames);
          const whole = readAll(bytes);
          expect(whole.some((f) => f.kind === 'invalid')).toBe(false);
          expect(digest(readChunked(bytes, cuts))).toEqual(digest(whole));
          // One byte at a time, the hardest cutting.
          if (bytes.length < 2000)
            expect(digest(readChunked(bytes, [...bytes.keys()]))).toEqual(digest(whole));
        },
      ),
      { numRuns: 200 },
    );
  });
});
