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
import type { ListStatus } from '../../../shared/contract/features/lists';
import type { RandomSource } from '../../../shared/logic/backoff';
import {
  addDenial,
  buildClusterSummary,
  classifyError,
  compareEvents,
  digestNodes,
  digestPods,
  PodSummaryCache,
  disabledChecks,
  EventStore,
  healthTimings,
  historySample,
  INITIAL_PROBE_HYSTERESIS,
  limitedAccess,
  listStatus,
  nextCause,
  nextProbeDelayMs,
  RingBuffer,
  step,
  summarizeEvent,
  summarizePod,
  type ErrorClassification,
  type FailureCause,
  type EventRetention,
  type EventStoreLimits,
  type HealthConfig,
  type HealthTimings,
  type PermissionDenial,
  type ProbeHysteresis,
  WARNING_WINDOW_MS,
} from '../../../shared/logic/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ListWatch, type WatchStore } from '../watch/listWatch';
import { slimEvent, slimNode, slimPod } from './slim';
import { background } from '../app/background';

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
}

/** The server's /version answer, as much as we show. */
export interface ServerInfo {
  gitVersion: string;
  platform?: string;
}

/** The lists the monitor keeps (the handlers name them to ask for their status). */
export type Check = 'pods' | 'nodes' | 'events';
/** Probe backoff cap while the API refuses connections (see probeOnce). */
const FAST_FAIL_BACKOFF_CAP_MS = 2500;
/** Longest a watched change waits before it is published (see publishSoon). */
const PUBLISH_THROTTLE_MS = 200;
const RESOURCE: Record<Check, string> = { pods: 'pods', nodes: 'nodes', events: 'events' };
const CHECK_SETTING = { pods: 'podStatus', nodes: 'nodeStatus', events: 'eventsOnFailure' } as const;

/**
 * One cluster's keepalive and health. A light probe (/readyz, with /version on the slower full
 * keepalive) keeps a pooled connection warm and proves the API answers; informers keep pods,
 * nodes and events current in seconds. A watch that breaks triggers a probe at once, so a dead
 * API is declared Unhealthy within the fast-retry window rather than a probe interval later.
 * A 403 switches that one check off with a reason, stated once; a 401 is its own state.
 */
export class ClusterMonitor {
  readonly context: string;
  private readonly o: ClusterMonitorOptions;
  private readonly now: () => number;
  private readonly random: RandomSource;
  private config: HealthConfig;
  private timings: HealthTimings;
  private probeState: ProbeHysteresis = INITIAL_PROBE_HYSTERESIS;
  private lastError: ErrorClassification | null = null;
  /** The current failure cause: its start and count reset when the kind of failure changes. */
  private cause: FailureCause | null = null;
  /** When each list last completed. */
  private readonly syncedAt = new Map<Check, number>();
  /** Each list's latest failure since it last succeeded, and when it happened. */
  private readonly listErrors = new Map<Check, { error: ErrorClassification; at: number; since: number }>();
  /** The 403 that switched a list off: our words and the API server's. */
  private readonly refusals = new Map<Check, { message: string; serverMessage?: string }>();
  private latencyMs: number | null = null;
  private denials: PermissionDenial[] = [];
  private informers = new Map<
    Check,
    ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>
  >();
  private probeTimer: NodeJS.Timeout | undefined;
  private publishTimer: NodeJS.Timeout | undefined;
  /** Summaries of unchanged pods, reused from one digest to the next. */
  private readonly podSummaries = new PodSummaryCache();
  private historyTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private lastFullAt: number | null = null;
  private nextProbeAt: number | null = null;
  private running = false;
  private lastState: HealthState = 'Unknown';
  private lastSummary: ClusterSummary | undefined;
  readonly history: RingBuffer<HistorySample>;
  server: ServerInfo | undefined;
  /** Probe and full-check requests made: the idle-traffic benchmark reads it. */
  probeRequests = 0;

