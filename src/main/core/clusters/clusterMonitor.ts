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
  addDenial,
  buildClusterSummary,
  classifyError,
  compareEvents,
  DEFAULT_EVENT_STORE_LIMITS,
  digestNodes,
  digestPods,
  PodSummaryCache,
  disabledChecks,
  EventStore,
  forbiddenSentence,
  needsNamespaces,
  planAccess,
  planDenials,
  planForbiddenChecks,
  planLimitedAccess,
  scopeMessage,
  WATCHED_RESOURCES,
  type AccessPlan,
  healthTimings,
  historySample,
  INITIAL_PROBE_HYSTERESIS,
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
import { systemClock } from '../watch/watchClock';
import { slimEvent, slimNode, slimPod } from './slim';
import { background } from '../app/background';
import { clusterVerdicts, namespaceRules, whoAmI } from './accessReview';

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
/** Access reviews answer in one round trip; a server that takes longer is tried as if they failed. */
const REVIEW_TIMEOUT_MS = 10_000;

/** One list+watch: a resource cluster-wide (namespace null) or in one namespace. */
interface Informer {
  readonly check: Check;
  readonly namespace: string | null;
  readonly lw: ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>;
}

/** The informers' key: `pods` cluster-wide, `pods@payments` in one namespace. */
const keyOf = (check: Check, namespace: string | null) => (namespace ? `${check}@${namespace}` : check);

