// The tunnels one forward owns: the one clients use now, and old ones still ending.
import type { Logger } from '../app/log';
import { background } from '../app/background';
import type { Tunnel } from './kubectlTunnel';

/** A tunnel and what it was started for. */
export type TrackedTunnel = Tunnel & {
  pod: string;
  remotePort: number;
  startedAt: number;
  forwardError?: string;
};

/**
 * Holds a forward's current tunnel and ends the ones it replaced in the background, so an old
 * pod's clients are served until the new tunnel is up and every tunnel is awaited at stop.
 */
export class TunnelSlot {
  private readonly log: Logger;
  private readonly id: string;
  private tunnel: TrackedTunnel | undefined;
  private readonly retiring = new Set<Tunnel>();

  constructor(log: Logger, id: string) {
    this.log = log;
    this.id = id;
  }

  /** The tunnel clients use now. */
  get current(): TrackedTunnel | undefined {
    return this.tunnel;
  }

  /** Makes `t` the current tunnel. */
  adopt(t: TrackedTunnel): void {
    this.tunnel = t;
  }

  /** Forgets the current tunnel (it exited by itself). */
  clear(): void {
    this.tunnel = undefined;
  }

  /**
   * Ends the current tunnel in the background; true when there was one. Its open connections
   * end here (a deleted pod's tunnel may stay open on the server side): `leaving`, why its pod
   * is going, is logged.
   */
  retire(leaving: (pod: string) => string | null): boolean {
    const old = this.tunnel;
    if (!old) return false;
    const why = leaving(old.pod);
    if (why)
      this.log.warn('ending the connections to a pod that went away', { id: this.id, pod: old.pod, why });
    this.tunnel = undefined;
    this.retiring.add(old);
    background(
      old.stop(1_000).finally(() => this.retiring.delete(old)),
      this.log,
      'stopping the old kubectl',
    );
    return true;
  }

  /** Ends the current tunnel at once (kubectl: SIGKILL after 200 ms); its exit handler runs as usual. */
  kill(): void {
    if (this.tunnel) background(this.tunnel.stop(200), this.log, 'stopping kubectl');
  }

  /** Ends every tunnel, current and retiring, and waits until each is gone. */
  async stopAll(): Promise<void> {
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    await Promise.all([tunnel?.stop(1_000), ...[...this.retiring].map((t) => t.stop(1_000))]);
    this.retiring.clear();
  }
}
