// RFC 6455 framing for the client end of a WebSocket: frames we send (always masked, as a
// client must) and a streaming reader of the frames a server sends (never masked).
import { takeFront } from '../takeFront';

/** Frame opcodes (RFC 6455 §5.2). */
export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** Close codes we send or recognise (RFC 6455 §7.4.1). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  tooBig: 1009,
  internalError: 1011,
} as const;

/** Control frames carry at most this many payload bytes (RFC 6455 §5.5). */
const MAX_CONTROL_PAYLOAD = 125;
/** The largest frame payload read by default: the API server writes small messages. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * One frame from the server. A data frame (`binary`/`text`) may be one fragment of a message:
 * continuation frames are reported with the kind of the message they continue, and `fin` marks
 * the message's last fragment. A frame the protocol does not allow is `invalid`, with the
 * reason in words, and nothing after it is read.
 */
export type ServerFrame =
  | { kind: 'binary' | 'text'; payload: Buffer; fin: boolean }
  | { kind: 'ping' | 'pong'; payload: Buffer }
  | { kind: 'close'; code: number | undefined; reason: string }
  | { kind: 'invalid'; reason: string };

/**
 * The header of a client frame carrying `length` payload bytes, with the mask key that follows
 * it. The default mask key is zero, which is allowed and makes masking a no-op, so a payload
 * goes out without being copied or XOR-ed (a third of the CPU per MB). Masking keeps script in
 * a browser from shaping bytes a plain-HTTP cache would misread; this client runs no foreign
 * script, and the bytes go inside TLS or a proxy's tunnel.
 */
