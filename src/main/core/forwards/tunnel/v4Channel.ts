/**
 * The legacy WebSocket port-forward protocol (`v4.channel.k8s.io`), one forwarded port per
 * WebSocket. Every binary message starts with a channel byte: 0 carries the port's data both
 * ways, 1 carries at most one error text from the server. The first message the server sends
 * on each channel is exactly three bytes, the channel and the port as uint16 little-endian;
 * everything after that is payload.
 */
export const V4_PROTOCOL = 'v4.channel.k8s.io';
export const DATA_CHANNEL = 0;
export const ERROR_CHANNEL = 1;

/** What one message from the server means. */
export type V4Message =
  | { kind: 'port'; channel: typeof DATA_CHANNEL | typeof ERROR_CHANNEL; port: number }
  | { kind: 'data'; bytes: Buffer }
  | { kind: 'error'; text: string }
  | { kind: 'invalid'; reason: string };

/** A data message for the server: the channel byte, then the bytes. */
export function dataMessage(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length + 1);
  out[0] = DATA_CHANNEL;
  bytes.copy(out, 1);
  return out;
}

/**
 * Reads the server's messages for one forwarded port, in order. Stateful: it knows whether each
 * channel's port prefix has come yet, and checks it names the port that was asked for.
 */
export class V4Reader {
  private readonly seen = [false, false];
  private readonly port: number;

  constructor(port: number) {
    this.port = port;
  }

  /** True once the data channel's prefix arrived: the server accepted the stream. */
  get ready(): boolean {
    return this.seen[DATA_CHANNEL]!;
  }

  read(message: Buffer): V4Message {
    if (message.length === 0) return { kind: 'invalid', reason: 'an empty message (no channel byte)' };
    const channel = message[0]!;
    if (channel !== DATA_CHANNEL && channel !== ERROR_CHANNEL) {
      return { kind: 'invalid', reason: `a message on channel ${channel}; one port uses channels 0 and 1` };
    }
    if (!this.seen[channel]) {
      if (message.length !== 3) {
        return {
          kind: 'invalid',
          reason: `the first message on channel ${channel} has ${message.length - 1} bytes after the channel; the port prefix has 2`,
        };
      }
      const port = message.readUInt16LE(1);
      if (port !== this.port) {
        return {
          kind: 'invalid',
          reason: `the server forwards port ${port}, not the port ${this.port} asked for`,
        };
      }
      this.seen[channel] = true;
      return { kind: 'port', channel, port };
    }
    const payload = message.subarray(1);
    if (channel === DATA_CHANNEL) return { kind: 'data', bytes: payload };
    return { kind: 'error', text: payload.toString('utf8').trim() };
  }
}
