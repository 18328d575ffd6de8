import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppHealth, SelfHealth, WatchdogWake } from '../../../shared/contract';
import type { HealthState } from '../../../shared/domain/health';
import type { Logger } from '../app/log';
import { cleanupOrphans, writeChildrenFile, type CleanupResult } from './childRecords';
import { ComponentRegistry } from './componentRegistry';
import { ErrorCounts } from './errorCounts';
import type { GuardedChildRegistry, GuardTimings } from './guardedChildRegistry';
import { Heartbeat, type BeatGap, type HeartbeatClock } from './heartbeat';
import { linuxIdentity, startIdentity } from './processIdentity';

/** Event-loop turns a wake waits before looking (see runWake). */
const SETTLE_TURNS = 3;

/** What the watchdog needs from the rest of the engine. */
export interface WatchdogDeps {
  log: Logger;
  /** Recheck every cluster now (ClusterHealthManager.recheck(undefined, reason)). */
  recheckClusters(reason: string): Promise<ReadonlyArray<{ context: string; state: HealthState }>>;
  /** Verify every active forward now (ForwardSupervisor.verifyAll()). */
  verifyForwards(): Promise<ReadonlyArray<{ spec: { id: string }; state: string }>>;
  /** Open watch streams and API requests so far (ClusterHealthManager.traffic()). */
  traffic(): { requests: number; openWatches: number };
  /** Publishes `watchdog:wake`. */
  emit(wake: WatchdogWake): void;
  /** TETHER_HOME/state/children.json. */
  childrenFile: string;
  /** Shared with the engine's counting logger; a fresh one otherwise. */
  errors?: ErrorCounts;
  /** The engine's registry of kubectl children and owner of the orphan guard process. */
  guard: GuardedChildRegistry;
  guardTimings?: Partial<GuardTimings>;
  /** Heartbeat interval (default 1 s) and the gap that triggers a wake (default 5 s). */
  beatMs?: number;
  gapMs?: number;
  clock?: HeartbeatClock;
  /** A second wake within this long after one finished returns the same result (default 2 s). */
  wakeQuietMs?: number;
  /** Default per-checker timeout (default 2 s). */
  checkTimeoutMs?: number;
}

/**
 * The engine's watchdog: a heartbeat that notices stalls, sleeps and clock jumps; one wake path
 * (the heartbeat's gaps and Electron's powerMonitor both call `wake`) that rechecks every
 * cluster and verifies every forward at once; the component health registry; the self-health
 * report; and the orphan guard's records on disk.
 */
export class Watchdog {
  /** Where components register their health checkers. */
  readonly components: ComponentRegistry;
  readonly errors: ErrorCounts;
  private readonly d: WatchdogDeps;
  private readonly guard: GuardedChildRegistry;
  private readonly heartbeat: Heartbeat;
  private readonly startedAt = performance.now();
  private eld: ReturnType<typeof monitorEventLoopDelay> | undefined;
  private eldReset: NodeJS.Timeout | undefined;
  private unsubscribeChildren: (() => void) | undefined;
  private ownerIdentity = '';
  private inflight: Promise<WatchdogWake> | undefined;
  private last: { wake: WatchdogWake; finishedAt: number } | undefined;