export function frameHeader(opcode: number, length: number, fin = true, maskKey?: Buffer): Buffer {
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (lengthBytes === 0) header[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (maskKey) maskKey.copy(header, 2 + lengthBytes, 0, 4);
  return header;
}

/** XORs `payload` with a 4-byte mask key into a new buffer (RFC 6455 §5.3). */
export function masked(payload: Buffer, maskKey: Buffer): Buffer {
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = payload[i]! ^ maskKey[i & 3]!;
  return out;
}

/** One whole client frame; with the default zero mask key the payload bytes go out as they are. */
export function encodeFrame(opcode: number, payload: Buffer = Buffer.alloc(0), maskKey?: Buffer): Buffer {
  const header = frameHeader(opcode, payload.length, true, maskKey);
  const body = maskKey && maskKey.some((b) => b !== 0) ? masked(payload, maskKey) : payload;
  return Buffer.concat([header, body]);
}

/** A close frame: the code and, if any, a reason (cut to fit a control frame). */
export function closeFrame(code: number = CloseCode.normal, reason = ''): Buffer {
  // Cut by characters, not bytes: a peer may refuse a reason that is not valid UTF-8.
  let cut = reason.slice(0, MAX_CONTROL_PAYLOAD - 2);
  while (Buffer.byteLength(cut) > MAX_CONTROL_PAYLOAD - 2) cut = cut.slice(0, -1);
  const text = Buffer.from(cut, 'utf8');
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return encodeFrame(Opcode.close, payload);
}

/** A close code a peer may send (RFC 6455 §7.4): 1000–1003, 1007–1014, 3000–4999. */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

interface Header {
  fin: boolean;
  opcode: number;
  length: number;
}

export interface ServerFrameReaderOptions {
  /** The largest frame payload accepted. */
  maxFrameBytes?: number;
  /**
   * Data frames come out in pieces as their bytes arrive, each a view into the chunk it came
   * in (no copy, nothing held back): every piece is reported as a fragment (`fin` false) but
   * the last of a frame, which carries the frame's `fin`. For a byte stream, where message
   * boundaries mean nothing; control frames are still whole.
   */
  streamData?: boolean;
}

/**
 * Reads a server's frames from the bytes of the connection in whatever pieces they arrive.
 * It never throws: a frame the protocol does not allow (masked, reserved bits or opcodes, a
 * control frame fragmented or too long, a stray continuation, a frame past the size cap)
 * yields one `invalid` frame and the reader stops.
 */
export class ServerFrameReader {
  private readonly maxFrameBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private header: Header | undefined;
  /** The kind of the fragmented data message in progress, if any. */
  private message: 'binary' | 'text' | undefined;
  private failed = false;
  private readonly streamData: boolean;
  /** In `streamData` mode, the data frame whose payload is arriving, and how much of it is left. */
  private streaming: { kind: 'binary' | 'text'; fin: boolean; left: number } | undefined;

  constructor(opts: number | ServerFrameReaderOptions = {}) {
    const o = typeof opts === 'number' ? { maxFrameBytes: opts } : opts;
    this.maxFrameBytes = o.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.streamData = o.streamData ?? false;
  }

  /** True once an invalid frame was read: nothing more will be. */
  get broken(): boolean {
    return this.failed;
  }

  /** How many bytes are held for a frame not yet complete. */
  get pending(): number {
    return this.buffered;
  }

  /** The frames completed by `chunk`, in order. */
  push(chunk: Buffer): ServerFrame[] {
    if (this.failed) return [];
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: ServerFrame[] = [];
    for (;;) {
      if (this.streaming) {
        const s = this.streaming;
        if (s.left > 0 && this.buffered === 0) break;
        // A view of the head chunk only: a piece never spans chunks, so it is never copied.
        const payload = this.take(Math.min(s.left, this.chunks[0]?.length ?? 0));
        s.left -= payload.length;
        if (s.left === 0) this.streaming = undefined;
        out.push({ kind: s.kind, payload, fin: s.left === 0 && s.fin });
        continue;
      }
      if (!this.header) {
        const header = this.readHeader();
        if (header === undefined) break;
        if (typeof header === 'string') return this.fail(out, header);
        if (this.streamData && header.opcode < 0x8) {
          const frame = this.frame(header, Buffer.alloc(0));
          if (frame.kind === 'invalid') return this.fail(out, frame.reason);
          if (frame.kind === 'binary' || frame.kind === 'text')
            this.streaming = { kind: frame.kind, fin: header.fin, left: header.length };
          continue;
        }
        this.header = header;
      }
      if (this.buffered < this.header.length) break;
      const h = this.header;
      this.header = undefined;
      const frame = this.frame(h, this.take(h.length));
      out.push(frame);
      if (frame.kind === 'invalid') return this.fail(out);
    }
    return out;
  }

  private fail(out: ServerFrame[], reason?: string): ServerFrame[] {
    this.failed = true;
    this.streaming = undefined;
    this.chunks = [];
    this.buffered = 0;
    if (reason) out.push({ kind: 'invalid', reason });
    return out;
  }

  /** The next frame's header, consumed; undefined until enough bytes came; a string if invalid. */
  private readHeader(): Header | string | undefined {
    if (this.buffered < 2) return undefined;
    const first = this.peek(2);
    const b0 = first[0]!;
    const b1 = first[1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (b0 & 0x70) return `reserved bits set (0x${(b0 & 0x70).toString(16)}) without an extension`;
    if (b1 & 0x80) return 'a masked frame from the server (servers must not mask)';
    const isControl = opcode >= 0x8;
    if (![0x0, 0x1, 0x2, 0x8, 0x9, 0xa].includes(opcode)) return `reserved opcode 0x${opcode.toString(16)}`;
    const short = b1 & 0x7f;
    const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
    if (this.buffered < 2 + lengthBytes) return undefined;
    let length = short;
    if (lengthBytes > 0) {
      const bytes = this.peek(2 + lengthBytes);
      if (lengthBytes === 2) length = bytes.readUInt16BE(2);
      else {
        const big = bytes.readBigUInt64BE(2);
        if (big >> 63n) return 'a 64-bit frame length with its top bit set';
        if (big > BigInt(this.maxFrameBytes)) return this.tooBig(big);
        length = Number(big);
      }
    }
    if (isControl && !fin) return `a fragmented control frame (opcode 0x${opcode.toString(16)})`;
    if (isControl && length > MAX_CONTROL_PAYLOAD) return `a control frame of ${length} bytes (at most 125)`;
    if (length > this.maxFrameBytes) return this.tooBig(BigInt(length));
    this.take(2 + lengthBytes);
    return { fin, opcode, length };
  }

  private tooBig(length: bigint): string {
    return `a frame of ${length} bytes, more than the ${this.maxFrameBytes} allowed`;
  }

  private frame(h: Header, payload: Buffer): ServerFrame {
    switch (h.opcode) {
      case Opcode.binary:
      case Opcode.text: {
        if (this.message) return { kind: 'invalid', reason: 'a new message before the last one ended' };
        const kind = h.opcode === Opcode.binary ? 'binary' : 'text';
        if (!h.fin) this.message = kind;
        return { kind, payload, fin: h.fin };
      }
      case Opcode.continuation: {
        const kind = this.message;
        if (!kind) return { kind: 'invalid', reason: 'a continuation frame outside a message' };
        if (h.fin) this.message = undefined;
        return { kind, payload, fin: h.fin };
      }
      case Opcode.ping:
        return { kind: 'ping', payload };
      case Opcode.pong:
        return { kind: 'pong', payload };
      default:
        return closeOf(payload);
    }
  }

  /** The first `n` buffered bytes, not consumed (n is small: a header). */
  private peek(n: number): Buffer {
    const head = this.chunks[0]!;
    if (head.length >= n) return head;
    return Buffer.concat(this.chunks, Math.min(this.buffered, 14)).subarray(0, n);
  }

  /** The first `n` buffered bytes, consumed; copied only when they span chunks. */
  private take(n: number): Buffer {
    this.buffered -= n;
    if (n === 0) return Buffer.alloc(0);
    return takeFront(this.chunks, n);
  }
}

function closeOf(payload: Buffer): ServerFrame {
  if (payload.length === 0) return { kind: 'close', code: undefined, reason: '' };
  if (payload.length === 1) return { kind: 'invalid', reason: 'a close frame with a 1-byte payload' };
  const code = payload.readUInt16BE(0);
  if (!isValidCloseCode(code)) return { kind: 'invalid', reason: `a close frame with code ${code}` };
  return { kind: 'close', code, reason: payload.subarray(2).toString('utf8') };
}
