import { duplexPair, type Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DialError } from '../dialer';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeWindowUpdate,
  encodeSettings,
  FrameReader,
  type Frame,
  type InvalidFrame,
} from './frames';
import { HeaderCompressor, HeaderDecompressor } from './headerBlock';
import { MAX_DATA_FRAME, SpdySession } from './session';
import type { SpdyDataStream } from './spdyStream';
import { readToEnd } from '../../../../../../test/support/streams';

/** A SPDY server peer speaking our codec over the other end of a duplexPair. */
class FakeServer {
  readonly socket: Duplex;
  readonly frames: Array<Frame | InvalidFrame> = [];
  readonly headers = new Map<number, Array<[string, string]>>();
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private waiters: Array<() => void> = [];

  constructor(socket: Duplex) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.reader.push(chunk)) {
        this.frames.push(f);
        if (f.kind === 'syn_stream')
          void this.decompressor.decode(f.headerBlock).then((r) => {
            if (r.kind === 'ok') this.headers.set(f.streamId, r.headers);
            this.wake();
          });
      }
      this.wake();
    });
    socket.on('error', () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Waits until a frame matching `test` arrived (already arrived counts). */
  async frame<K extends Frame['kind'] | 'invalid'>(
    kind: K,
    test: (f: Extract<Frame | InvalidFrame, { kind: K }>) => boolean = () => true,
  ): Promise<Extract<Frame | InvalidFrame, { kind: K }>> {
    for (;;) {
      const f = this.frames.find((x) => x.kind === kind && test(x as never));
      if (f) return f as never;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async headersOf(id: number): Promise<Array<[string, string]>> {
    while (!this.headers.has(id)) await new Promise<void>((r) => this.waiters.push(r));
    return this.headers.get(id)!;
  }

  send(b: Buffer): void {
    this.socket.write(b);
  }
  reply(id: number, fin = false): void {
    this.send(encodeSynReply(id, this.compressor.compress([]), fin));
  }
  /** Replies to both streams of the pair whose error stream is `errorId`. */
  accept(errorId: number): void {
    this.reply(errorId);
    this.reply(errorId + 2);
  }
}

function setup(opts: ConstructorParameters<typeof SpdySession>[1] = {}) {
  const [client, server] = duplexPair();
  const session = new SpdySession(client, opts);
  return { session, peer: new FakeServer(server), client, server };
}

const next = () => new Promise<void>((r) => setImmediate(r));

/**
 * Opens a port stream and has the peer accept its pair (error stream `errorId`, data stream
 * `errorId + 2`; 1 and 3 for a session's first): the first step of most tests here.
 */
async function openAccepted(
  session: SpdySession,
  peer: FakeServer,
  port = 80,
  onServerError?: (text: string) => void,
  errorId = 1,
): Promise<SpdyDataStream> {
  const opening = session.openPortStream(port, onServerError);
  await peer.frame('syn_stream', (f) => f.streamId === errorId + 2);
  peer.accept(errorId);
  return await opening;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SpdySession: opening port streams', () => {
  it('sends an error stream (half-closed at once) and a data stream, paired by requestid, odd ids', async () => {
    const { session, peer } = setup();
    const opening = session.openPortStream(8080);
    expect(await peer.frame('syn_stream', (f) => f.streamId === 1)).toMatchObject({ fin: false });
    expect(await peer.headersOf(1)).toEqual([
      ['streamtype', 'error'],
      ['port', '8080'],
      ['requestid', '0'],
    ]);
    expect(await peer.frame('data', (f) => f.streamId === 1)).toMatchObject({
      fin: true,
      data: Buffer.alloc(0),
    });
    expect(await peer.headersOf(3)).toEqual([
      ['streamtype', 'data'],
      ['port', '8080'],
      ['requestid', '0'],
    ]);
    const kinds = peer.frames.map((f) => [f.kind, 'streamId' in f ? f.streamId : 0]);
    expect(kinds).toEqual([
      ['syn_stream', 1],
      ['data', 1],
      ['syn_stream', 3],
    ]);
    let settled = false;
    void opening.then(() => (settled = true));
    peer.reply(1);
    await next();
    expect(settled).toBe(false); // only the data stream's reply opens the connection
    peer.reply(3);
    const stream = await opening;
    expect(stream.readableEnded).toBe(false);
    expect(session.openStreams).toBe(1);

    const second = session.openPortStream(9090);
    expect(await peer.headersOf(7)).toEqual([
      ['streamtype', 'data'],
      ['port', '9090'],
      ['requestid', '1'],
    ]);
    peer.accept(5);
    await second;
    expect(session.openStreams).toBe(2);
    session.close();
  });

  it('a data stream the server resets before replying: DialError with the status, the session stays', async () => {
    const { session, peer } = setup();
    const opening = session.openPortStream(80);
    await peer.frame('syn_stream', (f) => f.streamId === 3);
    peer.send(encodeRstStream(3, 3));
    const err = await opening.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DialError);
    expect((err as DialError).failure).toBe('refused');
    expect((err as DialError).message).toMatch(/port 80 .*REFUSED_STREAM/);
    expect(session.closed).toBe(false);
    expect(session.openStreams).toBe(0);
    session.close();
  });

  it('a server that never answers the streams: DialError timeout in words, both streams reset, the session stays', async () => {
    vi.useFakeTimers();
    const { session, peer } = setup({ openTimeoutMs: 30_000, pingIntervalMs: 3_600_000 });
    const opening = session.openPortStream(5432).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const err = (await opening) as DialError;
    expect(err).toBeInstanceOf(DialError);
    expect(err.failure).toBe('timeout');
    expect(err.message).toBe('the pod did not take the connection to port 5432 within 30 s');
    await vi.advanceTimersByTimeAsync(1);
    const resets = peer.frames
      .filter((f) => f.kind === 'rst_stream')
      .map((f) => [(f as { streamId: number }).streamId, (f as { status: number }).status]);
    expect(resets).toEqual([
      [1, 5],
      [3, 5],
    ]);
    expect(session.openStreams).toBe(0);
    expect(session.closed).toBe(false);
    session.close();
  });

  it('error text before the reply: rejected with that text, onServerError sees it', async () => {
    const { session, peer } = setup();
    const seen: string[] = [];
    const opening = session.openPortStream(80, (t) => seen.push(t));
    await peer.frame('syn_stream', (f) => f.streamId === 3);
    peer.reply(1);
    peer.send(encodeData(1, Buffer.from('failed to find sandbox "abc" in store: not found'), true));
    const err = (await opening.catch((e: unknown) => e)) as DialError;
    expect(err.message).toBe('failed to find sandbox "abc" in store: not found');
    expect(seen).toEqual([err.message]);
    expect(session.closed).toBe(false);
    session.close();
  });
});

