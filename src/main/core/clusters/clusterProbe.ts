import type { HealthState } from '../../../shared/domain/health';
import type { RandomSource } from '../../../shared/logic/backoff';
import {
  classifyError,
  INITIAL_PROBE_HYSTERESIS,
  nextCause,
  nextProbeDelayMs,
  step,
  type ErrorClassification,
  type FailureCause,
  type HealthTimings,
  type ProbeHysteresis,
} from '../../../shared/logic/health';
import { background } from '../app/background';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { probeDelayMs } from './monitorRules';

/** The server's /version answer, as much as we show. */
export interface ServerInfo {
  gitVersion: string;
  platform?: string;
}

/** What a probe needs from its monitor. */
export interface ProbeDeps {
  context: string;
  client: ApiClient;
  log: Logger;
  now(): number;
  random: RandomSource;
  timings(): HealthTimings;
  /** The full keepalive asks /version (settings: checks.clusterInfo). */
  clusterInfo(): boolean;
  /** After each probe, once the next one is scheduled: the state before and after it. */
  probed(before: HealthState, after: HealthState): void;
}

/**
 * One cluster's light probe: /readyz, with /version on the slower full keepalive, keeps a
 * pooled connection warm and proves the API answers. Its results go through the health rules'
 * hysteresis (probe.ts); it schedules itself and never stops on an error, only on `stop()`.
 */
export class ClusterProbe {
  private readonly d: ProbeDeps;
  state: ProbeHysteresis = INITIAL_PROBE_HYSTERESIS;
  lastError: ErrorClassification | null = null;
  /** The current failure cause: its start and count reset when the kind of failure changes. */
  cause: FailureCause | null = null;
  latencyMs: number | null = null;
  server: ServerInfo | undefined;
  nextAt: number | null = null;
  /** Probe and full-check requests made: the idle-traffic benchmark reads it. */
  requests = 0;
  private lastFullAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private running = false;

  constructor(deps: ProbeDeps) {
    this.d = deps;
  }

  /**
   * Starts probing now (what is known stays: a restart after new settings keeps the state).
   * `scheduled` false: no probe until one is asked for (a monitor switched off still answers
   * a recheck), after which it schedules itself as usual.
   */
  start(scheduled = true): void {
    this.running = true;
    if (scheduled) this.schedule(0);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** The next probe is a full check (a recheck asked for everything). */
  wantFull(): void {
    this.lastFullAt = null;
  }

  /** Runs one probe (coalescing concurrent requests for one) and schedules the next. */
  now(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.probing) return this.probing;
    this.probing = this.once().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** A probe nobody awaits: one that throws is logged and the next is scheduled, so probing never stops. */
  inBackground(): void {
    background(this.now(), this.d.log, `cluster probe ${this.d.context}`, () =>
      this.schedule(this.d.timings().intervalMs),
    );
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.nextAt = this.d.now() + ms;
    this.timer = setTimeout(() => this.inBackground(), ms);
  }

  private async once() {
    clearTimeout(this.timer);
    const timings = this.d.timings();
    const started = performance.now();
    const at = this.d.now();
    let ok: boolean;
    try {
      const full = this.lastFullAt === null || at - this.lastFullAt >= timings.intervalMs;
      this.requests++;
      if (full && this.d.clusterInfo()) {
        // The full keepalive rides on the probe due then: /version both proves the API is
        // answering and tells us what it runs, so a full tick costs one request, not two.
        const r = await this.d.client.getText('/version', { timeoutMs: timings.probeTimeoutMs });
        ok = r.status === 200;
        if (ok) {
          const v = JSON.parse(r.text) as { gitVersion?: string; platform?: string };
          this.server = {
            gitVersion: v.gitVersion ?? 'unknown',
            ...(v.platform ? { platform: v.platform } : {}),
          };
          this.lastFullAt = at;
        }
        this.lastError = ok
          ? null
          : classifyError({ statusCode: r.status, message: r.text.trim().slice(0, 200) });
      } else {
        const r = await this.d.client.getText('/readyz', { timeoutMs: timings.probeTimeoutMs });
        ok = r.status === 200;
        this.lastError = ok
          ? null
          : classifyError({ statusCode: r.status, message: r.text.trim().slice(0, 200) });
        if (ok && full) this.lastFullAt = at;
      }
      this.latencyMs = Math.round((performance.now() - started) * 10) / 10;
    } catch (err) {
      ok = false;
      this.lastError = classifyError(err);
    }
    if (!this.running) return;
    const before = this.state.state;
    this.state = step(this.state, { ok, at }, this.d.timings());
    this.cause = nextCause(this.cause, { ok, kind: this.lastError?.kind, at });
    if (!ok) this.d.log.debug('probe failed', { context: this.d.context, error: this.lastError?.message });
    const delay = nextProbeDelayMs(this.state, this.d.timings(), this.d.random);
    this.schedule(probeDelayMs(delay, this.state.state, this.lastError?.kind, this.d.random));
    this.d.probed(before, this.state.state);
  }
}
