import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FrameReader, type Frame } from './frames';
import { SpdySession } from './session';

/** A transport that records what each write to it carried, as one call per write or writev. */
class RecordingTransport extends Duplex {
  readonly calls: Buffer[][] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.calls.push([chunk]);
    cb();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, cb: () => void): void {
    this.calls.push(chunks.map((c) => c.chunk));
    cb();
  }
}

const kindsOf = (bufs: Buffer[]) =>
  (new FrameReader().push(Buffer.concat(bufs)) as Frame[]).map((f) => [
    f.kind,
    'streamId' in f ? f.streamId : 0,
  ]);

describe('SpdySession: what reaches the transport in one write', () => {
  it("a connection's stream pair (SYN_STREAM error, its FIN, SYN_STREAM data) goes out in one write", () => {
    const t = new RecordingTransport();
    const session = new SpdySession(t);
    void session.openPortStream(7000).catch(() => {});
    expect(t.calls).toHaveLength(1);
    expect(kindsOf(t.calls[0]!)).toEqual([
      ['syn_stream', 1],
      ['data', 1],
      ['syn_stream', 3],
    ]);
    session.close();
  });

  it("a DATA frame's header and the client's bytes go out together, the bytes not copied", async () => {
    const t = new RecordingTransport();
    const session = new SpdySession(t);
    const opening = session.openPortStream(7000);
    // The server's SYN_REPLY for the data stream (id 3): the connection opens.
    t.push(Buffer.from('80030002 00000004 00000003'.replace(/ /g, ''), 'hex'));
    const stream = await opening;
    t.calls.length = 0;
    const bytes = Buffer.from('hello through the tunnel');
    await new Promise<void>((resolve) => stream.write(bytes, () => resolve()));
    expect(t.calls).toHaveLength(1);
    const [header, body] = t.calls[0]!;
    expect(header).toEqual(
      Buffer.from(`00000003 000000${bytes.length.toString(16)}`.replace(/ /g, ''), 'hex'),
    );
    expect(body).toEqual(bytes);
    expect(body!.buffer).toBe(bytes.buffer);
    session.close();
  });
});