  constructor(deps: WatchdogDeps) {
    this.d = deps;
    this.errors = deps.errors ?? new ErrorCounts();
    this.guard = deps.guard;
    this.components = new ComponentRegistry({
      ...(deps.checkTimeoutMs !== undefined ? { timeoutMs: deps.checkTimeoutMs } : {}),
      onFailure: (name, kind) =>
        this.errors.add(kind === 'timed-out' ? `checker-timeout:${name}` : `checker-failed:${name}`),
    });
    this.heartbeat = new Heartbeat({
      ...(deps.beatMs !== undefined ? { intervalMs: deps.beatMs } : {}),
      ...(deps.gapMs !== undefined ? { gapMs: deps.gapMs } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
      onGap: (gap) => this.onGap(gap),
    });
    this.components.register('orphan-guard', () => {
      const n = this.guard.pids().length;
      if (n === 0) return { state: 'Healthy', reason: 'no kubectl children' };
      return this.guard.guarded
        ? { state: 'Healthy', reason: `${n} kubectl ${n === 1 ? 'child' : 'children'} guarded` }
        : { state: 'Unhealthy', reason: `${n} kubectl children are not guarded (the guard is not running)` };
    });
    this.components.register('event-loop', () => {
      const p99 = this.lagMs().p99;
      return p99 > 1_000
        ? { state: 'Degraded', reason: `event loop lags (p99 ${Math.round(p99)} ms)` }
        : { state: 'Healthy', reason: `p99 lag ${Math.round(p99)} ms` };
    });
  }

  /**
   * Ends what a previous run left behind (children.json: same PID and start identity only),
   * then starts recording children, the heartbeat and the event-loop histogram.
   */
  async start(): Promise<CleanupResult> {
    const log = this.d.log;
    const cleaned = await cleanupOrphans(this.d.childrenFile, log).catch((err: unknown) => {
      this.errors.add('orphan-cleanup');
      log.error('could not clean up children of a previous run', { error: String(err) });
      return { ended: [], leftAlone: [], ownerAlive: false };
    });
    this.ownerIdentity =
      (process.platform === 'linux' ? linuxIdentity(process.pid) : await startIdentity(process.pid)) ?? '';
    this.guard.configure({
      log: log.child({ part: 'guard' }),
      ...(this.d.guardTimings ? { timings: this.d.guardTimings } : {}),
    });
    this.unsubscribeChildren = this.guard.onChange((children) => this.record(children));
    this.record(this.guard.records().filter((r) => r.identity !== ''));
    this.heartbeat.start();
    this.eld = monitorEventLoopDelay({ resolution: 20 });
    this.eld.enable();
    // "Lag over the last minute": start afresh every minute.
    this.eldReset = setInterval(() => this.eld?.reset(), 60_000);
    this.eldReset.unref();
    return cleaned;
  }

  /** Stops the heartbeat, closes the guard (it ends anything still watched) and clears the records. */
  async stop(): Promise<void> {
    this.heartbeat.stop();
    clearInterval(this.eldReset);
    this.eld?.disable();
    this.unsubscribeChildren?.();
    this.unsubscribeChildren = undefined;
    if (this.guard.pids().length === 0) await this.guard.close();
    this.record(this.guard.records().filter((r) => r.identity !== ''));
  }

  /**
   * After sleep, a freeze or a clock jump (the heartbeat) or Electron's resume/unlock-screen
   * (the platform layer): recheck every cluster and verify every active forward, in parallel,
   * then log and emit `watchdog:wake`. Debounced and idempotent: a wake while one runs joins
   * it; a wake within `wakeQuietMs` after one finished returns that result.
   */
  wake(reason: string, gapMs = 0): Promise<WatchdogWake> {
    if (this.inflight) return this.inflight;
    const quiet = this.d.wakeQuietMs ?? 2_000;
    if (this.last && performance.now() - this.last.finishedAt < quiet) return Promise.resolve(this.last.wake);
    const run = this.runWake(reason, gapMs).finally(() => (this.inflight = undefined));
    this.inflight = run;
    return run;
  }

  /** Every component's check (in parallel, each with its timeout), the aggregate, and the self report. */
  async health(): Promise<AppHealth> {
    const { components, state, reason } = await this.components.check();
    return { state, reason, components, self: this.selfHealth() };
  }

  /** The engine's own health right now. */
  selfHealth(): SelfHealth {
    const mem = process.memoryUsage();
    const traffic = this.d.traffic();
    const pids = this.guard.pids();
    const hb = this.heartbeat;
    return {
      pid: process.pid,
      uptimeMs: Math.round(performance.now() - this.startedAt),
      eventLoopLagMs: this.lagMs(),
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal },
      openWatches: traffic.openWatches,
      apiRequests: traffic.requests,
      childProcesses: { count: pids.length, pids, guarded: pids.length === 0 || this.guard.guarded },
      errors: {
        ...this.errors.snapshot(),
        ...(this.guard.guardFailures > 0 ? { 'guard-failures': this.guard.guardFailures } : {}),
      },
      heartbeat: {
        intervalMs: hb.intervalMs,
        beats: hb.beats,
        missedBeats: hb.missedBeats,
        lastGap: hb.lastGap ? { at: hb.lastGap.at, gapMs: hb.lastGap.gapMs, kind: hb.lastGap.kind } : null,
      },
    };
  }

  private onGap(gap: BeatGap) {
    this.d.log.warn('heartbeat gap: the engine was away', { ...gap });
    this.wake(`gap:${gap.kind}`, gap.gapMs).catch(() => {});
  }

  private async runWake(reason: string, gapMs: number): Promise<WatchdogWake> {
    const t0 = performance.now();
    const log = this.d.log;
    const failed = (what: string) => (err: unknown) => {
      this.errors.add(`wake:${what}`);
      log.error(`wake: ${what} failed`, { reason, error: String(err) });
      return [];
    };
    // Coming back from a freeze, the heartbeat's timer can run before the I/O that queued up
    // meanwhile (kubectl exits, closed sockets). Let that land first, so what we verify and
    // report is the state now, not the state before the gap.
    for (let i = 0; i < SETTLE_TURNS; i++) await new Promise((r) => setImmediate(r));
    const [clusters, forwards] = await Promise.all([
      this.d.recheckClusters(reason).catch(failed('cluster recheck')),
      this.d.verifyForwards().catch(failed('forward verify')),
    ]);
    const wake: WatchdogWake = {
      reason,
      gapMs: Math.max(0, Math.round(gapMs)),
      at: Date.now(),
      rechecked: clusters.length,
      clusters: clusters.map((c) => ({ context: c.context, state: c.state })),
      verified: forwards.length,
      forwards: forwards.map((f) => ({ id: f.spec.id, state: f.state })),
      tookMs: Math.round(performance.now() - t0),
    };
    const notHealthy = wake.clusters.filter((c) => c.state !== 'Healthy');
    const notActive = wake.forwards.filter((f) => f.state !== 'Active');
    log.info('woke up: rechecked clusters and verified forwards', {
      reason,
      gapMs: wake.gapMs,
      rechecked: wake.rechecked,
      verified: wake.verified,
      tookMs: wake.tookMs,
      clustersNotHealthy: notHealthy,
      forwardsNotActive: notActive,
    });
    this.last = { wake, finishedAt: performance.now() };
    this.d.emit(wake);
    return wake;
  }

  private lagMs(): SelfHealth['eventLoopLagMs'] {
    const h = this.eld;
    if (!h || h.count === 0) return { mean: 0, p99: 0, max: 0 };
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return { mean: ms(h.mean), p99: ms(h.percentile(99)), max: ms(h.max) };
  }

  private record(children: readonly { pid: number; identity: string; command: string; startedAt: number }[]) {
    try {
      writeChildrenFile(this.d.childrenFile, {
        owner: { pid: process.pid, identity: this.ownerIdentity },
        children: [...children],
      });
    } catch (err) {
      this.errors.add('children-file');
      this.d.log.warn('could not write the children file', { error: String(err) });
    }
  }
}