describe('SpdySession: bytes, half-close, reset', () => {
  it('carries bytes both ways, in DATA frames of at most 64 KiB', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const got: Buffer[] = [];
    stream.on('data', (d: Buffer) => got.push(d));
    peer.send(encodeData(3, Buffer.from('hello ')));
    peer.send(encodeData(3, Buffer.from('client')));
    await vi.waitFor(() => expect(Buffer.concat(got).toString()).toBe('hello client'));

    const big = Buffer.alloc(200 * 1024, 1);
    await new Promise<void>((r) => stream.write(big, () => r()));
    await vi.waitFor(() => {
      const sent = peer.frames.filter((f) => f.kind === 'data' && f.streamId === 3);
      expect(sent.reduce((n, f) => n + (f as { data: Buffer }).data.length, 0)).toBe(big.length);
    });
    const sizes = peer.frames
      .filter((f): f is Extract<Frame, { kind: 'data' }> => f.kind === 'data' && f.streamId === 3)
      .map((f) => f.data.length);
    expect(Math.max(...sizes)).toBe(MAX_DATA_FRAME);
    session.close();
  });

  it('local end() sends an empty DATA+FIN and reading goes on; the server FIN ends reading; no RST', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const answer = readToEnd(stream);
    stream.end('GET /');
    const fin = await peer.frame('data', (f) => f.streamId === 3 && f.fin);
    expect(fin.data.length).toBe(0);
    peer.send(encodeData(3, Buffer.from('the whole ')));
    peer.send(encodeData(3, Buffer.from('answer'), true));
    expect((await answer).toString()).toBe('the whole answer');
    await vi.waitFor(() => expect(stream.destroyed).toBe(true));
    expect(session.openStreams).toBe(0);
    expect(peer.frames.some((f) => f.kind === 'rst_stream' && f.streamId === 3)).toBe(false);
    session.close();
  });

  it('the server FIN first: reading ends and the client may still write', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const ended = readToEnd(stream);
    peer.send(encodeData(3, Buffer.alloc(0), true));
    await ended;
    stream.write('still here');
    const d = await peer.frame('data', (f) => f.streamId === 3 && f.data.length > 0);
    expect(d.data.toString()).toBe('still here');
    session.close();
  });

  it('destroying a stream before both FINs resets it (RST_STREAM CANCEL); the session stays', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    stream.destroy();
    expect(await peer.frame('rst_stream', (f) => f.streamId === 3)).toEqual({
      kind: 'rst_stream',
      streamId: 3,
      status: 5,
    });
    expect(session.closed).toBe(false);
    expect(session.openStreams).toBe(0);
    session.close();
  });

  it('error text on an open connection ends that connection only, with the text', async () => {
    const { session, peer } = setup();
    const seen: string[] = [];
    const stream = await openAccepted(session, peer, 80, (t) => seen.push(t));
    const errored = new Promise<Error>((r) => stream.once('error', r));
    const text = 'error forwarding port 80 to pod x: dial tcp4 127.0.0.1:80: connect: connection refused';
    peer.send(encodeData(1, Buffer.from(text)));
    peer.send(encodeData(1, Buffer.alloc(0), true));
    peer.send(encodeRstStream(3, 5));
    expect((await errored).message).toBe(text);
    expect(seen).toEqual([text]);
    expect(session.closed).toBe(false);
    // The session still opens the next connection (stream ids 5 and 7).
    expect(await openAccepted(session, peer, 80, undefined, 5)).toBeDefined();
    session.close();
  });

  it('a reset of an open data stream without text: an error naming the status', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const errored = new Promise<Error>((r) => stream.once('error', r));
    peer.send(encodeRstStream(3, 6));
    expect((await errored).message).toMatch(/connection to port 80 was reset \(INTERNAL_ERROR\)/);
    session.close();
  });
});

