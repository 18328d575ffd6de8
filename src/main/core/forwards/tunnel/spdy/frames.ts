/**
 * SPDY/3 frames (draft 3 as moby/spdystream implements it, which is what the API server, the
 * kubelet and kwok speak): the byte layouts, an encoder per frame type returning one Buffer (one
 * write per frame, so a WebSocket tunnel carries one message per frame), and a streaming reader.
 *
 *   control: |1| version=3 (15) | type (16) | flags (8) | length (24) | body
 *   data:    |0| stream id (31)             | flags (8) | length (24) | data
 *
 * One job: the SPDY/3 frame codec; kept whole (over 300 lines) because the encoders, the reader
 * and the parser share one table of layouts, types and limits, best read side by side.
 */

import { takeFront } from '../takeFront';

export const SPDY_VERSION = 3;
/** FIN on DATA, SYN_STREAM, SYN_REPLY and HEADERS: the sender has nothing more on that stream. */
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
/** The most a frame's 24-bit length field can say. */
export const MAX_FRAME_LENGTH = 0xffffff;
/** Control frames bigger than this are refused: port-forward's are a few dozen bytes. */
export const MAX_CONTROL_LENGTH = 1024 * 1024;
const HEADER_BYTES = 8;

/** RST_STREAM status codes (SPDY/3 §2.6.3). */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
  FRAME_TOO_LARGE: 11,
} as const;

const RST_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(RstStatus).map(([name, code]) => [code, name]),
);

/** A RST_STREAM status in words ("CANCEL", "status 42"). */
export function rstStatusName(status: number): string {
  return RST_NAMES[status] ?? `status ${status}`;
}

const TYPE = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export type Frame =
  | { kind: 'data'; streamId: number; fin: boolean; data: Buffer }
  | {
      kind: 'syn_stream';
      streamId: number;
      associatedId: number;
      priority: number;
      fin: boolean;
      unidirectional: boolean;
      headerBlock: Buffer;
    }
  | { kind: 'syn_reply'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { kind: 'rst_stream'; streamId: number; status: number }
  | { kind: 'settings'; count: number }
  | { kind: 'ping'; id: number }
  | { kind: 'goaway'; lastGoodStreamId: number; status: number }
  | { kind: 'headers'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { kind: 'window_update'; streamId: number; delta: number }
  /** A control type SPDY/3 does not define: the spec says to ignore it. */
  | { kind: 'unknown'; type: number };

/** Bytes that are not SPDY/3; the connection cannot go on after this. */
export interface InvalidFrame {
  kind: 'invalid';
  reason: string;
}

function control(type: number, flags: number, body: number): Buffer {
  const b = Buffer.allocUnsafe(HEADER_BYTES + body);
  b.writeUInt32BE((0x8000 | SPDY_VERSION) * 0x10000 + type, 0);
  b.writeUInt32BE(flags * 0x1000000 + body, 4);
  return b;
}

function checkStreamId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > 0x7fffffff) throw new RangeError(`bad stream id ${id}`);
}

/** A DATA frame; `data` is copied behind the header so the frame is one Buffer. */
export function encodeData(streamId: number, data: Uint8Array, fin = false): Buffer {
  const b = Buffer.allocUnsafe(HEADER_BYTES + data.length);
  writeDataHeader(b, streamId, data.length, fin);
  b.set(data, HEADER_BYTES);
  return b;
}

/**
 * Only the 8-byte header of a DATA frame carrying `length` bytes: the payload follows in a
 * write of its own (corked with the header, so it is not copied into a frame buffer first).
 */
export function encodeDataHeader(streamId: number, length: number, fin = false): Buffer {
  const b = Buffer.allocUnsafe(HEADER_BYTES);
  writeDataHeader(b, streamId, length, fin);
  return b;
}

function writeDataHeader(b: Buffer, streamId: number, length: number, fin: boolean): void {
  checkStreamId(streamId);
  if (length > MAX_FRAME_LENGTH) throw new RangeError(`DATA of ${length} bytes`);
  b.writeUInt32BE(streamId, 0);
  b.writeUInt32BE((fin ? FLAG_FIN : 0) * 0x1000000 + length, 4);
}

