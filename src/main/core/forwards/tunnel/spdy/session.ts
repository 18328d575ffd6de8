import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { silentLogger, type Logger } from '../../../app/log';
import { DialError } from '../dialer';
import {
  encodeData,
  encodeDataHeader,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynStream,
  FrameReader,
  RstStatus,
  rstStatusName,
  type Frame,
} from './frames';
import { HeaderCompressor, HeaderDecompressor } from './headerBlock';
import { SpdyDataStream, type StreamHost } from './spdyStream';

export interface SpdySessionOptions {
  /** How often a PING goes out (10 s, as client-go's tunnel). */
  pingIntervalMs?: number;
  /** How long a PING may go unanswered before the session is declared dead. */
  pingTimeoutMs?: number;
  /** How long the server may take to answer a new connection's streams (its own pairing limit is 30 s). */
  openTimeoutMs?: number;
  log?: Logger;
}

/**
 * The largest DATA frame sent. The server takes up to 16 MiB; kubectl sends 32 KiB. 64 KiB
 * measured a little less CPU per MB than 32 KiB (fewer frames) on the real API server.
 */
export const MAX_DATA_FRAME = 64 * 1024;
/** The most error text kept per connection (the server's are one line). */
const MAX_ERROR_TEXT = 64 * 1024;
/** After its data stream closed, how long a pair's error stream may still bring its text. */
const ERROR_DRAIN_MS = 2_000;
/** After `close()`, how long the transport may take to finish before it is destroyed. */
const END_GRACE_MS = 2_000;

/** One local connection: the error stream and the data stream the server pairs by requestid. */
interface PortPair {
  readonly port: number;
  readonly errorId: number;
  readonly dataId: number;
  readonly data: SpdyDataStream;
  readonly onServerError: ((text: string) => void) | undefined;
  opened: boolean;
  dataGone: boolean;
  errorDone: boolean;
  errorText: Buffer[];
  errorBytes: number;
  errorDrain?: NodeJS.Timeout;
  openTimer?: NodeJS.Timeout;
  resolve(s: SpdyDataStream): void;
  reject(e: DialError): void;
}

interface PendingPing {
  sentAt: number;
  resolve(rttMs: number): void;
  reject(e: Error): void;
}

