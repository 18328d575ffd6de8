import fc from 'fast-check';
import { constants, createDeflate, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import {
  adler32,
  decodeNameValues,
  encodeNameValues,
  HeaderCompressor,
  HeaderDecompressor,
  type HeaderList,
} from './headerBlock';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const inflateAll = (b: Buffer) =>
  inflateSync(b, { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });

describe('SPDY/3 dictionary', () => {
  it('is the 1423 bytes whose adler32 is the well-known SPDY/3 dictionary id 0xe3c6a7c2', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(adler32(SPDY3_DICTIONARY)).toBe(0xe3c6a7c2);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
  });

  it('adler32 matches RFC 1950 on a known value', () => {
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
  });
});

describe('name/value blocks', () => {
  it('lays out count, then length-prefixed lowercase names and values', () => {
    expect(encodeNameValues([['port', '80']])).toEqual(hex('00000001 00000004 706f7274 00000002 3830'));
    expect(encodeNameValues([])).toEqual(hex('00000000'));
  });

  it('refuses an upper-case name when encoding (the server would drop the connection)', () => {
    expect(() => encodeNameValues([['streamType', 'data']])).toThrow(/not lowercase/);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /0 bytes \(cut short\)/],
    ['a count larger than the bytes', '00000005 00000000', /claiming 5 headers in 8 bytes/],
    ['cut in a name length', '00000001 0000', /claiming 1 headers/],
    ['cut in a name', '00000001 00000009 6162 00000000', /cut short in a name \(9 bytes announced\)/],
    ['cut in a value', '00000001 00000001 61 00000009 62', /cut short in a value/],
    ['an upper-case name', '00000001 00000001 41 00000000', /"A" is not lowercase/],
    ['an empty name', '00000001 00000000 00000000', /empty name/],
    ['bytes after the last header', '00000000 ff', /1 bytes after the last header/],
  ];
  it.each(bad)('%s: a clear invalid result', (_n, bytes, reason) => {
    const r = decodeNameValues(hex(bytes));
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it('round-trips any lowercase headers', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 20 })
      .map((s) => s.toLowerCase())
      .filter((s) => s === s.toLowerCase());
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 40 }))), (headers) => {
        const r = decodeNameValues(encodeNameValues(headers));
        expect(r).toEqual({ kind: 'ok', headers });
      }),
    );
  });

  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void decodeNameValues(Buffer.from(b))));
  });
});

describe('HeaderCompressor (stored zlib blocks on one stream)', () => {
  const pair: HeaderList = [
    ['streamtype', 'error'],
    ['port', '8080'],
    ['requestid', '0'],
  ];

  it('starts the stream with a zlib header naming the dictionary, then one stored block per header block', () => {
    const c = new HeaderCompressor();
    const first = c.compress(pair);
    expect(first.subarray(0, 6)).toEqual(hex('7820 e3c6a7c2'));
    expect(((first[0]! << 8) | first[1]!) % 31).toBe(0);
    const plain = encodeNameValues(pair);
    expect(first.subarray(6, 11)).toEqual(
      Buffer.from([
        0,
        plain.length & 0xff,
        plain.length >> 8,
        ~plain.length & 0xff,
        (~plain.length >> 8) & 0xff,
      ]),
    );
    expect(first.subarray(-5)).toEqual(hex('00 0000 ffff')); // the sync-flush marker ends each block
    const second = c.compress([['port', '1']]);
    expect(second[0]).toBe(0); // no second zlib header: the same stream goes on
    expect(second.subarray(-5)).toEqual(hex('00 0000 ffff'));
  });

  it("node's inflate with the dictionary reads the blocks of one stream back, in order", () => {
    const c = new HeaderCompressor();
    const blocks: HeaderList[] = [
      pair,
      [
        ['streamtype', 'data'],
        ['port', '8080'],
        ['requestid', '0'],
      ],
      [],
    ];
    const stream = Buffer.concat(blocks.map((b) => c.compress(b)));
    expect(inflateAll(stream)).toEqual(Buffer.concat(blocks.map((b) => encodeNameValues(b))));
  });

  it('splits a block over 64 KiB into several stored blocks that inflate to the same bytes', () => {
    const c = new HeaderCompressor();
    const big: HeaderList = [['x', 'v'.repeat(70_000)]];
    expect(inflateAll(c.compress(big))).toEqual(encodeNameValues(big));
  });
});

describe('HeaderDecompressor (the server direction)', () => {
  /** One zlib deflate stream with the dictionary and a sync flush after each block, as Go's. */
  async function goLikeStream(blocks: HeaderList[]): Promise<Buffer[]> {
    const z = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
    const out: Buffer[] = [];
    for (const b of blocks) {
      z.write(encodeNameValues(b));
      await new Promise<void>((r) => z.flush(constants.Z_SYNC_FLUSH, () => r()));
      const parts: Buffer[] = [];
      for (let c: unknown = z.read(); c !== null; c = z.read()) parts.push(c as Buffer);
      out.push(Buffer.concat(parts));
    }
    z.destroy();
    return out;
  }

  it('decodes real (compressed) blocks of one stream in order', async () => {
    const blocks: HeaderList[] = [[], [['a', 'b']], []];
    const d = new HeaderDecompressor();
    const parts = await goLikeStream(blocks);
    const results = await Promise.all(parts.map((p) => d.decode(p)));
    expect(results).toEqual(blocks.map((headers) => ({ kind: 'ok', headers })));
    d.close();
  });

  it('decodes our own stored blocks', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    expect(await d.decode(c.compress([['port', '80']]))).toEqual({ kind: 'ok', headers: [['port', '80']] });
    expect(await d.decode(c.compress([]))).toEqual({ kind: 'ok', headers: [] });
    d.close();
  });

  it('a block that is not zlib: a clear error, and every later block fails with it', async () => {
    const d = new HeaderDecompressor();
    const r = await d.decode(Buffer.from('definitely not zlib'));
    expect(r).toEqual({
      kind: 'invalid',
      reason: expect.stringMatching(/header compression stream is corrupt/) as string,
    });
    expect((await d.decode(new HeaderCompressor().compress([]))).kind).toBe('invalid');
  });

  it('a truncated block: a clear error saying the block was cut short', async () => {
    const c = new HeaderCompressor();
    const whole = c.compress([['streamtype', 'data']]);
    const d = new HeaderDecompressor();
    const r = await d.decode(whole.subarray(0, whole.length - 8));
    expect(r).toEqual({ kind: 'invalid', reason: expect.stringMatching(/cut short/) as string });
  });

  it('a zlib stream primed with another dictionary: a clear error', async () => {
    const other = deflateSync(encodeNameValues([]), {
      dictionary: Buffer.from('another dictionary'),
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    const r = await new HeaderDecompressor().decode(other);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(/corrupt .*dictionary/i);
  });
});
