import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Opcode, ServerFrameReader, type ServerFrame } from './wsFrames';

/** A server frame (unmasked) as a test builds it. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const ext = len < 126 ? Buffer.alloc(0) : len < 0x10000 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (ext.length === 2) ext.writeUInt16BE(len);
  if (ext.length === 8) ext.writeBigUInt64BE(BigInt(len));
  const b1 = len < 126 ? len : len < 0x10000 ? 126 : 127;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, b1]), ext, payload]);
}

/** Cuts `bytes` at `cuts` into chunks, each its own copy (as a socket hands them over). */
function chunksOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(from, to)));
    from = to;
  }
  return out;
}

/** Data pieces joined back into messages; control frames as they are. */
function joined(frames: ServerFrame[]) {
  const out: ServerFrame[] = [];
  let parts: Buffer[] = [];
  for (const f of frames) {
    if (f.kind !== 'binary' && f.kind !== 'text') {
      out.push(f);
      continue;
    }
    parts.push(f.payload);
    if (f.fin) {
      out.push({ kind: f.kind, payload: Buffer.concat(parts), fin: true });
      parts = [];
    }
  }
  return out;
}

describe('ServerFrameReader with streamData: payloads as they arrive, never copied', () => {
  it('a binary frame split over three chunks comes out as three views, fin on the last', () => {
    const payload = Buffer.alloc(70_000, 7);
    const bytes = serverFrame(Opcode.binary, payload);
    const chunks = chunksOf(bytes, [5, 30_000]);
    const r = new ServerFrameReader({ streamData: true });
    const out = chunks.map((c) => r.push(c));
    // The first chunk holds the 10-byte header (2 + 8 length bytes): nothing of the payload yet.
    expect(out[0]).toEqual([]);
    expect(out[1]).toHaveLength(1);
    expect(out[2]).toHaveLength(1);
    type Binary = Extract<ServerFrame, { fin: boolean }>;
    const a = out[1]![0]! as Binary;
    const b = out[2]![0]! as Binary;
    expect([a.fin, b.fin]).toEqual([false, true]);
    expect(a.payload.buffer).toBe(chunks[1]!.buffer);
    expect(b.payload.buffer).toBe(chunks[2]!.buffer);
    expect(Buffer.concat([a.payload, b.payload])).toEqual(payload);
  });

  it('an empty frame still comes out, with its fin', () => {
    const r = new ServerFrameReader({ streamData: true });
    expect(r.push(serverFrame(Opcode.binary, Buffer.alloc(0)))).toEqual([
      { kind: 'binary', payload: Buffer.alloc(0), fin: true },
    ]);
  });

  it('protocol errors are still caught: a stray continuation, a new message inside one', () => {
    const stray = new ServerFrameReader({ streamData: true }).push(
      serverFrame(Opcode.continuation, Buffer.from('x')),
    );
    expect(stray).toEqual([{ kind: 'invalid', reason: 'a continuation frame outside a message' }]);
    const r = new ServerFrameReader({ streamData: true });
    const out = r.push(
      Buffer.concat([
        serverFrame(Opcode.binary, Buffer.from('a'), false),
        serverFrame(Opcode.binary, Buffer.from('b')),
      ]),
    );
    expect(out.at(-1)).toEqual({ kind: 'invalid', reason: 'a new message before the last one ended' });
    expect(r.broken).toBe(true);
  });

  const frameArb = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => serverFrame(Opcode.binary, Buffer.from(b))),
    fc.uint8Array({ maxLength: 125 }).map((b) => serverFrame(Opcode.ping, Buffer.from(b))),
    fc
      .tuple(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }))
      .map(([a, b]) =>
        Buffer.concat([
          serverFrame(Opcode.binary, Buffer.from(a), false),
          serverFrame(Opcode.continuation, Buffer.from(b)),
        ]),
      ),
    fc.constant(serverFrame(Opcode.binary, Buffer.alloc(20_000, 1))),
  );

  it(
    'any chunking: the same messages as whole frames, each piece a view of one chunk',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.array(frameArb, { minLength: 1, maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (frames, cuts) => {
            const bytes = Buffer.concat(frames);
            const whole = new ServerFrameReader().push(bytes);
            const chunks = chunksOf(bytes, cuts);
            const r = new ServerFrameReader({ streamData: true });
            const streamed = chunks.flatMap((c) => r.push(c));
            expect(joined(streamed)).toEqual(joined(whole));
            const buffers = new Set(chunks.map((c) => c.buffer));
            for (const f of streamed)
              if ((f.kind === 'binary' || f.kind === 'text') && f.payload.length > 0)
                expect(buffers.has(f.payload.buffer)).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    },
  );
});
