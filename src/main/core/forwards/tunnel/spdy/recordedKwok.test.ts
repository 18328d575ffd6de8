import { duplexPair, type Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FrameReader, type Frame } from './frames';
import { HeaderCompressor, HeaderDecompressor } from './headerBlock';
import { CLIENT_OPEN_7000, REFUSE_TEXT, SERVER_ACCEPT_7000, SERVER_REFUSE_7001 } from './recordedKwok';
import { SpdySession } from './session';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('recorded exchange with the real API server and kwok', () => {
  it('our encoder writes exactly the bytes the server accepted for a stream pair', () => {
    const c = new HeaderCompressor();
    const r = new FrameReader();
    const frames = r.push(bytes(CLIENT_OPEN_7000));
    expect(frames.map((f) => [f.kind, 'streamId' in f ? f.streamId : 0])).toEqual([
      ['syn_stream', 1],
      ['data', 1],
      ['syn_stream', 3],
    ]);
    const blocks = frames.filter((f): f is Extract<Frame, { kind: 'syn_stream' }> => f.kind === 'syn_stream');
    expect(blocks[0]!.headerBlock).toEqual(
      c.compress([
        ['streamtype', 'error'],
        ['port', '7000'],
        ['requestid', '0'],
      ]),
    );
    expect(blocks[1]!.headerBlock).toEqual(
      c.compress([
        ['streamtype', 'data'],
        ['port', '7000'],
        ['requestid', '0'],
      ]),
    );
  });

  it("the server's frames parse, and its header blocks (Go's zlib with the dictionary) inflate in order", async () => {
    const frames = new FrameReader().push(
      Buffer.concat([bytes(SERVER_ACCEPT_7000), bytes(SERVER_REFUSE_7001)]),
    );
    expect(frames.map((f) => f.kind)).toEqual([
      'syn_reply',
      'syn_reply',
      'data',
      'syn_reply',
      'syn_reply',
      'data',
      'data',
      'rst_stream',
    ]);
    const d = new HeaderDecompressor();
    const replies = frames.filter((f): f is Extract<Frame, { kind: 'syn_reply' }> => f.kind === 'syn_reply');
    for (const reply of replies)
      expect(await d.decode(reply.headerBlock)).toEqual({ kind: 'ok', headers: [] });
    expect(frames[6]).toEqual({ kind: 'data', streamId: 5, fin: false, data: Buffer.from(REFUSE_TEXT) });
    expect(frames[7]).toEqual({ kind: 'rst_stream', streamId: 5, status: 5 });
    d.close();
  });

  it('a session replaying the server side: the echo comes back, the refused port ends with its text only', async () => {
    const [client, server] = duplexPair();
    const sent: Buffer[] = [];
    server.on('data', (d: Buffer) => sent.push(d));
    const session = new SpdySession(client);
    const opening = session.openPortStream(7000);
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(sent)).toEqual(bytes(CLIENT_OPEN_7000));
    server.write(bytes(SERVER_ACCEPT_7000));
    const first = await opening;
    expect((await firstBytes(first, 5)).toString()).toBe('hello');

    const texts: string[] = [];
    const opening7001 = session.openPortStream(7001, (t) => texts.push(t));
    server.write(bytes(SERVER_REFUSE_7001).subarray(0, 40)); // SYN_REPLY 5 and 7
    const refused = await opening7001;
    const outcome = new Promise<string>((resolve) => refused.once('error', (e) => resolve(e.message)));
    refused.resume();
    server.write(bytes(SERVER_REFUSE_7001).subarray(40)); // FIN on 7, the text on 5, RST 5
    expect(await outcome).toBe(REFUSE_TEXT);
    expect(texts).toEqual([REFUSE_TEXT]);
    expect(session.closed).toBe(false);
    expect(first.destroyed).toBe(false);
    session.close();
  });
});

function firstBytes(s: Duplex, n: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => {
      parts.push(d);
      if (Buffer.concat(parts).length >= n) resolve(Buffer.concat(parts));
    });
  });
}
