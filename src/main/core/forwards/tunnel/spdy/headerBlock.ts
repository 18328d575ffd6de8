import { SPDY3_DICTIONARY } from './dictionary';
import { createInflate, type Inflate, constants as zlibConstants } from 'node:zlib';

/**
 * SPDY/3 name/value header blocks (draft 3 §2.6.10): `u32 count`, then per pair `u32 length`
 * + lowercase name and `u32 length` + value (several values joined by NUL), the whole block
 * compressed with zlib primed with the SPDY/3 dictionary: ONE zlib stream per direction for
 * the life of the connection, each block ending on a byte boundary (a sync flush).
 */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** The most a decompressed block may hold: port-forward's are under 100 bytes. */
export const MAX_HEADER_BLOCK = 64 * 1024;

/** The uncompressed name/value block; names must already be lowercase (spdystream refuses others). */
export function encodeNameValues(headers: HeaderList): Buffer {
  const parts: Buffer[] = [u32(headers.length)];
  for (const [name, value] of headers) {
    if (name !== name.toLowerCase()) throw new RangeError(`header name "${name}" is not lowercase`);
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export type NameValuesResult =
  { kind: 'ok'; headers: Array<[string, string]> } | { kind: 'invalid'; reason: string };

/** Parses exactly one uncompressed block: truncated, trailing bytes or upper-case names are invalid. */
export function decodeNameValues(b: Buffer): NameValuesResult {
  const bad = (reason: string): NameValuesResult => ({ kind: 'invalid', reason });
  if (b.length < 4) return bad(`a header block of ${b.length} bytes (cut short)`);
  const count = b.readUInt32BE(0);
  // Each pair takes at least 8 bytes: a count beyond that is garbage, not a big block.
  if (count > (b.length - 4) / 8) return bad(`a header block claiming ${count} headers in ${b.length} bytes`);
  const headers: Array<[string, string]> = [];
  let at = 4;
  const field = (what: string): string | NameValuesResult => {
    if (at + 4 > b.length) return bad(`a header block cut short in a ${what} length`);
    const len = b.readUInt32BE(at);
    at += 4;
    if (at + len > b.length) return bad(`a header block cut short in a ${what} (${len} bytes announced)`);
    const text = b.toString('utf8', at, at + len);
    at += len;
    return text;
  };
  for (let i = 0; i < count; i++) {
    const name = field('name');
    if (typeof name !== 'string') return name;
    if (name.length === 0) return bad('a header with an empty name');
    if (name !== name.toLowerCase()) return bad(`the header name "${name}" is not lowercase`);
    const value = field('value');
    if (typeof value !== 'string') return value;
    headers.push([name, value]);
  }
  if (at !== b.length) return bad(`${b.length - at} bytes after the last header of a block`);
  return { kind: 'ok', headers };
}

/**
 * Our direction's zlib stream. It sends the blocks as zlib *stored* (uncompressed) deflate
 * blocks, written here, rather than through node:zlib: that is synchronous (a SYN_STREAM's
 * bytes exist the moment it is written, so frames keep their order without a queue), exact,
 * and costs nothing a header of 60 bytes would win back by compressing. It is valid zlib: the
 * header names the SPDY/3 dictionary by its adler32, as Go's zlib.NewReaderDict on the server
 * demands, and the server's one stateful reader takes stored blocks like any other.
 *
 * Each block ends with an empty stored block (`00 00 00 ff ff`), the marker a zlib sync flush
 * writes. It is required, not decoration: Go's inflater hands a stored block's bytes to its
 * reader only when the next block begins, so without it the server reads past the frame,
 * hits the end of the header block, and its decompressor stays broken for every later stream
 * (seen on the real API server: the first SYN_STREAM answered, the second one drops the
 * connection).
 */
export class HeaderCompressor {
  private started = false;

  /** The compressed bytes of one block, to put in one SYN_STREAM / SYN_REPLY / HEADERS. */
  compress(headers: HeaderList): Buffer {
    const plain = encodeNameValues(headers);
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      parts.push(ZLIB_HEADER_WITH_DICTIONARY);
    }
    for (let at = 0; at < plain.length; at += 0xffff)
      parts.push(...storedBlock(plain.subarray(at, at + 0xffff)));
    parts.push(SYNC_FLUSH_MARKER);
    return Buffer.concat(parts);
  }
}

/** A non-final stored deflate block (the stream is always byte-aligned here). */
function storedBlock(piece: Buffer): Buffer[] {
  const head = Buffer.alloc(5);
  head[0] = 0; // BFINAL 0, BTYPE 00 (stored)
  head.writeUInt16LE(piece.length, 1);
  head.writeUInt16LE(~piece.length & 0xffff, 3);
  return [head, piece];
}

/** An empty stored block: what zlib's Z_SYNC_FLUSH emits; it makes the reader hand data over. */
const SYNC_FLUSH_MARKER = Buffer.from([0, 0, 0, 0xff, 0xff]);

/** CMF 0x78 (deflate, 32 KiB window), FLG with FDICT and a valid check, then the dictionary id. */
const ZLIB_HEADER_WITH_DICTIONARY: Buffer = (() => {
  const cmf = 0x78;
  let flg = 0x20; // FDICT, FLEVEL 0
  flg += (31 - ((cmf * 256 + flg) % 31)) % 31;
  const b = Buffer.alloc(6);
  b[0] = cmf;
  b[1] = flg;
  b.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
  return b;
})();

export type DecodedBlock = NameValuesResult;

/**
 * The server's direction: one stateful inflater primed with the dictionary. Blocks must be
 * given in the order they came off the wire (every compressed block depends on the earlier
 * ones). node:zlib works off the main thread, so results come back later, in order; a
 * port-forward needs only to know a SYN_REPLY came, not its headers, so the session never
 * waits on them — the inflater is kept so the stream's state stays right and a corrupt block
 * is noticed. Once a block fails, every later block fails with the same reason.
 */
export class HeaderDecompressor {
  private readonly inflate: Inflate;
  private failure: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    // zlib hands its options to its Transform: a readable buffer above the largest block
    // accepted, so a flush never waits on a read that comes only after it.
    const options = {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      readableHighWaterMark: MAX_HEADER_BLOCK * 2,
    };
    this.inflate = createInflate(options);
    this.inflate.on('error', (err: Error) => {
      this.failure ??= `the header compression stream is corrupt (${err.message})`;
    });
  }

  /** The headers of one compressed block, or why it cannot be read. Never rejects. */
  decode(compressed: Buffer): Promise<DecodedBlock> {
    const next = this.queue.then(() => this.decodeNow(compressed));
    this.queue = next;
    return next;
  }

  /** Frees the inflater (the connection is gone). */
  close(): void {
    this.failure ??= 'the connection is closed';
    this.inflate.destroy();
  }

  private decodeNow(compressed: Buffer): Promise<DecodedBlock> {
    const fail = (reason: string): DecodedBlock => {
      this.failure ??= reason;
      return { kind: 'invalid', reason: this.failure };
    };
    if (this.failure) return Promise.resolve(fail(this.failure));
    return new Promise<DecodedBlock>((resolve) => {
      const onError = () => resolve(fail(this.failure ?? 'the header compression stream is corrupt'));
      this.inflate.once('error', onError);
      this.inflate.write(compressed, () => {
        // Flushing makes the inflater hand over everything these bytes decompress to.
        this.inflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
          this.inflate.off('error', onError);
          if (this.failure) return resolve(fail(this.failure));
          const parts: Buffer[] = [];
          for (let c: unknown = this.inflate.read(); c !== null; c = this.inflate.read())
            parts.push(c as Buffer);
          const plain = Buffer.concat(parts);
          if (plain.length > MAX_HEADER_BLOCK)
            return resolve(
              fail(`a header block of ${plain.length} bytes (the most accepted is ${MAX_HEADER_BLOCK})`),
            );
          const result = decodeNameValues(plain);
          resolve(result.kind === 'ok' ? result : fail(result.reason));
        });
      });
    });
  }
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** zlib's adler32 checksum (RFC 1950 §8), for the dictionary id in the zlib header. */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (const byte of b) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  return (s * 65536 + a) >>> 0;
}