const secondsText = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * A SPDY/3.1 client session carrying Kubernetes port-forward streams (`portforward.k8s.io`)
 * over any byte Duplex: the raw upgraded TLS socket, or the WebSocket tunnel's byte stream.
 * Each `openPortStream` is one local connection: an error stream (half-closed at once, as
 * client-go does) and a data stream, paired by the server through `requestid`.
 *
 * One job: one SPDY session's state machine; kept whole (over 300 lines) because streams,
 * pings, GOAWAY and close all act on the same stream table and transport, and every frame the
 * reader hands up is dispatched from here (frames.ts encodes and parses, spdyStream.ts is one stream).
 *
 * Flow control: SPDY send windows are never enforced (spdystream ignores WINDOW_UPDATE and
 * never sends one). Writing: a stream's write waits while the transport's own buffer is full
 * (its 'drain'). Reading: when a stream's reader has enough buffered, the whole transport is
 * paused until that reader asks for more. This stalls the other streams on the session too —
 * head-of-line blocking, exactly what kubectl's spdystream does, and the only backpressure the
 * server understands (TCP's).
 *
 * Liveness: a PING every `pingIntervalMs` (odd ids); one unanswered for `pingTimeoutMs` closes
 * the session with that reason. Server PINGs (even ids) are echoed. A GOAWAY from the server
 * lets open streams finish, takes no new ones and closes the session when the last one ends.
 * Malformed frames and transport errors close the session with a reason in words; an error
 * text from the server ends that one connection, never the session.
 */
export class SpdySession extends EventEmitter<{ close: [reason: string] }> {
  private readonly transport: Duplex;
  private readonly log: Logger;
  // DATA in pieces as they arrive: a frame's bytes go on to its stream without being joined.
  private readonly reader = new FrameReader({ streamData: true });
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly pairs = new Map<number, PortPair>();
  private readonly pings = new Map<number, PendingPing>();
  private readonly pausedBy = new Set<SpdyDataStream>();
  private drainWaiters: Array<(err?: Error | null) => void> = [];
  private readonly pingTimeoutMs: number;
  private readonly openTimeoutMs: number;
  private readonly pinger: NodeJS.Timeout;
  private pingDeadline: NodeJS.Timeout | undefined;
  private nextStreamId = 1;
  private nextRequestId = 0;
  private nextPingId = 1;
  private goneAway = false;
  private dataStreams = 0;
  private _closed = false;
  private _closeReason: string | undefined;
  private _lastPingRttMs: number | undefined;

  constructor(transport: Duplex, opts: SpdySessionOptions = {}) {
    super();
    this.transport = transport;
    this.log = opts.log ?? silentLogger;
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 10_000;
    this.openTimeoutMs = opts.openTimeoutMs ?? 30_000;
    transport.on('data', (chunk: Buffer) => this.guard(() => this.onChunk(chunk)));
    transport.on('drain', () => this.guard(() => this.onDrain()));
    transport.once('end', () => this.close('the API server closed the connection'));
    transport.once('close', () => this.close('the connection to the API server closed'));
    transport.on('error', (err: Error) => {
      this.close(`the connection to the API server failed: ${err.message}`);
      transport.destroy();
    });
    this.pinger = setInterval(() => this.guard(() => this.heartbeat()), opts.pingIntervalMs ?? 10_000);
    this.pinger.unref();
  }

  get closed(): boolean {
    return this._closed;
  }
  get closeReason(): string | undefined {
    return this._closeReason;
  }
  /** Connections (data streams) not yet closed, including those still opening. */
  get openStreams(): number {
    return this.dataStreams;
  }
  get lastPingRttMs(): number | undefined {
    return this._lastPingRttMs;
  }

  /**
   * One connection to `port` in the pod: resolves with its Duplex once the server took the data
   * stream; rejects with a DialError when the server resets it, sends error text first, sent a
   * GOAWAY, does not answer within `openTimeoutMs` (both streams are then reset), or the
   * session is closed. The server's error text for this connection (a refused
   * port, a sandbox gone) goes to `onServerError` and ends this connection only.
   */
  openPortStream(port: number, onServerError?: (text: string) => void): Promise<SpdyDataStream> {
    if (this._closed)
      return Promise.reject(new DialError('refused', `the SPDY session is closed: ${this._closeReason}`));
    if (this.goneAway)
      return Promise.reject(new DialError('refused', 'the API server is ending this SPDY session (GOAWAY)'));
    if (this.nextStreamId + 2 > 0x7fffffff)
      return Promise.reject(new DialError('refused', 'this SPDY session has used all its stream ids'));
    const errorId = this.nextStreamId;
    const dataId = errorId + 2;
    this.nextStreamId += 4;
    const requestId = String(this.nextRequestId++);
    return new Promise<SpdyDataStream>((resolve, reject) => {
      const data = new SpdyDataStream(dataId, port, this.host);
      const pair: PortPair = {
        port,
        errorId,
        dataId,
        data,
        onServerError,
        opened: false,
        dataGone: false,
        errorDone: false,
        errorText: [],
        errorBytes: 0,
        resolve,
        reject,
      };
      this.pairs.set(errorId, pair);
      this.pairs.set(dataId, pair);
      this.dataStreams++;
      const headers = (type: string) =>
        this.compressor.compress([
          ['streamtype', type],
          ['port', String(port)],
          ['requestid', requestId],
        ]);
      // Both streams back to back (the server pairs them within 30 s); the error stream is
      // half-closed at once: the client never writes on it. spdystream handles a stream's
      // frames in order and replies to SYN_STREAM before the next, so no waiting is needed.
      // Corked: the three frames leave in one write (one WebSocket message, one TLS record)
      // rather than three, which the server would read one by one.
      this.transport.cork();
      this.write(encodeSynStream(errorId, headers('error')));
      this.write(encodeData(errorId, Buffer.alloc(0), true));
      this.write(encodeSynStream(dataId, headers('data')));
      this.transport.uncork();
      this.log.debug('spdy stream pair opening', { port, errorId, dataId });
      pair.openTimer = setTimeout(() => this.guard(() => this.openTimedOut(pair)), this.openTimeoutMs);
      pair.openTimer.unref();
    });
  }

  /** One PING round trip in milliseconds; rejects if the session closes first. */
  ping(): Promise<number> {
    if (this._closed) return Promise.reject(new Error(`the SPDY session is closed: ${this._closeReason}`));
    const id = this.nextPingId;
    this.nextPingId = id >= 0x7ffffffd ? 1 : id + 2;
    return new Promise<number>((resolve, reject) => {
      this.pings.set(id, { sentAt: Date.now(), resolve, reject });
      this.write(encodePing(id));
    });
  }

  /**
   * Ends the session: GOAWAY, then the transport is ended (destroyed if it does not finish);
   * open connections are destroyed with the reason, opening ones rejected. Idempotent.
   */
  close(reason = 'the SPDY session was closed'): void {
    if (this._closed) return;
    this._closed = true;
    this._closeReason = reason;
    this.log.debug('spdy session closed', { reason });
    clearInterval(this.pinger);
    clearTimeout(this.pingDeadline);
    this.write(encodeGoAway(0), true);
    for (const p of this.pings.values()) p.reject(new Error(`the SPDY session closed: ${reason}`));
    this.pings.clear();
    for (const pair of new Set(this.pairs.values())) {
      clearTimeout(pair.errorDrain);
      clearTimeout(pair.openTimer);
      if (!pair.opened) {
        // Nobody holds this stream yet: no error event to deliver, the rejection says it.
        pair.reject(new DialError('refused', `the SPDY session closed: ${reason}`));
        pair.data.destroy();
      } else pair.data.fail(new Error(`the tunnel to the pod closed: ${reason}`));
    }
    this.pairs.clear();
    this.pausedBy.clear();
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w(new Error(`the SPDY session closed: ${reason}`));
    this.decompressor.close();
    if (!this.transport.destroyed) {
      this.transport.end();
      this.transport.resume();
      setTimeout(() => this.transport.destroy(), END_GRACE_MS).unref();
    }
    try {
      this.emit('close', reason);
    } catch (err) {
      // A listener's mistake must not escape into a timer or a socket callback.
      this.log.error('a spdy session close listener threw', { error: String(err) });
    }
  }

  /** What the data streams call back into. */
  private readonly host: StreamHost = {
    sendData: (stream, chunk, cb) => {
      // Frame by frame, and only while the transport takes more: a client's large write is
      // neither copied into frames all at once nor queued whole on the socket (a TLS socket
      // handed a long queue encrypts it in one writev, copying it again).
      const pump = (at: number): void => {
        for (;;) {
          if (this._closed) return cb(new Error(`the SPDY session closed: ${this._closeReason}`));
          if (stream.resetByServer || stream.destroyed) return cb();
          const room = this.writeData(stream.id, chunk.subarray(at, at + MAX_DATA_FRAME));
          at += MAX_DATA_FRAME;
          if (at >= chunk.length) return room ? cb() : void this.drainWaiters.push(cb);
          if (!room) {
            this.drainWaiters.push((err) => (err ? cb(err) : pump(at)));
            return;
          }
        }
      };
      pump(0);
    },
    sendFin: (stream) => {
      this.write(encodeData(stream.id, Buffer.alloc(0), true));
    },
    sendCancel: (stream) => {
      this.write(encodeRstStream(stream.id, RstStatus.CANCEL));
    },
    readMore: (stream) => {
      if (this.pausedBy.delete(stream) && this.pausedBy.size === 0 && !this._closed) this.transport.resume();
    },
    forget: (stream) => this.guard(() => this.onDataGone(stream)),
  };

  /** A DATA frame as its header and the caller's bytes, corked into one write (no copy here). */
  private writeData(streamId: number, data: Buffer): boolean {
    if (this._closed || !this.transport.writable) return true;
    const t = this.transport;
    t.cork();
    t.write(encodeDataHeader(streamId, data.length));
    const room = t.write(data);
    t.uncork();
    return room;
  }

  private write(frame: Buffer, evenIfClosed = false): boolean {
    if ((this._closed && !evenIfClosed) || !this.transport.writable) return true;
    return this.transport.write(frame);
  }

  /** Runs an event handler; anything it throws closes the session instead of escaping. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('spdy session handler failed', { error: String(err) });
      this.close(
        `an internal error in the SPDY session (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }

  private onDrain(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private heartbeat(): void {
    if (this._closed || this.pingDeadline) return;
    this.pingDeadline = setTimeout(
      () => this.close(`the API server stopped answering pings for ${secondsText(this.pingTimeoutMs)}`),
      this.pingTimeoutMs,
    );
    this.pingDeadline.unref();
    this.ping().then(
      (rtt) => {
        this._lastPingRttMs = rtt;
        clearTimeout(this.pingDeadline);
        this.pingDeadline = undefined;
      },
      () => {},
    );
  }

  private onChunk(chunk: Buffer): void {
    for (const f of this.reader.push(chunk)) {
      if (this._closed) return;
      if (f.kind === 'invalid') {
        this.close(`the API server sent bytes that are not SPDY/3: ${f.reason}`);
        return;
      }
      this.onFrame(f);
    }
  }

  private onFrame(f: Frame): void {
    switch (f.kind) {
      case 'data':
        return this.onData(f.streamId, f.data, f.fin);
      case 'syn_reply':
        this.readHeaders(f.headerBlock);
        return this.onReply(f.streamId, f.fin);
      case 'headers':
        this.readHeaders(f.headerBlock);
        if (f.fin) this.onData(f.streamId, Buffer.alloc(0), true);
        return;
      case 'syn_stream':
        // The server never opens streams in a port-forward: keep the header state, refuse it.
        this.readHeaders(f.headerBlock);
        this.write(encodeRstStream(f.streamId, RstStatus.REFUSED_STREAM));
        return;
      case 'rst_stream':
        return this.onReset(f.streamId, f.status);
      case 'ping':
        return this.onPing(f.id);
      case 'goaway':
        return this.onGoAway();
      case 'settings':
      case 'window_update':
      case 'unknown':
        // Flow control is TCP's here (see the class comment); unknown types are ignored per spec.
        return;
    }
  }

  /** Feeds the server's header block to the one inflater, in order; a corrupt one ends the session. */
  private readHeaders(block: Buffer): void {
    void this.decompressor.decode(block).then((r) => {
      if (r.kind === 'invalid')
        this.close(`the API server sent a header block that cannot be read: ${r.reason}`);
    });
  }

  private onReply(id: number, fin: boolean): void {
    const pair = this.pairs.get(id);
    if (!pair) return;
    if (id === pair.dataId && !pair.opened) {
      pair.opened = true;
      clearTimeout(pair.openTimer);
      this.log.debug('spdy stream pair open', { port: pair.port, dataId: id });
      pair.resolve(pair.data);
    }
    if (fin) this.onData(id, Buffer.alloc(0), true);
  }

  private onData(id: number, data: Buffer, fin: boolean): void {
    const pair = this.pairs.get(id);
    if (!pair) return; // a stream we already let go of: frames still in flight
    if (id === pair.errorId) {
      if (data.length > 0 && pair.errorBytes < MAX_ERROR_TEXT) {
        pair.errorText.push(data.subarray(0, MAX_ERROR_TEXT - pair.errorBytes));
        pair.errorBytes += data.length;
      }
      if (fin) this.onErrorStreamDone(pair);
      return;
    }
    if (data.length > 0 && !pair.data.deliver(data) && !this.pausedBy.has(pair.data)) {
      this.pausedBy.add(pair.data);
      this.transport.pause();
    }
    if (fin) pair.data.deliverEnd();
  }

  private onReset(id: number, status: number): void {
    const pair = this.pairs.get(id);
    if (!pair) return;
    if (id === pair.errorId) return this.onErrorStreamDone(pair);
    const data = pair.data;
    data.resetByServer = true;
    const text = this.errorTextOf(pair);
    if (!pair.opened) {
      pair.reject(
        new DialError(
          'refused',
          text ||
            `the pod refused the connection to port ${pair.port} (stream reset: ${rstStatusName(status)})`,
        ),
      );
      data.destroy();
    } else if (text) {
      data.fail(new Error(text));
    } else if (data.remoteDone) {
      // Everything the pod sent has arrived: a reset now only stops our sending.
      data.destroy();
    } else {
      data.fail(new Error(`the connection to port ${pair.port} was reset (${rstStatusName(status)})`));
    }
  }

  private onErrorStreamDone(pair: PortPair): void {
    if (pair.errorDone) return;
    pair.errorDone = true;
    clearTimeout(pair.errorDrain);
    this.pairs.delete(pair.errorId);
    const text = this.errorTextOf(pair);
    if (!text) return;
    this.log.debug('spdy server error text', { port: pair.port, text });
    try {
      pair.onServerError?.(text);
    } catch (err) {
      this.log.warn('onServerError threw', { error: String(err) });
    }
    if (!pair.opened) {
      pair.reject(new DialError('refused', text));
      pair.data.destroy();
    } else if (!pair.dataGone) {
      pair.data.fail(new Error(text));
    }
  }

  private errorTextOf(pair: PortPair): string {
    return Buffer.concat(pair.errorText).toString('utf8').trim();
  }

  private onDataGone(stream: SpdyDataStream): void {
    const pair = this.pairs.get(stream.id);
    if (this.pausedBy.delete(stream) && this.pausedBy.size === 0 && !this._closed) this.transport.resume();
    if (!pair || pair.dataGone) return;
    pair.dataGone = true;
    clearTimeout(pair.openTimer);
    this.dataStreams--;
    this.pairs.delete(pair.dataId);
    if (!pair.opened)
      pair.reject(new DialError('refused', 'the connection was closed before the pod took it'));
    if (!pair.errorDone && !this._closed) {
      // The error text may still be on its way; after a while, let the stream go.
      pair.errorDrain = setTimeout(() => {
        if (pair.errorDone || this._closed) return;
        pair.errorDone = true;
        this.pairs.delete(pair.errorId);
        this.write(encodeRstStream(pair.errorId, RstStatus.CANCEL));
      }, ERROR_DRAIN_MS);
      pair.errorDrain.unref();
    }
    if (this.goneAway && this.dataStreams === 0) this.close('the API server ended the SPDY session (GOAWAY)');
  }

  /** The server never answered a connection's streams: give up on both, the session stays. */
  private openTimedOut(pair: PortPair): void {
    if (pair.opened || pair.dataGone || this._closed) return;
    pair.reject(
      new DialError(
        'timeout',
        `the pod did not take the connection to port ${pair.port} within ${secondsText(this.openTimeoutMs)}`,
      ),
    );
    if (!pair.errorDone) {
      pair.errorDone = true;
      this.pairs.delete(pair.errorId);
      this.write(encodeRstStream(pair.errorId, RstStatus.CANCEL));
    }
    pair.data.destroy(); // RST_STREAM CANCEL for the data stream too
  }

  private onPing(id: number): void {
    if (id % 2 === 0) {
      this.write(encodePing(id)); // the server's: echo it unchanged
      return;
    }
    const p = this.pings.get(id);
    if (!p) return;
    this.pings.delete(id);
    p.resolve(Date.now() - p.sentAt);
  }

  private onGoAway(): void {
    this.goneAway = true;
    for (const pair of new Set(this.pairs.values())) {
      if (pair.opened) continue;
      pair.reject(new DialError('refused', 'the API server is ending this SPDY session (GOAWAY)'));
      pair.data.destroy();
    }
    if (this.dataStreams === 0) this.close('the API server ended the SPDY session (GOAWAY)');
  }
}
