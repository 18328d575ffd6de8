import type { ListGate } from '../watch/listGate';
import type { PodLogs } from '../../../shared/contract';
import { readPodLogs, type PodLogRequest } from './podLogReader';
import type {
  ClusterSummary,
  EventSummary,
  HealthState,
  HistorySample,
  PodSummary,
} from '../../../shared/domain/health';
import type { ListStatus } from '../../../shared/domain/listStatus';
import type { RandomSource } from '../../../shared/logic/backoff';
import {
  compareEvents,
  DEFAULT_EVENT_STORE_LIMITS,
  digestPods,
  PodSummaryCache,
  type AccessPlan,
  healthTimings,
  RingBuffer,
  summarizePod,
  type ErrorClassification,
  type EventRetention,
  type EventStoreLimits,
  type HealthConfig,
  type HealthTimings,
} from '../../../shared/logic/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { AccessPlanner } from './accessPlanner';
import { ClusterProbe, type ServerInfo } from './clusterProbe';
import { MonitorInformers } from './monitorInformers';
import { plannedInformers, sharedEventLimits, type Check } from './monitorRules';
import { monitorHistoryPoint, monitorListStatus, monitorSummary, type MonitorParts } from './monitorView';
import { describePod } from './podDescription';

export type { Check } from './monitorRules';
export type { ServerInfo } from './clusterProbe';

export interface ClusterMonitorOptions {
  context: string;
  client: ApiClient;
  config: HealthConfig;
  log: Logger;
  /** Every new summary (the manager coalesces them for the UI). */
  onSummary(summary: ClusterSummary): void;
  now?: () => number;
  random?: RandomSource;
  /** No byte on a watch for this long → re-open it (default 5 min). */
  watchInactivityMs?: number;
  historyCapacity?: number;
  /** Every pod change (and every relist): the forward supervisor re-targets on it. */
  onPodsChanged?(): void;
  /** The engine-wide bound on concurrent lists (see listGate.ts). */
  listGate?: ListGate;
  /** How many events the events informer keeps (default DEFAULT_EVENT_STORE_LIMITS). */
  eventLimits?: EventStoreLimits;
  /**
   * Where to watch pods and events when the user may not list them cluster-wide (see
   * accessPlan.ts watchCandidates): asked each time the access plan is made.
   */
  namespaces?: () => readonly string[];
}

/** Longest a watched change waits before it is published (see publishSoon). */
const PUBLISH_THROTTLE_MS = 200;

/**
 * One cluster's keepalive and health: a light probe (clusterProbe.ts) proves the API answers;
 * informers (monitorInformers.ts) keep pods, nodes and events current in seconds. A watch that
 * breaks triggers a probe at once, so a dead API is declared Unhealthy within the fast-retry
 * window rather than a probe interval later. What to watch where comes from the access plan
 * (accessPlanner.ts): a resource refused cluster-wide is watched in the namespaces the user may
 * read, or switched off with a reason, stated once. A 401 is its own state. This class wires
 * the three together and is the read side: summary, pods, events, list status, history. It
 * stays over 300 lines because that read side is the API the handlers, the forwards and the
 * watchdog call; each of its methods is a short delegation (monitorView.ts computes).
 */
export class ClusterMonitor {
  readonly context: string;
  private readonly o: ClusterMonitorOptions;
  private readonly now: () => number;
  private config: HealthConfig;
  private timings: HealthTimings;
  private readonly probe: ClusterProbe;
  private readonly informers: MonitorInformers;
  private readonly planner: AccessPlanner;
  private publishTimer: NodeJS.Timeout | undefined;
  /** Summaries of unchanged pods, reused from one digest to the next. */
  private readonly podSummaries = new PodSummaryCache();
  private historyTimer: NodeJS.Timeout | undefined;
  private running = false;
  private lastState: HealthState = 'Unknown';
  private lastSummary: ClusterSummary | undefined;
  readonly history: RingBuffer<HistorySample>;

