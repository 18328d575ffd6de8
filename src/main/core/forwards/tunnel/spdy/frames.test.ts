import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeData,
  encodeGoAway,
  encodeHeaders,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  FrameReader,
  MAX_CONTROL_LENGTH,
  rstStatusName,
  type Frame,
  type InvalidFrame,
} from './frames';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const readAll = (bytes: Buffer) => new FrameReader().push(bytes);

describe('SPDY/3 frame encoding (byte layouts of draft 3 / spdystream)', () => {
  it('DATA: stream id, FIN flag, 24-bit length, payload, as one buffer', () => {
    expect(encodeData(3, Buffer.from('hi'), true)).toEqual(hex('00000003 01000002 6869'));
    expect(encodeData(0x7fffffff, Buffer.alloc(0))).toEqual(hex('7fffffff 00000000'));
  });

  it('SYN_STREAM: control bit, version 3, type 1, flags, length 10 + block, ids, priority, slot', () => {
    expect(encodeSynStream(1, hex('aabb'), { fin: true, priority: 7 })).toEqual(
      hex('80030001 0100000c 00000001 00000000 e000 aabb'),
    );
  });

  it('SYN_REPLY, HEADERS, RST_STREAM, PING, GOAWAY, SETTINGS, WINDOW_UPDATE', () => {
    expect(encodeSynReply(5, hex('01'))).toEqual(hex('80030002 00000005 00000005 01'));
    expect(encodeHeaders(5, hex('01'), true)).toEqual(hex('80030008 01000005 00000005 01'));
    expect(encodeRstStream(9, 5)).toEqual(hex('80030003 00000008 00000009 00000005'));
    expect(encodePing(1)).toEqual(hex('80030006 00000004 00000001'));
    expect(encodeGoAway(7, 0)).toEqual(hex('80030007 00000008 00000007 00000000'));
    expect(encodeSettings([[4, 100]])).toEqual(hex('80030004 0000000c 00000001 00000004 00000064'));
    expect(encodeWindowUpdate(3, 65536)).toEqual(hex('80030009 00000008 00000003 00010000'));
  });

  it('refuses stream id 0 or above 31 bits when encoding', () => {
    expect(() => encodeData(0, Buffer.alloc(0))).toThrow(/bad stream id/);
    expect(() => encodeRstStream(0x80000000, 5)).toThrow(/bad stream id/);
  });

  it('names RST statuses', () => {
    expect(rstStatusName(5)).toBe('CANCEL');
    expect(rstStatusName(3)).toBe('REFUSED_STREAM');
    expect(rstStatusName(99)).toBe('status 99');
  });
});

