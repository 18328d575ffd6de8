// A forward's probe schedule: one probe through the current tunnel every interval.
import type { Probe } from '../../../shared/domain/forward';
import type { EnvMap } from '../../../shared/logic/import/envExpand';
import { background } from '../app/background';
import type { Logger } from '../app/log';
import { probeThrough, type ProbeResult } from './probe';
import type { Tunnel } from './kubectlTunnel';

/** What a ProbeLoop probes through, and whom it tells. */
export interface ProbeLoopOptions<T extends Tunnel> {
  /** The forward's probe now (its spec can be replaced while it runs). */
  probe(): Probe;
  /** The tunnel clients use now. */
  tunnel(): T | undefined;
  /** Changes on every start and stop; undefined while stopped. A result from another epoch is dropped. */
  epoch(): number | undefined;
  /** Where approved probe-header variables are looked up. */
  env: EnvMap;
  log: Logger;
  /** Names the loop in the log. */
  what: string;
  /** One probe's result through `tunnel`; `threshold` is the probe's failureThreshold. */
  report(result: ProbeResult, tunnel: T, threshold: number): void;
}

/**
 * Probes through the current tunnel every `intervalMs` while the forward runs; with no tunnel
 * up it only plans the next probe. A probe that throws is logged and the next one planned.
 */
export class ProbeLoop<T extends Tunnel> {
  private readonly o: ProbeLoopOptions<T>;
  private timer: NodeJS.Timeout | undefined;

  constructor(o: ProbeLoopOptions<T>) {
    this.o = o;
  }

  /** Probes after `ms` (replacing the planned probe); nothing while stopped or without a probe. */
  schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.o.epoch() === undefined || this.o.probe().type === 'none') return;
    this.timer = setTimeout(
      () =>
        background(this.once(), this.o.log, this.o.what, () => {
          const probe = this.o.probe();
          if (probe.type !== 'none') this.schedule(probe.intervalMs);
        }),
      ms,
    );
    this.timer.unref();
  }

  /** Drops the planned probe (the forward stopped). */
  cancel(): void {
    clearTimeout(this.timer);
  }

  /** Probes now and plans the next one. */
  async once(): Promise<void> {
    const probe = this.o.probe();
    const tunnel = this.o.tunnel();
    const epoch = this.o.epoch();
    if (probe.type === 'none' || epoch === undefined) return;
    if (!tunnel || tunnel.exited) {
      this.schedule(probe.intervalMs);
      return;
    }
    const result = await probeThrough(tunnel.dialer, probe, this.o.env);
    if (this.o.epoch() !== epoch) return;
    this.o.report(result, tunnel, probe.failureThreshold);
    this.schedule(probe.intervalMs);
  }
}