describe('SpdySession: backpressure', () => {
  it('a write waits for the transport to drain when its buffer is full', async () => {
    const { session, peer, server } = setup();
    const stream = await openAccepted(session, peer);
    server.pause(); // the "server" stops reading
    let written = false;
    stream.write(Buffer.alloc(1024 * 1024), () => (written = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBe(false);
    server.resume();
    await vi.waitFor(() => expect(written).toBe(true));
    session.close();
  });

  it('a large write goes out frame by frame as the transport drains, never queued whole', async () => {
    const { session, peer, server, client } = setup();
    const stream = await openAccepted(session, peer);
    server.pause();
    let written = false;
    stream.write(Buffer.alloc(4 * 1024 * 1024), () => (written = true));
    await new Promise((r) => setTimeout(r, 50));
    // At most what fills the transport's buffer plus the frame that crossed the mark.
    expect(client.writableLength).toBeLessThanOrEqual(client.writableHighWaterMark + MAX_DATA_FRAME + 8);
    expect(written).toBe(false);
    server.resume();
    await vi.waitFor(() => expect(written).toBe(true));
    const sent = peer.frames.filter((f) => f.kind === 'data' && f.streamId === 3);
    expect(sent.reduce((n, f) => n + (f as { data: Buffer }).data.length, 0)).toBe(4 * 1024 * 1024);
    session.close();
  });

  it('a stream whose reader falls behind pauses the transport until it reads (head-of-line)', async () => {
    const { session, peer, client } = setup();
    const stream = await openAccepted(session, peer); // nobody reads it yet
    for (let i = 0; i < 8; i++) peer.send(encodeData(3, Buffer.alloc(16 * 1024, i)));
    await vi.waitFor(() => expect(client.isPaused()).toBe(true));
    let got = 0;
    stream.on('data', (d: Buffer) => (got += d.length));
    await vi.waitFor(() => expect(got).toBe(8 * 16 * 1024));
    expect(client.isPaused()).toBe(false);
    session.close();
  });

  it('ignores WINDOW_UPDATE and SETTINGS (flow control is TCP here)', async () => {
    const { session, peer } = setup();
    peer.send(encodeSettings([[7, 1]]));
    peer.send(encodeWindowUpdate(3, 1));
    await openAccepted(session, peer);
    expect(session.closed).toBe(false);
    session.close();
  });
});

describe('SpdySession: liveness and ending', () => {
  it('pings every interval with odd ids, records the round trip, and closes when a ping goes unanswered', async () => {
    vi.useFakeTimers();
    const { session, peer } = setup({ pingIntervalMs: 10_000, pingTimeoutMs: 10_000 });
    const closed = new Promise<string>((r) => session.once('close', r));
    await vi.advanceTimersByTimeAsync(10_000);
    const first = await peer.frame('ping');
    expect(first.id).toBe(1);
    await vi.advanceTimersByTimeAsync(40);
    peer.send(encodePing(1));
    await vi.advanceTimersByTimeAsync(1);
    expect(session.lastPingRttMs).toBeGreaterThanOrEqual(40);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await peer.frame('ping', (f) => f.id === 3)).toBeDefined();
    expect(session.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000); // no answer to ping 3
    expect(session.closed).toBe(true);
    expect(await closed).toBe('the API server stopped answering pings for 10 s');
  });

  it("echoes the server's even-id PINGs unchanged", async () => {
    const { session, peer } = setup();
    peer.send(encodePing(2));
    expect(await peer.frame('ping', (f) => f.id === 2)).toEqual({ kind: 'ping', id: 2 });
    session.close();
  });

  it('GOAWAY: open connections finish, new ones are refused, the session closes after the last', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    peer.send(encodeGoAway(3));
    await next();
    const refused = await session.openPortStream(80).catch((e: unknown) => e);
    expect((refused as DialError).message).toMatch(/GOAWAY/);
    expect(session.closed).toBe(false);
    const answer = readToEnd(stream);
    peer.send(encodeData(3, Buffer.from('last words'), true));
    stream.end();
    expect((await answer).toString()).toBe('last words');
    await vi.waitFor(() => expect(session.closed).toBe(true));
    expect(session.closeReason).toMatch(/GOAWAY/);
  });

  it('malformed bytes close the session with the reason; open streams error, opening ones reject', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const errored = new Promise<Error>((r) => stream.once('error', r));
    const pending = session.openPortStream(81).catch((e: unknown) => e);
    peer.send(Buffer.from('80020001000000000000', 'hex'));
    expect(await errored).toBeInstanceOf(Error);
    expect(((await pending) as DialError).message).toMatch(/not SPDY\/3: a control frame of SPDY version 2/);
    expect(session.closeReason).toMatch(/the API server sent bytes that are not SPDY\/3/);
    await expect(session.openPortStream(80)).rejects.toThrow(/session is closed/);
  });

  it('a header block that cannot be inflated closes the session with a clear reason', async () => {
    const { session, peer } = setup();
    const opening = session.openPortStream(80).catch((e: unknown) => e);
    await peer.frame('syn_stream', (f) => f.streamId === 3);
    peer.send(encodeSynReply(3, Buffer.from('not zlib at all')));
    await vi.waitFor(() => expect(session.closed).toBe(true));
    expect(session.closeReason).toMatch(/header block that cannot be read/);
    await opening;
  });

  it('the transport ending or failing closes the session with a reason', async () => {
    const a = setup();
    a.server.end();
    await vi.waitFor(() => expect(a.session.closed).toBe(true));
    expect(a.session.closeReason).toBe('the API server closed the connection');
    const b = setup();
    b.client.destroy(new Error('read ECONNRESET'));
    await vi.waitFor(() => expect(b.session.closed).toBe(true));
    expect(b.session.closeReason).toBe('the connection to the API server failed: read ECONNRESET');
  });

  it('closing with open streams nobody listens to for errors ends them without an uncaught error', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer); // no 'error' listener: an emitted error would end the process
    session.close('gone');
    await vi.waitFor(() => expect(stream.destroyed).toBe(true));
    expect(stream.errored).toBeNull();
  });

  it('a close listener that throws does not escape the ping deadline timer', async () => {
    vi.useFakeTimers();
    const { session } = setup({ pingIntervalMs: 1_000, pingTimeoutMs: 1_000 });
    session.on('close', () => {
      throw new Error('listener bug');
    });
    await vi.advanceTimersByTimeAsync(2_500);
    expect(session.closeReason).toBe('the API server stopped answering pings for 1 s');
  });

  it('close() sends GOAWAY, ends the transport, and destroys open streams with the reason', async () => {
    const { session, peer } = setup();
    const stream = await openAccepted(session, peer);
    const errored = new Promise<Error>((r) => stream.once('error', r));
    const closeEvents: string[] = [];
    session.on('close', (r) => closeEvents.push(r));
    session.close('the pod was replaced');
    session.close('twice');
    expect((await errored).message).toMatch(/the pod was replaced/);
    expect(await peer.frame('goaway')).toEqual({ kind: 'goaway', lastGoodStreamId: 0, status: 0 });
    expect(closeEvents).toEqual(['the pod was replaced']);
    expect(session.openStreams).toBe(0);
  });
});
