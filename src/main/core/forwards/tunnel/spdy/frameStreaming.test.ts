import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeData, encodeDataHeader, encodePing, encodeRstStream, FrameReader, type Frame } from './frames';

type Data = Extract<Frame, { kind: 'data' }>;

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

/** DATA pieces joined back into one frame per FIN or per frame end; other frames as they are. */
function joined(frames: Frame[], lengths: number[]) {
  const out: Frame[] = [];
  let parts: Buffer[] = [];
  let want = 0;
  for (const f of frames) {
    if (f.kind !== 'data') {
      out.push(f);
      continue;
    }
    if (parts.length === 0) want = lengths.shift()!;
    parts.push(f.data);
    const got = parts.reduce((n, p) => n + p.length, 0);
    if (got === want) {
      out.push({ ...f, data: Buffer.concat(parts) });
      parts = [];
    }
  }
  return out;
}

describe('SPDY FrameReader with streamData: DATA as it arrives, never copied', () => {
  it('encodeDataHeader is the first 8 bytes of encodeData', () => {
    const data = Buffer.from('hello');
    expect(encodeDataHeader(5, data.length, true)).toEqual(encodeData(5, data, true).subarray(0, 8));
    expect(() => encodeDataHeader(0, 1)).toThrow(RangeError);
    expect(() => encodeDataHeader(1, 0x1000000)).toThrow(RangeError);
  });

  it('a DATA frame over three chunks comes out as views of them, FIN on the last piece', () => {
    const payload = Buffer.alloc(40_000, 3);
    const chunks = chunksOf(encodeData(7, payload, true), [4, 20_000]);
    const r = new FrameReader({ streamData: true });
    const out = chunks.map((c) => r.push(c) as Data[]);
    expect(out[0]).toEqual([]);
    expect(out[1]!.map((f) => [f.streamId, f.fin])).toEqual([[7, false]]);
    expect(out[2]!.map((f) => [f.streamId, f.fin])).toEqual([[7, true]]);
    expect(out[1]![0]!.data.buffer).toBe(chunks[1]!.buffer);
    expect(out[2]![0]!.data.buffer).toBe(chunks[2]!.buffer);
    expect(Buffer.concat([out[1]![0]!.data, out[2]![0]!.data])).toEqual(payload);
  });

  it('an empty DATA with FIN still comes out; DATA on stream 0 is refused', () => {
    expect(new FrameReader({ streamData: true }).push(encodeData(3, Buffer.alloc(0), true))).toEqual([
      { kind: 'data', streamId: 3, fin: true, data: Buffer.alloc(0) },
    ]);
    const r = new FrameReader({ streamData: true });
    expect(r.push(Buffer.from('00000000 00000001 61'.replace(/ /g, ''), 'hex'))).toEqual([
      { kind: 'invalid', reason: 'a DATA frame on stream 0' },
    ]);
    expect(r.push(encodePing(1))).toEqual([]);
  });

  const frameArb = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 99 }), fc.uint8Array({ maxLength: 300 }), fc.boolean())
      .map(([id, d, fin]) => ({ bytes: encodeData(id, d, fin), length: d.length })),
    fc.constant({ bytes: encodeData(1, Buffer.alloc(20_000, 2)), length: 20_000 }),
    fc.integer({ min: 1, max: 99 }).map((id) => ({ bytes: encodeRstStream(id, 5), length: -1 })),
    fc.integer({ min: 1, max: 0xffff }).map((id) => ({ bytes: encodePing(id), length: -1 })),
  );

  it(
    'any chunking: the same frames as the whole reader, each DATA piece a view of one chunk',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.array(frameArb, { minLength: 1, maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (frames, cuts) => {
            const bytes = Buffer.concat(frames.map((f) => f.bytes));
            const whole = new FrameReader().push(bytes) as Frame[];
            const chunks = chunksOf(bytes, cuts);
            const r = new FrameReader({ streamData: true });
            const streamed = chunks.flatMap((c) => r.push(c)) as Frame[];
            const lengths = frames.filter((f) => f.length >= 0).map((f) => f.length);
            expect(joined(streamed, lengths)).toEqual(whole);
            const buffers = new Set(chunks.map((c) => c.buffer));
            for (const f of streamed)
              if (f.kind === 'data' && f.data.length > 0) expect(buffers.has(f.data.buffer)).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    },
  );
});