/** SYN_STREAM with an already compressed header block (see headerBlock.ts). */
export function encodeSynStream(
  streamId: number,
  headerBlock: Uint8Array,
  o: { fin?: boolean; unidirectional?: boolean; priority?: number; associatedId?: number } = {},
): Buffer {
  checkStreamId(streamId);
  const flags = (o.fin ? FLAG_FIN : 0) | (o.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
  const b = control(TYPE.SYN_STREAM, flags, 10 + headerBlock.length);
  b.writeUInt32BE(streamId, 8);
  b.writeUInt32BE(o.associatedId ?? 0, 12);
  b[16] = ((o.priority ?? 0) & 7) << 5;
  b[17] = 0; // slot
  b.set(headerBlock, 18);
  return b;
}

export function encodeSynReply(streamId: number, headerBlock: Uint8Array, fin = false): Buffer {
  checkStreamId(streamId);
  const b = control(TYPE.SYN_REPLY, fin ? FLAG_FIN : 0, 4 + headerBlock.length);
  b.writeUInt32BE(streamId, 8);
  b.set(headerBlock, 12);
  return b;
}

export function encodeHeaders(streamId: number, headerBlock: Uint8Array, fin = false): Buffer {
  checkStreamId(streamId);
  const b = control(TYPE.HEADERS, fin ? FLAG_FIN : 0, 4 + headerBlock.length);
  b.writeUInt32BE(streamId, 8);
  b.set(headerBlock, 12);
  return b;
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  checkStreamId(streamId);
  const b = control(TYPE.RST_STREAM, 0, 8);
  b.writeUInt32BE(streamId, 8);
  b.writeUInt32BE(status, 12);
  return b;
}

export function encodePing(id: number): Buffer {
  const b = control(TYPE.PING, 0, 4);
  b.writeUInt32BE(id >>> 0, 8);
  return b;
}

export function encodeGoAway(lastGoodStreamId: number, status = 0): Buffer {
  const b = control(TYPE.GOAWAY, 0, 8);
  b.writeUInt32BE(lastGoodStreamId & 0x7fffffff, 8);
  b.writeUInt32BE(status, 12);
  return b;
}

/** SETTINGS with (id, value) pairs, flags 0: only tests send it; the server ignores it. */
export function encodeSettings(pairs: ReadonlyArray<readonly [number, number]> = []): Buffer {
  const b = control(TYPE.SETTINGS, 0, 4 + 8 * pairs.length);
  b.writeUInt32BE(pairs.length, 8);
  pairs.forEach(([id, value], i) => {
    b.writeUInt32BE(id & 0xffffff, 12 + 8 * i);
    b.writeUInt32BE(value >>> 0, 16 + 8 * i);
  });
  return b;
}

export function encodeWindowUpdate(streamId: number, delta: number): Buffer {
  const b = control(TYPE.WINDOW_UPDATE, 0, 8);
  b.writeUInt32BE(streamId & 0x7fffffff, 8);
  b.writeUInt32BE(delta & 0x7fffffff, 12);
  return b;
}

/**
 * Turns a byte stream into frames, whatever the chunking (a frame split across chunks, several
 * frames in one chunk). Never throws: malformed or oversized input gives one InvalidFrame, after
 * which the reader gives nothing more (a SPDY connection cannot resynchronise).
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed: InvalidFrame | undefined;
  private readonly streamData: boolean;
  /** In `streamData` mode, the DATA frame whose bytes are arriving, and how many are left. */
  private streaming: { streamId: number; fin: boolean; left: number } | undefined;

  /**
   * With `streamData`, DATA frames come out in pieces as their bytes arrive, each a view into
   * the chunk it came in (never copied, never held back): every piece but the last of a frame
   * has `fin` false, the last carries the frame's FIN. Control frames are always whole.
   */
  constructor(opts: { streamData?: boolean } = {}) {
    this.streamData = opts.streamData ?? false;
  }

  /** Frames completed by this chunk, in order; an InvalidFrame, if any, is last. */
  push(chunk: Buffer): Array<Frame | InvalidFrame> {
    if (this.failed) return [];
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Array<Frame | InvalidFrame> = [];
    for (;;) {
      const s = this.streaming;
      if (s) {
        if (s.left > 0 && this.buffered === 0) break;
        const data = s.left === 0 ? Buffer.alloc(0) : this.take(Math.min(s.left, this.chunks[0]!.length));
        s.left -= data.length;
        if (s.left === 0) this.streaming = undefined;
        out.push({ kind: 'data', streamId: s.streamId, fin: s.left === 0 && s.fin, data });
        continue;
      }
      if (this.buffered < HEADER_BYTES) break;
      const head = this.peek(HEADER_BYTES);
      const length = head.readUInt32BE(4) & MAX_FRAME_LENGTH;
      const isControl = (head[0]! & 0x80) !== 0;
      if (!isControl && this.streamData) {
        const streamId = head.readUInt32BE(0) & 0x7fffffff;
        if (streamId === 0) {
          out.push(this.fail('a DATA frame on stream 0'));
          break;
        }
        this.streaming = { streamId, fin: (head[4]! & FLAG_FIN) !== 0, left: length };
        this.take(HEADER_BYTES);
        continue;
      }
      if (isControl && length > MAX_CONTROL_LENGTH) {
        out.push(
          this.fail(`a control frame of ${length} bytes (the most accepted is ${MAX_CONTROL_LENGTH})`),
        );
        break;
      }
      if (this.buffered < HEADER_BYTES + length) break;
      const frame = this.take(HEADER_BYTES + length);
      const parsed = parseFrame(frame);
      if (parsed.kind === 'invalid') {
        out.push(this.fail(parsed.reason));
        break;
      }
      out.push(parsed);
    }
    return out;
  }

  private fail(reason: string): InvalidFrame {
    this.failed = { kind: 'invalid', reason };
    this.streaming = undefined;
    this.chunks = [];
    this.buffered = 0;
    return this.failed;
  }

  /** The first n buffered bytes (n ≤ buffered); a small copy only when they span chunks. */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    for (const c of this.chunks) {
      if (at >= n) break;
      const part = c.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Removes and returns the first n buffered bytes (n ≤ buffered). */
  private take(n: number): Buffer {
    this.buffered -= n;
    return takeFront(this.chunks, n);
  }
}

const invalid = (reason: string): InvalidFrame => ({ kind: 'invalid', reason });

/** One whole frame (header and body) to its fields, checked as spdystream checks them. */
function parseFrame(b: Buffer): Frame | InvalidFrame {
  const word = b.readUInt32BE(0);
  const flags = b[4]!;
  const length = b.length - HEADER_BYTES;
  if ((word & 0x80000000) === 0) {
    const streamId = word & 0x7fffffff;
    if (streamId === 0) return invalid('a DATA frame on stream 0');
    return { kind: 'data', streamId, fin: (flags & FLAG_FIN) !== 0, data: b.subarray(HEADER_BYTES) };
  }
  const version = (word >>> 16) & 0x7fff;
  if (version !== SPDY_VERSION) return invalid(`a control frame of SPDY version ${version}, not 3`);
  const type = word & 0xffff;
  const fin = (flags & FLAG_FIN) !== 0;
  const u32 = (at: number) => b.readUInt32BE(HEADER_BYTES + at);
  const needs = (name: string, exact: number | undefined, min = 0): InvalidFrame | undefined => {
    if (exact !== undefined && length !== exact)
      return invalid(`a ${name} frame of ${length} bytes, not ${exact}`);
    if (length < min) return invalid(`a ${name} frame of ${length} bytes, under ${min}`);
    return undefined;
  };
  const streamIdAt = (name: string, at: number): number | InvalidFrame => {
    const id = u32(at) & 0x7fffffff;
    return id === 0 ? invalid(`a ${name} frame on stream 0`) : id;
  };
  switch (type) {
    case TYPE.SYN_STREAM: {
      const bad = needs('SYN_STREAM', undefined, 10);
      if (bad) return bad;
      const streamId = streamIdAt('SYN_STREAM', 0);
      if (typeof streamId !== 'number') return streamId;
      return {
        kind: 'syn_stream',
        streamId,
        associatedId: u32(4) & 0x7fffffff,
        priority: b[HEADER_BYTES + 8]! >> 5,
        fin,
        unidirectional: (flags & FLAG_UNIDIRECTIONAL) !== 0,
        headerBlock: b.subarray(HEADER_BYTES + 10),
      };
    }
    case TYPE.SYN_REPLY:
    case TYPE.HEADERS: {
      const name = type === TYPE.SYN_REPLY ? 'SYN_REPLY' : 'HEADERS';
      const bad = needs(name, undefined, 4);
      if (bad) return bad;
      const streamId = streamIdAt(name, 0);
      if (typeof streamId !== 'number') return streamId;
      const headerBlock = b.subarray(HEADER_BYTES + 4);
      return type === TYPE.SYN_REPLY
        ? { kind: 'syn_reply', streamId, fin, headerBlock }
        : { kind: 'headers', streamId, fin, headerBlock };
    }
    case TYPE.RST_STREAM: {
      const bad = needs('RST_STREAM', 8);
      if (bad) return bad;
      const streamId = streamIdAt('RST_STREAM', 0);
      if (typeof streamId !== 'number') return streamId;
      const status = u32(4);
      if (status === 0) return invalid(`a RST_STREAM frame on stream ${streamId} with status 0`);
      return { kind: 'rst_stream', streamId, status };
    }
    case TYPE.SETTINGS: {
      const bad = needs('SETTINGS', undefined, 4);
      if (bad) return bad;
      const count = u32(0);
      if (length !== 4 + 8 * count)
        return invalid(`a SETTINGS frame of ${length} bytes for ${count} settings`);
      return { kind: 'settings', count };
    }
    case TYPE.PING: {
      const bad = needs('PING', 4);
      if (bad) return bad;
      const id = u32(0);
      if (id === 0) return invalid('a PING frame with id 0');
      return { kind: 'ping', id };
    }
    case TYPE.GOAWAY: {
      const bad = needs('GOAWAY', 8);
      if (bad) return bad;
      return { kind: 'goaway', lastGoodStreamId: u32(0) & 0x7fffffff, status: u32(4) };
    }
    case TYPE.WINDOW_UPDATE: {
      const bad = needs('WINDOW_UPDATE', 8);
      if (bad) return bad;
      return { kind: 'window_update', streamId: u32(0) & 0x7fffffff, delta: u32(4) & 0x7fffffff };
    }
    default:
      return { kind: 'unknown', type };
  }
}
