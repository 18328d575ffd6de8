import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ForwardTraffic } from '../../../shared/contract';
import { pipeJoined } from './joinedPipe';
import type { Dialer } from './tunnel/dialer';

/** Options for {@link LocalProxy}. */
export interface LocalProxyOptions {
  /** Where clients connect: the forward's bind address and local port (0 = any free port). */
  host: string;
  port: number;
  /** How long a client is held while the tunnel is re-established (default 30 s). */
  holdMs?: number;
  /** Held clients beyond this are closed (default 512). */
  maxHeld?: number;
  /** Connecting through the tunnel failed (kubectl gone?): the client is held again meanwhile. */
  onUpstreamFailure(dialer: Dialer, err: Error): void;
  /** A client connected (for idle tracking). */
  onConnection?(): void;
}

interface Held {
  socket: Socket;
  timer: NodeJS.Timeout;
}

/**
 * The stable local port: Tether's own listener, which stays open while the tunnel behind it
 * (kubectl's ephemeral port, or the engine's own connections to the pod) comes and goes. With no tunnel, new clients are held — paused,
 * not refused — for up to `holdMs`, then served as soon as a tunnel is set. Each client is
 * its own pair of sockets: one client's error closes that client only.
 */
export class LocalProxy {
  private readonly o: LocalProxyOptions;
  private readonly server: Server;
  private upstream: Dialer | undefined;
  private readonly held: Held[] = [];
  private readonly open = new Set<Socket>();
  private closedIn = 0;
  private closedOut = 0;
  private total = 0;
  private closing = false;

  constructor(opts: LocalProxyOptions) {
    this.o = opts;
    this.server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (s) =>
      this.accept(s),
    );
  }

  /** Starts listening; resolves with the port. Rejects with the listen error (EADDRINUSE…). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host: this.o.host, port: this.o.port, exclusive: true }, () => {
        this.server.off('error', onError);
        // Errors after listening (none expected) must never crash the engine.
        this.server.on('error', () => {});
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : this.o.port);
      });
    });
  }

  /** The tunnel to send clients through, or undefined to hold new clients. Flushes held ones. */
  setUpstream(dialer: Dialer | undefined): void {
    this.upstream = dialer;
    if (dialer === undefined) return;
    for (const h of this.held.splice(0)) {
      clearTimeout(h.timer);
      this.pipe(h.socket, dialer);
    }
  }

  get currentUpstream(): Dialer | undefined {
    return this.upstream;
  }

  /** Closes every held client (the forward failed or stopped: nothing will serve them). */
  dropHeld(): void {
    for (const h of this.held.splice(0)) {
      clearTimeout(h.timer);
      h.socket.destroy();
    }
  }

  /** Traffic counters: bytes of closed clients plus what open clients moved so far. */
  traffic(): ForwardTraffic {
    let bytesIn = this.closedIn;
    let bytesOut = this.closedOut;
    for (const s of this.open) {
      bytesIn += s.bytesRead;
      bytesOut += s.bytesWritten;
    }
    return {
      bytesIn,
      bytesOut,
      openConnections: this.open.size,
      totalConnections: this.total,
      heldConnections: this.held.length,
    };
  }

  /** Stops listening and closes every client at once. */
  close(): Promise<void> {
    this.closing = true;
    this.dropHeld();
    for (const s of this.open) s.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: Socket) {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.total++;
    this.open.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.open.delete(socket);
      this.closedIn += socket.bytesRead;
      this.closedOut += socket.bytesWritten;
      const i = this.held.findIndex((h) => h.socket === socket);
      if (i >= 0) {
        clearTimeout(this.held[i]!.timer);
        this.held.splice(i, 1);
      }
    });
    this.o.onConnection?.();
    if (this.upstream !== undefined) this.pipe(socket, this.upstream);
    else this.hold(socket);
  }

  private hold(socket: Socket) {
    if (socket.destroyed) return;
    if (this.held.length >= (this.o.maxHeld ?? 512)) {
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), this.o.holdMs ?? 30_000);
    this.held.push({ socket, timer });
  }

  private pipe(client: Socket, dialer: Dialer) {
    if (client.destroyed) return;
    let up: Duplex | undefined;
    const onClientClose = () => up?.destroy();
    client.once('close', onClientClose);
    dialer.dial().then(
      (stream) => {
        if (client.destroyed) {
          stream.destroy();
          return;
        }
        up = stream;
        stream.on('error', () => client.destroy());
        client.pipe(stream);
        pipeJoined(stream, client);
        client.resume();
        stream.once('close', () => {
          if (client.destroyed) return;
          client.end();
          // The pod side is gone; a client that never closes its half must not linger forever.
          setTimeout(() => client.destroy(), 5_000).unref();
        });
      },
      (err: unknown) => {
        client.off('close', onClientClose);
        if (client.destroyed) return;
        // The tunnel refused us: keep the client and let the forward re-establish it.
        if (this.upstream === dialer) this.upstream = undefined;
        if (this.upstream !== undefined) this.pipe(client, this.upstream);
        else this.hold(client);
        this.o.onUpstreamFailure(dialer, err instanceof Error ? err : new Error(String(err)));
      },
    );
  }
}