  constructor(opts: ClusterMonitorOptions) {
    this.o = opts;
    this.context = opts.context;
    this.config = opts.config;
    this.timings = healthTimings(opts.config);
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.history = new RingBuffer(opts.historyCapacity ?? 24 * 60);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.config.enabled) {
      this.publish();
      return;
    }
    this.startInformers();
    this.scheduleProbe(0);
    // One history point per minute, whatever the probe rhythm.
    this.historyTimer = setInterval(() => this.sampleHistory(), 60_000);
    this.historyTimer.unref();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.probeTimer);
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    clearInterval(this.historyTimer);
    for (const inf of this.informers.values()) inf.stop();
    this.informers.clear();
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
    this.lastFullAt = null;
    for (const inf of this.informers.values()) inf.rewatch(reason);
    await this.probeNow();
    return this.summary();
  }

  /** The latest summary. */
  summary(): ClusterSummary {
    return this.lastSummary ?? this.compute();
  }

  /** Pods (all namespaces except Succeeded), problem pods first. */
  pods(): PodSummary[] {
    const inf = this.informers.get('pods');
    if (!inf) return [];
    const now = this.now();
    const out: PodSummary[] = [];
    for (const raw of inf.items().values()) {
      const p = summarizePod(raw, { now, namespaces: this.config.namespaces });
      if (p && p.phase !== 'Succeeded') out.push(p);
    }
    return out;
  }

  /** The raw slim pods, for the forward supervisor (labels, readiness, ports). */
  rawPods(): Iterable<Record<string, unknown>> {
    return this.informers.get('pods')?.items().values() ?? [];
  }

  /** Recent events, Warning first then newest (within the events store's limits). */
  events(sinceMs?: number): EventSummary[] {
    return this.eventStore()?.list(sinceMs) ?? [];
  }

  /** Whether the events store dropped older events; null while events are not watched. */
  eventRetention(): EventRetention | null {
    return this.eventStore()?.retention() ?? null;
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
    const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
    const timeoutMs = this.timings.timeoutMs;
    const raw = await this.o.client.getJson(`${base}/pods/${encodeURIComponent(name)}`, { timeoutMs });
    const pod = summarizePod(raw, { now: this.now() });
    let events: EventSummary[] = [];
    try {
      const sel = new URLSearchParams({
        fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}`,
      });
      const list = await this.o.client.getJson<{ items?: unknown[] }>(`${base}/events?${sel.toString()}`, {
        timeoutMs,
      });
      events = (list.items ?? [])
        .map(summarizeEvent)
        .filter((e): e is EventSummary => e !== null)
        .sort(compareEvents);
    } catch (err) {
      // Events may be forbidden while the pod is not: show the pod anyway.
      this.o.log.debug('pod events unavailable', { context: this.context, error: String(err) });
    }
    return { pod, events };
  }

  /**
   * What one list's items are worth now (listStatus.ts): loaded, refused, unauthorized, kept
   * from before an outage (stale), still loading, or switched off.
   */
  listStatus(check: Check, namespace?: string): ListStatus {
    const inf = this.informers.get(check);
    const syncedAt = inf?.synced ? (this.syncedAt.get(check) ?? null) : null;
    // A list kept current by its watch is as fresh as the last time the API answered.
    const listedAt = syncedAt === null ? null : Math.max(syncedAt, this.probeState.lastSuccessAt ?? 0);
    const outage =
      this.probeState.state === 'Unhealthy'
        ? { error: this.lastError, since: this.cause?.since ?? this.probeState.failingSince }
        : null;
    return listStatus({
      resource: RESOURCE[check],
      context: this.context,
      namespace,
      server: hostOf(this.o.client.server),
      off: !this.config.enabled || !this.config.checks[CHECK_SETTING[check]],
      forbidden: this.refusals.get(check) ?? null,
      listedAt,
      outage,
      listError: this.currentListError(check),
      listErrorSince: this.listErrors.get(check)?.since ?? null,
    });
  }

  /**
   * The list's own failure, while it still says something: a broken connection the probe has
   * answered through since is the watch reconnecting, not an outage (the probe decides those).
   */
  private currentListError(check: Check): ErrorClassification | null {
    const e = this.listErrors.get(check);
    if (!e) return null;
    const answeredSince = (this.probeState.lastSuccessAt ?? -1) > e.at;
    const credentials = e.error.kind === 'credentials' || e.error.kind === 'exec-plugin';
    return answeredSince && !credentials ? null : e.error;
  }

  /** True once every running informer has completed its first list (one-shot CLI checks wait for it). */
  get isSynced(): boolean {
    return [...this.informers.values()].every((i) => i.synced);
  }

  /**
   * The first check has a verdict: the API failed for good, or it answers and every list has
   * completed once (lists refused by RBAC are gone and do not count). One-off looks wait for it.
   */
  get isSettled(): boolean {
    if (!this.config.enabled) return true;
    return this.probeState.state === 'Unhealthy' || (this.probeState.state === 'Healthy' && this.isSynced);
  }

  /** True while the informers have a working view of the cluster. */
  get isReachable(): boolean {
    return this.probeState.state === 'Healthy';
  }

  get lastCheckAt(): number | null {
    return this.probeState.lastObservationAt;
  }

  /** Watch streams open right now. */
  openWatches(): number {
    let n = 0;
    for (const inf of this.informers.values()) if (inf.watching) n++;
    return n;
  }

  /** Requests made by probes and informers since start (benchmarks). */
  requestCount(): number {
    let n = this.probeRequests;
    for (const inf of this.informers.values()) n += inf.requests;
    return n;
  }

  /** Of requestCount(), the watch (re)opens. */
  watchRequestCount(): number {
    let n = 0;
    for (const inf of this.informers.values()) n += inf.watchRequests;
    return n;
  }

  private startInformers() {
    const want: [Check, boolean][] = [
      ['pods', this.config.checks.podStatus],
      ['nodes', this.config.checks.nodeStatus],
      ['events', this.config.checks.eventsOnFailure],
    ];
    for (const [check, on] of want) {
      if (!on || this.denials.some((d) => d.resource === RESOURCE[check])) continue;
      const path = check === 'events' ? '/api/v1/events' : `/api/v1/${check}`;
      const slim = check === 'pods' ? slimPod : check === 'nodes' ? slimNode : digestEvent;
      const inf = new ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>({
        client: this.o.client,
        path,
        ...(check === 'pods' ? { query: { fieldSelector: 'status.phase!=Succeeded' } } : {}),
        // Events are summarised once, on arrival, into a bounded store (eventStore.ts).
        ...(check === 'events' ? { store: () => new EventStore(this.o.eventLimits) } : {}),
        digest: (raw) => slim(raw),
        onSync: () => {
          this.syncedAt.set(check, this.now());
          this.listErrors.delete(check);
          this.publish();
          if (check === 'pods') this.o.onPodsChanged?.();
        },
        onChange: () => {
          this.publishSoon();
          if (check === 'pods') this.o.onPodsChanged?.();
        },
        onError: (err) => this.onInformerError(check, err),
        // A watch that reconnects while we think the API is down is news: check now.
        onHealthy: () => {
          this.listErrors.delete(check);
          if (this.probeState.state === 'Unhealthy') this.probeInBackground();
        },
        log: this.o.log,
        requestTimeoutMs: this.timings.timeoutMs,
        // Pages of 250: a page is parsed whole before it is slimmed, so smaller pages keep
        // the peak heap of a 1,000-pod list low at the cost of a few more round trips.
        pageSize: 250,
        ...(this.o.listGate ? { listGate: this.o.listGate } : {}),
        inactivityMs: this.o.watchInactivityMs ?? 5 * 60_000,
        random: this.random,
      });
      this.informers.set(check, inf);
      inf.start();
    }
  }

  private onInformerError(check: Check, err: unknown) {
    const c = classifyError(err, { verb: 'list', resource: RESOURCE[check], namespace: null });
    // `since` is the first failure of a run of failures (the list has failed since then);
    // `at` the latest.
    const now = this.now();
    this.listErrors.set(check, { error: c, at: now, since: this.listErrors.get(check)?.since ?? now });
    if (c.kind === 'forbidden' && c.denial) {
      this.refusals.set(check, {
        message: c.message,
        ...(c.serverMessage !== undefined ? { serverMessage: c.serverMessage } : {}),
      });
      const { denials, added } = addDenial(this.denials, c.denial);
      this.denials = [...denials];
      if (added) {
        // Stated once: the check is switched off for this context and never retried.
        this.o.log.warn('check switched off', { context: this.context, check, reason: c.message });
      }
      this.informers.get(check)?.stop();
      this.informers.delete(check);
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
      if (this.probeState.consecutiveFailures === 0 && this.probeState.state !== 'Unhealthy')
        this.probeInBackground();
    }
  }

  private scheduleProbe(ms: number) {
    clearTimeout(this.probeTimer);
    if (!this.running) return;
    this.nextProbeAt = this.now() + ms;
    this.probeTimer = setTimeout(() => this.probeInBackground(), ms);
  }

  /** A probe nobody awaits: one that throws is logged and the next is scheduled, so probing never stops. */
  private probeInBackground() {
    background(this.probeNow(), this.o.log, `cluster probe ${this.context}`, () =>
      this.scheduleProbe(this.timings.intervalMs),
    );
  }

  /** Runs one probe (coalescing concurrent requests for one) and schedules the next. */
  private probeNow(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.probing) return this.probing;
    this.probing = this.probeOnce().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async probeOnce() {
    clearTimeout(this.probeTimer);
    const started = performance.now();
    const at = this.now();
    let ok: boolean;
    try {
      const full = this.lastFullAt === null || at - this.lastFullAt >= this.timings.intervalMs;
      this.probeRequests++;
      if (full && this.config.checks.clusterInfo) {
        // The full keepalive rides on the probe due then: /version both proves the API is
        // answering and tells us what it runs, so a full tick costs one request, not two.
        const r = await this.o.client.getText('/version', { timeoutMs: this.timings.probeTimeoutMs });
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
        const r = await this.o.client.getText('/readyz', { timeoutMs: this.timings.probeTimeoutMs });
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
    const before = this.probeState.state;
    this.probeState = step(this.probeState, { ok, at }, this.timings);
    this.cause = nextCause(this.cause, { ok, kind: this.lastError?.kind, at });
    if (!ok) this.o.log.debug('probe failed', { context: this.context, error: this.lastError?.message });
    if (before !== 'Healthy' && this.probeState.state === 'Healthy') {
      // Back from an outage: the watches may have given up on a dead connection.
      for (const inf of this.informers.values()) if (!inf.watching) inf.rewatch('API answering again');
    }
    let delay = nextProbeDelayMs(this.probeState, this.timings, this.random);
    const kind = this.lastError?.kind;
    if (
      this.probeState.state === 'Unhealthy' &&
      (kind === 'unreachable' || kind === 'server-error' || kind === 'proxy-unreachable')
    ) {
      // Connection refused (by the server or the proxy), no route, or an API server still
      // starting (/readyz 500) costs next to nothing, so keep the backoff short and see it
      // come back within seconds; timeouts (a black-holed network) keep the full backoff.
      delay = Math.min(delay, FAST_FAIL_BACKOFF_CAP_MS + Math.round(this.random() * 500));
    }
    this.scheduleProbe(delay);
    // After scheduling, so the summary's next check is the probe to come, not this one.
    this.publish();
    // The edges of an outage go into the history at once, so its gap starts and ends where
    // the outage did, not at the next minute's sample.
    const after = this.probeState.state;
    if (before !== after && (before === 'Unhealthy' || after === 'Unhealthy')) this.sampleHistory();
  }

  private compute(): ClusterSummary {
    const now = this.now();
    const pods = this.informers.get('pods');
    const nodes = this.informers.get('nodes');
    return buildClusterSummary({
      context: this.context,
      enabled: this.config.enabled,
      probe: this.probeState,
      lastError: this.lastError,
      // Nothing is known before the first list: an empty store then is not "no nodes".
      nodes: nodes?.synced ? digestNodes(nodes.items().values()) : null,
      pods: pods?.synced ? this.digestPods(pods.items().values(), now) : null,
      denials: this.denials,
      limitedAccess: limitedAccess(this.config, this.denials),
      cause: this.cause,
      warningsLast5m: this.eventStore()?.warningsSeenAfter(now - WARNING_WINDOW_MS) ?? 0,
      latencyMs: this.latencyMs,
      disabledChecks: disabledChecks(this.config, this.denials),
      nextCheckAt: this.nextProbeAt,
    });
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

  private eventStore(): EventStore | undefined {
    const store = this.informers.get('events')?.items();
    return store instanceof EventStore ? store : undefined;
  }

  private sampleHistory() {
    const s = this.lastSummary;
    if (!s) return;
    const now = this.now();
    // Warnings are only counted from an events list that is current now.
    const events = this.informers.get('events');
    const warningsPerMin =
      this.isReachable && events?.synced
        ? (this.eventStore()?.warningsSeenAfter(now - 60_000 - 1) ?? 0)
        : null;
    this.history.push(historySample(now, s.latencyMs, s.pods, warningsPerMin));
  }
}

/** host:port of a server URL, as kubectl names it in its errors. */
function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/** An event as the events store keeps it: slimmed first, so its id is namespace/name as before. */
function digestEvent(raw: unknown): EventSummary | null {
  return summarizeEvent(slimEvent(raw));
}