  constructor(opts: ClusterMonitorOptions) {
    this.o = opts;
    this.context = opts.context;
    this.config = opts.config;
    this.timings = healthTimings(opts.config);
    this.now = opts.now ?? Date.now;
    const random = opts.random ?? Math.random;
    this.history = new RingBuffer(opts.historyCapacity ?? 24 * 60);
    this.probe = new ClusterProbe({
      context: opts.context,
      client: opts.client,
      log: opts.log,
      now: this.now,
      random,
      timings: () => this.timings,
      clusterInfo: () => this.config.checks.clusterInfo,
      probed: (before, after) => this.probed(before, after),
    });
    this.informers = new MonitorInformers({
      client: opts.client,
      log: opts.log,
      now: this.now,
      random,
      listGate: opts.listGate,
      watchInactivityMs: opts.watchInactivityMs,
      requestTimeoutMs: () => this.timings.timeoutMs,
      eventLimits: () => this.eventLimits(),
      synced: (check) => {
        this.publish();
        if (check === 'pods') this.o.onPodsChanged?.();
      },
      changed: (check) => {
        this.publishSoon();
        if (check === 'pods') this.o.onPodsChanged?.();
      },
      failed: (check, namespace, error) => this.onInformerError(check, namespace, error),
      // A watch that reconnects while we think the API is down is news: check now.
      answering: () => {
        if (this.probe.state.state === 'Unhealthy') this.probe.inBackground();
      },
    });
    this.planner = new AccessPlanner({
      context: opts.context,
      client: opts.client,
      log: opts.log,
      config: () => this.config,
      timeoutMs: () => this.timings.timeoutMs,
      namespaces: opts.namespaces,
      running: () => this.running,
      apply: (plan) => this.applyPlan(plan),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.config.enabled) {
      this.probe.start(false);
      this.publish();
      return;
    }
    this.planner.replan('start');
    this.probe.start();
    // One history point per minute, whatever the probe rhythm.
    this.historyTimer = setInterval(() => this.sampleHistory(), 60_000);
    this.historyTimer.unref();
  }

  stop(): void {
    this.running = false;
    this.planner.reset();
    this.probe.stop();
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    clearInterval(this.historyTimer);
    this.informers.stop();
  }

  /** Apply new settings without losing what is known. */
  reconfigure(config: HealthConfig): void {
    this.config = config;
    this.timings = healthTimings(config);
    if (this.running) {
      this.stop();
      this.start();
    }
  }

  /** Force an immediate full check (wake from sleep, user's "Recheck"). */
  async recheck(reason: string): Promise<ClusterSummary> {
    this.o.log.info('recheck', { context: this.context, reason });
    this.probe.wantFull();
    this.informers.rewatch(reason);
    await this.probe.now();
    return this.summary();
  }

  /** The latest summary. */
  summary(): ClusterSummary {
    return this.lastSummary ?? this.compute();
  }

  /** What the API server says it runs (from the last full check). */
  get server(): ServerInfo | undefined {
    return this.probe.server;
  }

  /** Probe and full-check requests made: the idle-traffic benchmark reads it. */
  get probeRequests(): number {
    return this.probe.requests;
  }

  /** Pods (every namespace watched, except Succeeded), problem pods first. */
  pods(): PodSummary[] {
    const now = this.now();
    const out: PodSummary[] = [];
    for (const raw of this.informers.rawPods()) {
      const p = summarizePod(raw, { now, namespaces: this.config.namespaces });
      if (p && p.phase !== 'Succeeded') out.push(p);
    }
    return out;
  }

  /** The raw slim pods of one namespace, for the forward supervisor; null when no synced informer covers it. */
  podsIn(namespace: string): Iterable<Record<string, unknown>> | null {
    return this.informers.podsIn(namespace);
  }

  /** Recent events, Warning first then newest (within the events stores' limits). */
  events(sinceMs?: number): EventSummary[] {
    const stores = this.informers.eventStores();
    if (stores.length === 1) return stores[0]!.list(sinceMs);
    return stores.flatMap((s) => s.list(sinceMs)).sort(compareEvents);
  }

  /** Whether the events stores dropped older events; null while events are not watched. */
  eventRetention(): EventRetention | null {
    const kept = this.informers.eventStores().map((s) => s.retention());
    if (kept.length === 0) return null;
    return { truncated: kept.some((k) => k.truncated), keptLimit: Math.min(...kept.map((k) => k.keptLimit)) };
  }

  /** The current access plan (null before the first); the CLI and tests read where things are watched. */
  accessPlan(): AccessPlan | null {
    return this.planner.plan;
  }

  /** The namespaces to watch may have changed (a forward added or removed): plan again if they did. */
  namespacesChanged(): void {
    this.planner.namespacesChanged();
  }

  /** The last lines of one container's output, read once (see podLogReader.ts). */
  async podLogs(req: PodLogRequest): Promise<PodLogs> {
    return await readPodLogs(this.o.client, req, this.timings.timeoutMs, this.now());
  }

  /**
   * kubectl describe, for one pod: fetched fresh from the API (not from the informer, which
   * may lag or be switched off), with that pod's events.
   */
  async describePod(
    namespace: string,
    name: string,
  ): Promise<{ pod: PodSummary | null; events: EventSummary[] }> {
    return await describePod(this.o.client, namespace, name, {
      timeoutMs: this.timings.timeoutMs,
      now: this.now(),
      log: this.o.log,
      context: this.context,
    });
  }

  /**
   * What one list's items are worth now (listStatus.ts): loaded, refused, unauthorized, kept
   * from before an outage (stale), still loading, or switched off.
   */
  listStatus(check: Check, namespace?: string): ListStatus {
    return monitorListStatus(this.parts(), check, namespace);
  }

  /**
   * True once the access plan is made and every running informer has completed its first list
   * (one-shot CLI checks wait for it).
   */
  get isSynced(): boolean {
    return this.planner.plan !== null && this.informers.allSynced();
  }

  /**
   * The first check has a verdict: the API failed for good, or it answers and every list has
   * completed once (lists refused by RBAC are gone and do not count). One-off looks wait for it.
   */
  get isSettled(): boolean {
    if (!this.config.enabled) return true;
    const state = this.probe.state.state;
    return state === 'Unhealthy' || (state === 'Healthy' && this.isSynced);
  }

  /** True while the informers have a working view of the cluster. */
  get isReachable(): boolean {
    return this.probe.state.state === 'Healthy';
  }

  /** Watch streams open right now. */
  openWatches(): number {
    return this.informers.openWatches();
  }

  /** Requests made by probes and informers since start (benchmarks). */
  requestCount(): number {
    return this.probe.requests + this.informers.requests();
  }

  /** Of requestCount(), the watch (re)opens. */
  watchRequestCount(): number {
    return this.informers.watchRequests();
  }

  private applyPlan(plan: AccessPlan) {
    const podsDropped = this.informers.match(plannedInformers(plan));
    this.publish();
    if (podsDropped) this.o.onPodsChanged?.();
  }

  /** The bound of one events store, shared out when events are watched per namespace. */
  private eventLimits(): EventStoreLimits {
    const p = this.planner.plan?.events;
    const stores = p?.scope === 'namespaces' ? p.namespaces.length : 1;
    return sharedEventLimits(this.o.eventLimits ?? DEFAULT_EVENT_STORE_LIMITS, stores);
  }

  private onInformerError(check: Check, namespace: string | null, c: ErrorClassification) {
    if (c.kind === 'forbidden' && c.denial) {
      // Refused although the reviews allowed it (or could not tell): this list is never tried
      // again, and the plan is made again, since access may have changed under us.
      this.informers.drop(check, namespace);
      this.planner.refused(check, namespace, c.denial, c.serverMessage);
      this.publish();
      return;
    }
    // A broken connection may mean the API is gone: find out now, not at the next tick. Only
    // the first failure is probed early; after that the probe keeps its own retry rhythm, so
    // three informers breaking at once count as one failed check, not three (no flapping).
    if (
      c.kind === 'unreachable' ||
      c.kind === 'proxy-unreachable' ||
      c.kind === 'timeout' ||
      c.kind === 'server-error' ||
      c.kind === 'credentials'
    ) {
      const probe = this.probe.state;
      if (probe.consecutiveFailures === 0 && probe.state !== 'Unhealthy') this.probe.inBackground();
    }
  }

  /** After each probe (the next one is scheduled already). */
  private probed(before: HealthState, after: HealthState) {
    // Back from an outage: the watches may have given up on a dead connection.
    if (before !== 'Healthy' && after === 'Healthy') this.informers.rewatch('API answering again', true);
    // After scheduling, so the summary's next check is the probe to come, not this one.
    this.publish();
    // The edges of an outage go into the history at once, so its gap starts and ends where
    // the outage did, not at the next minute's sample.
    if (before !== after && (before === 'Unhealthy' || after === 'Unhealthy')) this.sampleHistory();
  }

  private compute(): ClusterSummary {
    return monitorSummary(this.parts(), this.now());
  }

  private parts(): MonitorParts {
    return {
      context: this.context,
      server: this.o.client.server,
      config: this.config,
      probe: this.probe,
      informers: this.informers,
      planner: this.planner,
      digestPods: (pods, now) => this.digestPods(pods, now),
    };
  }

  /**
   * Watch events come in bursts (a rollout, a node going away, a thousand pods starting):
   * re-digesting every pod for each would cost CPU and churn the heap for summaries the UI
   * coalesces to 4 a second anyway. So changes publish once per burst, at most every
   * PUBLISH_THROTTLE_MS; probe results and syncs still publish at once.
   */
  private publishSoon() {
    if (this.publishTimer !== undefined || !this.running) return;
    this.publishTimer = setTimeout(() => this.publish(), PUBLISH_THROTTLE_MS);
  }

  private digestPods(pods: Iterable<unknown>, now: number) {
    const options = { now, namespaces: this.config.namespaces };
    return digestPods(pods, options, this.podSummaries.summarizer(options));
  }

  private publish() {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    const s = this.compute();
    this.lastSummary = s;
    if (s.state !== this.lastState) {
      this.o.log.info('cluster health changed', {
        context: this.context,
        from: this.lastState,
        to: s.state,
        reason: s.reasons[0]?.message,
      });
      this.lastState = s.state;
    }
    this.o.onSummary(s);
  }

  private sampleHistory() {
    const s = this.lastSummary;
    if (!s) return;
    this.history.push(monitorHistoryPoint(this.parts(), s, this.now()));
  }
}
