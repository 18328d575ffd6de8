// The forward's client side: its local port, bound before anything else so a taken port is
// said at once, and the listener that holds or routes each client.
import type { ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { LocalProxy } from './localProxy';
import type { Dialer } from './tunnel/dialer';

/** The local port could not be bound: `code` is the OS error (EADDRINUSE, EACCES…). */
export class LocalPortError extends Error {
  readonly code: string;
  readonly port: number;
  readonly host: string;
  constructor(host: string, port: number, code: string) {
    super(
      `Local port ${port} on ${host} ${code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code})`}`,
    );
    this.code = code;
    this.port = port;
    this.host = host;
  }
}

/** What the listener tells its forward. */
export interface LocalBindingOptions {
  /** How long a client is held while no tunnel is set (LocalProxy's default when absent). */
  holdMs?: number | undefined;
  /** A client connected. */
  onConnection(): void;
  /** Connecting a client through `dialer` failed. */
  onUpstreamFailure(dialer: Dialer): void;
}

/**
 * A forward's listener across starts and stops: binds the spec's port (for 'auto', the port it
 * had last time when still free, else any free one), routes or holds clients, and keeps the
 * traffic totals readable after it closed.
 */
export class LocalBinding {
  private readonly o: LocalBindingOptions;
  private proxy: LocalProxy | undefined;
  private lastAutoPort: number | undefined;
  private finalTraffic: ForwardStatus['traffic'] | undefined;

  constructor(o: LocalBindingOptions) {
    this.o = o;
  }

  /** Binds and listens; a port that cannot be bound rejects with LocalPortError. Resolves with the port. */
  async open(spec: Pick<ForwardSpec, 'bindAddress' | 'localPort'>): Promise<number> {
    const host = spec.bindAddress;
    const wanted = spec.localPort === 'auto' ? (this.lastAutoPort ?? 0) : spec.localPort;
    let proxy = this.newProxy(host, wanted);
    let port: number;
    try {
      port = await proxy.listen();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (spec.localPort !== 'auto' || wanted === 0) throw new LocalPortError(host, wanted, code);
      // The port used last time is taken now: any free one will do.
      proxy = this.newProxy(host, 0);
      port = await proxy.listen();
    }
    if (spec.localPort === 'auto') this.lastAutoPort = port;
    this.proxy = proxy;
    this.finalTraffic = undefined;
    return port;
  }

  /** New clients go through `dialer`; undefined: they wait (held). */
  route(dialer: Dialer | undefined): void {
    this.proxy?.setUpstream(dialer);
  }

  /** Clients waiting for a tunnel are refused. */
  dropHeld(): void {
    this.proxy?.dropHeld();
  }

  /** The counters now, or the totals at the last close; undefined when it never listened. */
  traffic(): ForwardStatus['traffic'] | undefined {
    return this.proxy?.traffic() ?? this.finalTraffic;
  }

  /** Closes the listener and every client. */
  async close(): Promise<void> {
    const proxy = this.proxy;
    this.proxy = undefined;
    // Totals stay visible after a stop; nothing is open or held any more.
    if (proxy) this.finalTraffic = { ...proxy.traffic(), openConnections: 0, heldConnections: 0 };
    await proxy?.close();
  }

  private newProxy(host: string, port: number): LocalProxy {
    return new LocalProxy({
      host,
      port,
      ...(this.o.holdMs !== undefined ? { holdMs: this.o.holdMs } : {}),
      onConnection: () => this.o.onConnection(),
      onUpstreamFailure: (dialer) => this.o.onUpstreamFailure(dialer),
    });
  }
}