/**
 * One cluster's keepalive and health. A light probe (/readyz, with /version on the slower full
 * keepalive) keeps a pooled connection warm and proves the API answers; informers keep pods,
 * nodes and events current in seconds. A watch that breaks triggers a probe at once, so a dead
 * API is declared Unhealthy within the fast-retry window rather than a probe interval later.
 * What to watch where comes from an access plan (accessPlan.ts) made from the API server's own
 * access reviews when the monitor starts and again after a 403: a resource refused cluster-wide
 * is watched in the namespaces the user may read (one list+watch per resource and namespace),
 * or switched off with a reason, stated once. A 401 is its own state.
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
  /** When each informer's list last completed (by informer key). */
  private readonly syncedAt = new Map<string, number>();
  /** Each informer's latest failure since it last succeeded, and when it happened. */
  private readonly listErrors = new Map<string, { error: ErrorClassification; at: number; since: number }>();
  /** The API server's words for a 403 met at cluster scope. */
  private readonly refusals = new Map<Check, { message: string; serverMessage?: string }>();
  private latencyMs: number | null = null;
  /** 403s met on lists and watches: they win over the access reviews (accessPlan.ts). */
  private denials: PermissionDenial[] = [];
  /** Where each resource is watched; null until the first plan is made. */
  private plan: AccessPlan | null = null;
  private planning: Promise<void> | undefined;
  private planAgain = false;
  /** The candidate namespaces the current plan was made with; null when it needed none. */
  private plannedNamespaces: string[] | null = null;
  /** Who the API server says we are, once something was refused (to word refusals as it does). */
  private username: string | undefined;
  /** Bumped by stop(): a plan made for an earlier run is dropped. */
  private runs = 0;
  private informers = new Map<string, Informer>();
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
    this.replanInBackground('start');
    this.scheduleProbe(0);
    // One history point per minute, whatever the probe rhythm.
    this.historyTimer = setInterval(() => this.sampleHistory(), 60_000);
    this.historyTimer.unref();
  }

  stop(): void {
    this.running = false;
    this.runs++;
    this.plan = null;
    this.plannedNamespaces = null;
    clearTimeout(this.probeTimer);
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    clearInterval(this.historyTimer);
    for (const inf of this.informers.values()) inf.lw.stop();
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
    for (const inf of this.informers.values()) inf.lw.rewatch(reason);
    await this.probeNow();
    return this.summary();
  }

  /** The latest summary. */
  summary(): ClusterSummary {
    return this.lastSummary ?? this.compute();
  }

  /** Pods (every namespace watched, except Succeeded), problem pods first. */
  pods(): PodSummary[] {
    const now = this.now();
    const out: PodSummary[] = [];
    for (const raw of this.rawPods()) {
      const p = summarizePod(raw, { now, namespaces: this.config.namespaces });
      if (p && p.phase !== 'Succeeded') out.push(p);
    }
    return out;
  }

  /** The raw slim pods, for the forward supervisor (labels, readiness, ports). */
  *rawPods(): Iterable<Record<string, unknown>> {
    for (const inf of this.informersOf('pods')) yield* inf.lw.items().values();
  }

  /** Recent events, Warning first then newest (within the events stores' limits). */
  events(sinceMs?: number): EventSummary[] {
    const stores = this.eventStores();
    if (stores.length === 1) return stores[0]!.list(sinceMs);
    return stores.flatMap((s) => s.list(sinceMs)).sort(compareEvents);
  }

  /** Whether the events stores dropped older events; null while events are not watched. */
  eventRetention(): EventRetention | null {
    const kept = this.eventStores().map((s) => s.retention());
    if (kept.length === 0) return null;
    return { truncated: kept.some((k) => k.truncated), keptLimit: Math.min(...kept.map((k) => k.keptLimit)) };
  }

  /** The current access plan (null before the first); the CLI and tests read where things are watched. */
  accessPlan(): AccessPlan | null {
    return this.plan;
  }

  /** The namespaces to watch may have changed (a forward added or removed): plan again if they did. */
  namespacesChanged(): void {
    const before = this.plannedNamespaces;
    // Only a plan that looked at namespaces depends on them.
    if (!this.running || !this.plan || before === null || this.planning) return;
    const now = this.o.namespaces?.() ?? [];
    if (!same(before, now)) this.replanInBackground('namespaces changed');
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
    const p = this.plan?.[check];
    // Watched per namespace: the one asked for, else all of them; the oldest list speaks for all.
    const infs = this.informersOf(check).filter(
      (i) => namespace === undefined || i.namespace === null || i.namespace === namespace,
    );
    const keys = infs.map((i) => keyOf(i.check, i.namespace));
    const synced = infs.length > 0 && infs.every((i) => i.lw.synced);
    const times = keys.map((k) => this.syncedAt.get(k));
    const syncedAt = synced && times.every((t) => t !== undefined) ? Math.min(...(times as number[])) : null;
    // A list kept current by its watch is as fresh as the last time the API answered.
    const listedAt = syncedAt === null ? null : Math.max(syncedAt, this.probeState.lastSuccessAt ?? 0);
    const errorKey = keys.find((k) => this.listErrors.has(k));
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
      forbidden: this.forbiddenList(check, namespace),
      notWatched: this.notWatched(check, namespace),
      listedAt,
      outage,
      listError: errorKey ? this.currentListError(errorKey) : null,
      listErrorSince: errorKey ? (this.listErrors.get(errorKey)?.since ?? null) : null,
      ...(p?.scope === 'namespaces' && namespace === undefined ? { watchedNamespaces: p.namespaces } : {}),
    });
  }

  /**
   * Why a list is refused: the check is off for lack of access, or the namespace asked for is
   * one the user may not read; in our words and the API server's.
   */
  private forbiddenList(
    check: Check,
    namespace: string | undefined,
  ): { message: string; serverMessage?: string } | null {
    const p = this.plan?.[check];
    if (!p) return null;
    const said = (ns: string | null) =>
      this.username !== undefined ? { serverMessage: forbiddenSentence(check, this.username, ns) } : {};
    if (p.scope === 'off' && p.why === 'forbidden') {
      const met = this.refusals.get(check)?.serverMessage;
      return { message: p.message, ...(met !== undefined ? { serverMessage: met } : said(null)) };
    }
    if (p.scope === 'namespaces' && namespace !== undefined && p.refused.includes(namespace))
      return { message: `no permission to list ${check} in ${namespace}`, ...said(namespace) };
    return null;
  }

  /** A namespace asked for that is not watched (no cluster-wide access, and not among the chosen). */
  private notWatched(check: Check, namespace: string | undefined): string | null {
    const p = this.plan?.[check];
    if (p?.scope !== 'namespaces' || namespace === undefined) return null;
    if (p.namespaces.includes(namespace) || p.refused.includes(namespace)) return null;
    return `${namespace} is not watched: there is no cluster-wide access to ${check}, and ${namespace} is not one of the namespaces watched (${p.namespaces.join(', ')}); add it in this cluster's settings or with \`tether cluster namespaces ${this.context} add ${namespace}\``;
  }

  /**
   * The list's own failure, while it still says something: a broken connection the probe has
   * answered through since is the watch reconnecting, not an outage (the probe decides those).
   */
  private currentListError(key: string): ErrorClassification | null {
    const e = this.listErrors.get(key);
    if (!e) return null;
    const answeredSince = (this.probeState.lastSuccessAt ?? -1) > e.at;
    const credentials = e.error.kind === 'credentials' || e.error.kind === 'exec-plugin';
    return answeredSince && !credentials ? null : e.error;
  }

  /**
   * True once the access plan is made and every running informer has completed its first list
   * (one-shot CLI checks wait for it).
   */
  get isSynced(): boolean {
    return this.plan !== null && [...this.informers.values()].every((i) => i.lw.synced);
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
    for (const inf of this.informers.values()) if (inf.lw.watching) n++;
    return n;
  }

  /** Requests made by probes and informers since start (benchmarks). */
  requestCount(): number {
    let n = this.probeRequests;
    for (const inf of this.informers.values()) n += inf.lw.requests;
    return n;
  }

  /** Of requestCount(), the watch (re)opens. */
  watchRequestCount(): number {
    let n = 0;
    for (const inf of this.informers.values()) n += inf.lw.watchRequests;
    return n;
  }

  private informersOf(check: Check): Informer[] {
    return [...this.informers.values()].filter((i) => i.check === check);
  }

  /** Plans again in the background (coalesced: one plan at a time, one more if asked meanwhile). */
  private replanInBackground(why: string) {
    if (!this.running) return;
    if (this.planning) {
      this.planAgain = true;
      return;
    }
    const run = async () => {
      do {
        this.planAgain = false;
        await this.makePlan(why);
      } while (this.planAgain && this.running);
    };
    this.planning = run().finally(() => {
      this.planning = undefined;
    });
    background(this.planning, this.o.log, `access plan ${this.context}`);
  }

  /**
   * Asks the API server what this user may list and watch (accessReview.ts), makes the plan
   * (accessPlan.ts) and starts and stops informers to match it.
   */
  private async makePlan(why: string) {
    const runs = this.runs;
    const on = {
      pods: this.config.checks.podStatus,
      nodes: this.config.checks.nodeStatus,
      events: this.config.checks.eventsOnFailure,
    };
    const wanted = WATCHED_RESOURCES.filter((r) => on[r]);
    const timeoutMs = Math.min(this.timings.timeoutMs, REVIEW_TIMEOUT_MS);
    const cluster = wanted.length > 0 ? await clusterVerdicts(this.o.client, wanted, timeoutMs) : {};
    if (!this.running || runs !== this.runs) return;
    const scoped = needsNamespaces({ on, cluster, denials: this.denials });
    const namespaces = scoped.length > 0 ? [...(this.o.namespaces?.() ?? [])] : [];
    const rules =
      namespaces.length > 0 ? await namespaceRules(this.o.client, namespaces, timeoutMs) : new Map();
    if (!this.running || runs !== this.runs) return;
    const plan = planAccess({ on, cluster, namespaces, rules, denials: this.denials });
    this.plannedNamespaces = scoped.length > 0 ? namespaces : null;
    if (this.username === undefined && Object.values(plan).some((p) => p.scope !== 'cluster'))
      this.username = await whoAmI(this.o.client, timeoutMs);
    if (!this.running || runs !== this.runs) return;
    this.applyPlan(plan, why);
  }

  private applyPlan(plan: AccessPlan, why: string) {
    const before = this.plan;
    this.plan = plan;
    for (const resource of WATCHED_RESOURCES) {
      const p = plan[resource];
      const was = before?.[resource];
      if (p.scope === 'off' && p.why === 'forbidden' && !(was?.scope === 'off' && was.why === 'forbidden')) {
        // Stated once: the check is off for this context until a plan finds it allowed again.
        this.o.log.warn('check switched off', { context: this.context, check: resource, reason: p.message });
      }
      if (p.scope === 'namespaces' && !(was?.scope === 'namespaces' && same(was.namespaces, p.namespaces))) {
        this.o.log.info('watching namespaces only', {
          context: this.context,
          check: resource,
          namespaces: p.namespaces.join(','),
          refused: p.refused.join(','),
          why,
        });
      }
    }
    const want = new Map<string, { check: Check; namespace: string | null }>();
    for (const check of WATCHED_RESOURCES) {
      const p = plan[check];
      if (p.scope === 'cluster') want.set(keyOf(check, null), { check, namespace: null });
      if (p.scope === 'namespaces')
        for (const namespace of p.namespaces) want.set(keyOf(check, namespace), { check, namespace });
    }
    let podsChanged = false;
    for (const [key, inf] of this.informers) {
      if (want.has(key)) continue;
      this.dropInformer(key);
      podsChanged ||= inf.check === 'pods';
    }
    for (const [key, w] of want) {
      if (this.informers.has(key)) continue;
      this.startInformer(w.check, w.namespace);
    }
    this.publish();
    if (podsChanged) this.o.onPodsChanged?.();
  }

  private dropInformer(key: string) {
    this.informers.get(key)?.lw.stop();
    this.informers.delete(key);
    this.syncedAt.delete(key);
    this.listErrors.delete(key);
  }

  private startInformer(check: Check, namespace: string | null) {
    const key = keyOf(check, namespace);
    const base = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}` : '/api/v1';
    const slim = check === 'pods' ? slimPod : check === 'nodes' ? slimNode : digestEvent;
    const eventLimits = this.eventLimits();
    const lw = new ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>({
      client: this.o.client,
      path: `${base}/${check}`,
      ...(check === 'pods' ? { query: { fieldSelector: 'status.phase!=Succeeded' } } : {}),
      // Events are summarised once, on arrival, into a bounded store (eventStore.ts).
      ...(check === 'events' ? { store: () => new EventStore(eventLimits) } : {}),
      digest: (raw) => slim(raw),
      onSync: () => {
        this.syncedAt.set(key, this.now());
        this.listErrors.delete(key);
        this.publish();
        if (check === 'pods') this.o.onPodsChanged?.();
      },
      onChange: () => {
        this.publishSoon();
        if (check === 'pods') this.o.onPodsChanged?.();
      },
      onError: (err, failing) => this.onInformerError(check, namespace, err, failing.since),
      // A watch that reconnects while we think the API is down is news: check now.
      onHealthy: () => {
        this.listErrors.delete(key);
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
      clock: { ...systemClock, now: this.now },
    });
    this.informers.set(key, { check, namespace, lw });
    lw.start();
  }

  /**
   * The bound of one events store: the whole bound cluster-wide; watched per namespace, the
   * bound is shared out between the namespaces (with a floor), so many namespaces do not
   * multiply the memory events may take.
   */
  private eventLimits(): EventStoreLimits {
    const limits = this.o.eventLimits ?? DEFAULT_EVENT_STORE_LIMITS;
    const p = this.plan?.events;
    const n = p?.scope === 'namespaces' ? p.namespaces.length : 1;
    if (n <= 1) return limits;
    return {
      maxNormal: Math.max(Math.min(100, limits.maxNormal), Math.floor(limits.maxNormal / n)),
      maxWarnings: Math.max(Math.min(400, limits.maxWarnings), Math.floor(limits.maxWarnings / n)),
    };
  }

  private onInformerError(check: Check, namespace: string | null, err: unknown, since: number) {
    const key = keyOf(check, namespace);
    const c = classifyError(err, { verb: 'list', resource: RESOURCE[check], namespace });
    // `since` is the first failure of a run of failures (the list has failed since then);
    // `at` the latest.
    this.listErrors.set(key, { error: c, at: this.now(), since });
    if (c.kind === 'forbidden' && c.denial) {
      if (namespace === null) {
        this.refusals.set(check, {
          message: c.message,
          ...(c.serverMessage !== undefined ? { serverMessage: c.serverMessage } : {}),
        });
      }
      // Refused although the reviews allowed it (or could not tell): this list is never tried
      // again, and the plan is made again, since access may have changed under us.
      this.dropInformer(key);
      const { denials, added } = addDenial(this.denials, { ...c.denial, namespace });
      this.denials = [...denials];
      if (added)
        this.replanInBackground(
          `403 on ${c.denial.verb} ${RESOURCE[check]}${namespace ? ` in ${namespace}` : ''}`,
        );
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
      for (const inf of this.informers.values()) if (!inf.lw.watching) inf.lw.rewatch('API answering again');
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
    const pods = this.informersOf('pods');
    const nodes = this.informers.get(keyOf('nodes', null));
    const plan = this.plan;
    // Settings and monitoring-off first (permissions.ts), then what the plan refuses.
    const disabled = disabledChecks(this.config, []);
    if (plan)
      disabled.push(...planForbiddenChecks(plan).filter((d) => !disabled.some((x) => x.check === d.check)));
    return buildClusterSummary({
      context: this.context,
      enabled: this.config.enabled,
      probe: this.probeState,
      lastError: this.lastError,
      // Nothing is known before the first list: an empty store then is not "no nodes".
      nodes: nodes?.lw.synced ? digestNodes(nodes.lw.items().values()) : null,
      pods: pods.length > 0 && pods.every((i) => i.lw.synced) ? this.digestPods(this.rawPods(), now) : null,
      denials: plan ? planDenials(plan) : [],
      limitedAccess: plan ? planLimitedAccess(plan) : null,
      scope: plan ? scopeMessage(plan) : null,
      cause: this.cause,
      warningsLast5m: this.eventStores().reduce(
        (n, s) => n + s.warningsSeenAfter(now - WARNING_WINDOW_MS),
        0,
      ),
      latencyMs: this.latencyMs,
      disabledChecks: disabled,
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

  private eventStores(): EventStore[] {
    return this.informersOf('events').flatMap((i) => {
      const store = i.lw.items();
      return store instanceof EventStore ? [store] : [];
    });
  }

  private sampleHistory() {
    const s = this.lastSummary;
    if (!s) return;
    const now = this.now();
    // Warnings are only counted from an events list that is current now.
    const events = this.informersOf('events');
    const warningsPerMin =
      this.isReachable && events.length > 0 && events.every((i) => i.lw.synced)
        ? this.eventStores().reduce((n, s) => n + s.warningsSeenAfter(now - 60_000 - 1), 0)
        : null;
    this.history.push(historySample(now, s.latencyMs, s.pods, warningsPerMin));
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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