describe('FrameReader', () => {
  it('reads every frame type back with its fields', () => {
    const bytes = Buffer.concat([
      encodeData(3, Buffer.from('abc'), true),
      encodeSynStream(1, hex('beef'), { unidirectional: true, associatedId: 0, priority: 3 }),
      encodeSynReply(3, hex('01020304'), true),
      encodeRstStream(3, 1),
      encodeSettings([
        [1, 2],
        [3, 4],
      ]),
      encodePing(2),
      encodeGoAway(9, 1),
      encodeHeaders(1, hex('ff')),
      encodeWindowUpdate(1, 100),
    ]);
    const frames = readAll(bytes);
    expect(frames).toEqual([
      { kind: 'data', streamId: 3, fin: true, data: Buffer.from('abc') },
      {
        kind: 'syn_stream',
        streamId: 1,
        associatedId: 0,
        priority: 3,
        fin: false,
        unidirectional: true,
        headerBlock: hex('beef'),
      },
      { kind: 'syn_reply', streamId: 3, fin: true, headerBlock: hex('01020304') },
      { kind: 'rst_stream', streamId: 3, status: 1 },
      { kind: 'settings', count: 2 },
      { kind: 'ping', id: 2 },
      { kind: 'goaway', lastGoodStreamId: 9, status: 1 },
      { kind: 'headers', streamId: 1, fin: false, headerBlock: hex('ff') },
      { kind: 'window_update', streamId: 1, delta: 100 },
    ]);
  });

  it('waits for the rest of a frame split across chunks, byte by byte', () => {
    const r = new FrameReader();
    const bytes = encodeData(1, Buffer.from('hello'));
    for (let i = 0; i < bytes.length - 1; i++) expect(r.push(bytes.subarray(i, i + 1))).toEqual([]);
    expect(r.push(bytes.subarray(bytes.length - 1))).toEqual([
      { kind: 'data', streamId: 1, fin: false, data: Buffer.from('hello') },
    ]);
  });

  it('an unknown control type is passed on as unknown (SPDY says ignore it), not an error', () => {
    expect(readAll(hex('8003000a 00000002 abcd'))).toEqual([{ kind: 'unknown', type: 10 }]);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['a DATA frame on stream 0', '00000000 00000000', /DATA frame on stream 0/],
    ['another SPDY version', '80020001 0000000a 00000001 00000000 0000', /SPDY version 2, not 3/],
    ['a short SYN_STREAM', '80030001 00000004 00000001', /SYN_STREAM frame of 4 bytes, under 10/],
    ['SYN_REPLY on stream 0', '80030002 00000004 00000000', /SYN_REPLY frame on stream 0/],
    ['RST_STREAM of 4 bytes', '80030003 00000004 00000001', /RST_STREAM frame of 4 bytes, not 8/],
    ['RST_STREAM status 0', '80030003 00000008 00000001 00000000', /status 0/],
    ['PING id 0', '80030006 00000004 00000000', /PING frame with id 0/],
    ['PING of 8 bytes', '80030006 00000008 00000001 00000001', /PING frame of 8 bytes, not 4/],
    ['GOAWAY of 4 bytes', '80030007 00000004 00000001', /GOAWAY frame of 4 bytes, not 8/],
    ['SETTINGS whose count lies', '80030004 00000004 00000002', /SETTINGS frame of 4 bytes for 2 settings/],
    ['WINDOW_UPDATE of 4 bytes', '80030009 00000004 00000001', /WINDOW_UPDATE frame of 4 bytes, not 8/],
  ];
  it.each(malformed)('%s: one clear invalid result, then nothing more', (_name, bytes, reason) => {
    const r = new FrameReader();
    const out = r.push(Buffer.concat([encodePing(1), hex(bytes), encodePing(3)]));
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({ kind: 'ping', id: 1 });
    expect(out[1]!.kind).toBe('invalid');
    expect((out[1] as InvalidFrame).reason).toMatch(reason);
    expect(r.push(encodePing(5))).toEqual([]);
  });

  it('an oversized control frame is refused from its header, before its body is buffered', () => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(0x80030002, 0);
    header.writeUInt32BE(MAX_CONTROL_LENGTH + 1, 4);
    const out = new FrameReader().push(header);
    expect(out).toEqual([
      { kind: 'invalid', reason: expect.stringMatching(/control frame of \d+ bytes/) as string },
    ]);
  });

  it('a DATA frame of the largest length the field allows is accepted once whole', () => {
    const r = new FrameReader();
    const frame = encodeData(1, Buffer.alloc(0xffffff, 7));
    expect(r.push(frame.subarray(0, 100_000))).toEqual([]);
    const [f] = r.push(frame.subarray(100_000));
    expect(f).toMatchObject({ kind: 'data', streamId: 1 });
    expect((f as Extract<Frame, { kind: 'data' }>).data.length).toBe(0xffffff);
  });

  it('random bytes never throw, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(300), { maxLength: 20 }),
        (bytes, cuts) => {
          const r = new FrameReader();
          const buf = Buffer.from(bytes);
          let at = 0;
          for (const c of cuts) {
            r.push(buf.subarray(at, at + c));
            at += c;
          }
          r.push(buf.subarray(at));
        },
      ),
    );
  });

  const frameArb: fc.Arbitrary<Buffer> = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.uint8Array({ maxLength: 300 }), fc.boolean())
      .map(([id, d, fin]) => encodeData(id, d, fin)),
    fc
      .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.uint8Array({ maxLength: 100 }))
      .map(([id, hb]) => encodeSynStream(id, hb)),
    fc
      .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.uint8Array({ maxLength: 100 }), fc.boolean())
      .map(([id, hb, fin]) => encodeSynReply(id, hb, fin)),
    fc
      .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.integer({ min: 1, max: 11 }))
      .map(([id, st]) => encodeRstStream(id, st)),
    fc.integer({ min: 1, max: 0xffffffff }).map((id) => encodePing(id)),
    fc.nat(0x7fffffff).map((id) => encodeGoAway(id)),
    fc.nat(0x7fffffff).map((d) => encodeWindowUpdate(1, d)),
  );

  it('any chunking of valid frames gives the same frames as one chunk', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(64)),
        (frames, cuts) => {
          const all = Buffer.concat(frames);
          const whole = readAll(all);
          expect(whole).toHaveLength(frames.length);
          expect(whole.some((f) => f.kind === 'invalid')).toBe(false);
          const r = new FrameReader();
          const pieces: Array<Frame | InvalidFrame> = [];
          let at = 0;
          for (const c of cuts) {
            pieces.push(...r.push(all.subarray(at, at + c)));
            at += c;
          }
          pieces.push(...r.push(all.subarray(at)));
          expect(pieces).toEqual(whole);
        },
      ),
    );
  });
});
