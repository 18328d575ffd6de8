import type { ProvisioningConnection } from '../../../shared/contract';
import type { ProvisioningKind, ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import type { BackoffPolicy, RandomSource } from '../../../shared/logic/backoff';
import { readKubeEvent, type KubeEvent } from '../../../shared/logic/provisioning';
import type { Logger } from '../app/log';
import { ApiError, type ApiClient } from '../kube/apiClient';
import { ListWatch } from '../watch/listWatch';
import { RecentStore } from '../watch/recentStore';
import { systemClock } from '../watch/watchClock';
import { discoverProvisioningApis, type ProvisioningApis, type ServedResource } from './discovery';
import { objectKey, slimProvisioningObject, TrackedObject } from './trackedObject';
import { background } from '../app/background';

/** Reconnect after a lost watch: 1, 2, 4, 8, 16 s, then every 30 s (issue 8). */
export const PROVISIONING_RECONNECT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 'none',
};
/** How long a watch may stay lost before subscribers are told it failed. */
export const DEFAULT_WATCH_LOSS_LIMIT_MS = 2 * 60_000;
/** How many deleted objects' final snapshots the watcher keeps for `provisioning:list`. */
const FINISHED_CAPACITY = 50;
/**
 * How many events the watcher keeps, newest first. A ClusterDeployment and its Cluster API
 * objects write tens of events over a rollout; a busy cluster writes thousands a minute.
 */
const MAX_PROVISIONING_EVENTS = 2_000;

/** What a watcher tells its owner. */
export interface WatcherListener {
  /** An object's snapshot changed (deleted: its final snapshot). */
  snapshot(snapshot: ProvisioningSnapshot, key: string): void;
  /** The watches were lost, are reconnecting, gave up, or are back. */
  connection(state: ProvisioningConnection): void;
}

/** Options for one context's watcher. */
export interface ProvisioningWatcherOptions {
  context: string;
  client: ApiClient;
  log: Logger;
  listener: WatcherListener;
  now?: () => number;
  random?: RandomSource;
  /** Only these namespaces (the settings' allow-list); undefined: all. */
  namespaces?: readonly string[];
  requestTimeoutMs?: number;
  inactivityMs?: number;
  backoff?: BackoffPolicy;
  watchLossLimitMs?: number;
  /** Ask again after a transient discovery failure this long later. */
  rediscoverMs?: number;
}

/** Where the watcher is. */
export type WatcherPhase = 'discovering' | 'unavailable' | 'watching' | 'stopped';

type Informer = ListWatch<Record<string, unknown>> | ListWatch<KubeEvent>;

/**
 * One context's provisioning watches: discovery, then a list+watch of ClusterDeployments
 * and/or CAPI Clusters and one of events, feeding a TrackedObject per object. It keeps the
 * latest snapshot of every object for `provisioning:list` and reports each change, and the
 * state of its connection, to its listener. It never gives up retrying; it only reports that
 * the watch has been lost for too long.
 */
export class ProvisioningWatcher {
  readonly context: string;
  readonly client: ApiClient;
  private readonly o: ProvisioningWatcherOptions;
  private readonly now: () => number;
  private readonly objects = new Map<string, TrackedObject>();
  private readonly finished = new Map<string, ProvisioningSnapshot>();
  private readonly informers: Informer[] = [];
  private eventsInformer: ListWatch<KubeEvent> | undefined;
  private apis: ProvisioningApis | undefined;
  private discovery: Promise<void> | undefined;
  private discoveredAt = 0;
  private rediscoverTimer: NodeJS.Timeout | undefined;
  /** Fires when a watch has been failing for the loss limit, whatever the retry rhythm. */
  private lossTimer: NodeJS.Timeout | undefined;
  private conn: ProvisioningConnection = { state: 'starting', attempts: 0 };
  /** Kinds this user may not watch, with the reason (403 will not heal by retrying). */
  private readonly denied = new Map<ProvisioningKind, string>();
  private stopped = false;
  private loggedUnavailable: string | undefined;
  /** When a watched API last vanished (404), to ask again at most once per rediscoverMs. */
  private apiGoneAt: number | undefined;

  constructor(opts: ProvisioningWatcherOptions) {
    this.o = opts;
    this.context = opts.context;
    this.client = opts.client;
    this.now = opts.now ?? Date.now;
  }

  /** Starts discovery (and the watches once it finds something). */
  start(): void {
    this.discoverInBackground();
  }

  /** Stops every watch and timer. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.rediscoverTimer);
    this.stopWatches();
  }

  private stopWatches(): void {
    clearTimeout(this.lossTimer);
    this.lossTimer = undefined;
    for (const inf of this.informers) inf.stop();
    this.informers.length = 0;
    this.eventsInformer = undefined;
  }

  get phase(): WatcherPhase {
    if (this.stopped) return 'stopped';
    if (this.apis === undefined) return 'discovering';
    if (!this.apis.available) return 'unavailable';
    return this.serves('ClusterDeployment') || this.serves('CAPICluster') ? 'watching' : 'unavailable';
  }

  /** Why this context has no provisioning section, when it has none. */
  get reason(): string | undefined {
    if (this.apis === undefined) return 'Checking which provisioning APIs the cluster serves.';
    if (!this.apis.available) return this.apis.reason;
    return this.phase === 'watching' ? undefined : [...this.denied.values()].join(' ');
  }

  /** The apiVersions served. */
  served(): { clusterDeployments?: string; clusters?: string } {
    const a = this.apis;
    if (!a?.available) return {};
    return {
      ...(a.clusterDeployments ? { clusterDeployments: a.clusterDeployments.apiVersion } : {}),
      ...(a.clusters ? { clusters: a.clusters.apiVersion } : {}),
    };
  }

  get connection(): ProvisioningConnection {
    return this.conn;
  }

  /** Open watch streams (the benchmark checks none are left behind). */
  openStreams(): number {
    return this.informers.filter((i) => i.watching).length;
  }

  /**
   * Resolves once discovery is done and, when something is served, the first lists are in;
   * or after `timeoutMs`, whichever comes first. A context that found nothing a while ago is
   * asked again (someone may have installed the CRDs since).
   */
  async ready(timeoutMs: number, rediscoverAfterMs = 60_000): Promise<void> {
    if (
      this.apis &&
      !this.apis.available &&
      !this.apis.transient &&
      this.now() - this.discoveredAt >= rediscoverAfterMs
    ) {
      this.discoverInBackground();
    }
    const deadline = this.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const waitAWhile = (ms: number) => new Promise<void>((r) => (timer = setTimeout(r, ms)));
    try {
      await Promise.race([this.discovery, waitAWhile(timeoutMs)]);
      clearTimeout(timer);
      while (this.phase === 'watching' && !this.informers.every((i) => i.synced) && this.now() < deadline) {
        await waitAWhile(50);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The latest snapshot of every tracked object and of objects deleted lately. */
  snapshots(): ProvisioningSnapshot[] {
    const now = this.now();
    const live = [...this.objects.values()].flatMap((t) => {
      const s = t.snapshot(now);
      return s ? [s] : [];
    });
    return [...live, ...[...this.finished.values()].filter((s) => !this.objects.has(keyOfSnapshot(s)))];
  }

  /** The latest snapshot of one object (a deleted one's final snapshot), if known. */
  snapshot(kind: ProvisioningKind, namespace: string, name: string): ProvisioningSnapshot | undefined {
    const key = objectKey(kind, namespace, name);
    return this.objects.get(key)?.snapshot(this.now()) ?? this.finished.get(key);
  }

  /** Whether `kind` is served here. */
  serves(kind: ProvisioningKind): boolean {
    const a = this.apis;
    if (!a?.available || this.denied.has(kind)) return false;
    return kind === 'ClusterDeployment' ? a.clusterDeployments !== undefined : a.clusters !== undefined;
  }

  /** Discovery nobody awaits: one that throws is logged and tried again later, so it never stops. */
  private discoverInBackground() {
    background(this.discover(), this.o.log, `provisioning discovery ${this.o.context}`, () => {
      if (this.stopped) return;
      clearTimeout(this.rediscoverTimer);
      this.rediscoverTimer = setTimeout(() => this.discoverInBackground(), this.o.rediscoverMs ?? 30_000);
      this.rediscoverTimer.unref();
    });
  }

  private discover(): Promise<void> {
    if (this.discovery) return this.discovery;
    const run = async () => {
      const apis = await discoverProvisioningApis(this.client, this.o.requestTimeoutMs ?? 10_000);
      if (this.stopped) return;
      this.apis = apis;
      this.discoveredAt = this.now();
      if (!apis.available) {
        for (const key of [...this.objects.keys()]) this.deleteObject(key);
        // Stated once per reason, not at every retry.
        if (this.loggedUnavailable !== apis.reason) {
          this.loggedUnavailable = apis.reason;
          this.o.log.info('no provisioning section for context', {
            context: this.context,
            reason: apis.reason,
          });
        }
        if (apis.transient) {
          clearTimeout(this.rediscoverTimer);
          this.rediscoverTimer = setTimeout(() => this.discoverInBackground(), this.o.rediscoverMs ?? 30_000);
          this.rediscoverTimer.unref();
        }
        return;
      }
      this.o.log.info('watching provisioning objects', { context: this.context, ...this.served() });
      // Objects of a kind no longer served (its CRD was removed) are gone with it.
      for (const [key, t] of [...this.objects]) if (!this.serves(t.kind)) this.deleteObject(key);
      if (apis.clusterDeployments) this.watchObjects('ClusterDeployment', apis.clusterDeployments);
      if (apis.clusters) this.watchObjects('CAPICluster', apis.clusters);
      this.watchEvents();
    };
    this.discovery = run().finally(() => {
      this.discovery = undefined;
    });
    return this.discovery;
  }

  private allowed(namespace: unknown): boolean {
    const list = this.o.namespaces;
    return list === undefined || (typeof namespace === 'string' && list.includes(namespace));
  }

  private common() {
    return {
      client: this.client,
      log: this.o.log,
      requestTimeoutMs: this.o.requestTimeoutMs ?? 10_000,
      inactivityMs: this.o.inactivityMs ?? 5 * 60_000,
      backoff: this.o.backoff ?? PROVISIONING_RECONNECT_BACKOFF,
      ...(this.o.random ? { random: this.o.random } : {}),
      clock: { ...systemClock, now: this.now },
    };
  }

  private watchObjects(kind: ProvisioningKind, resource: ServedResource) {
    const inf: ListWatch<Record<string, unknown>> = new ListWatch<Record<string, unknown>>({
      ...this.common(),
      path: resource.path,
      digest: (raw) => {
        const slim = slimProvisioningObject(raw);
        return slim && this.allowed((slim.metadata as Record<string, unknown>).namespace) ? slim : null;
      },
      onSync: (store) => this.syncObjects(kind, store),
      onChange: (type, key, value) => {
        if (type === 'upsert' && value) this.upsertObject(kind, value);
        // A delete (also one a relist found) names the key only: find ours by name.
        else if (type === 'delete') this.deleteObject(objectKey(kind, ...splitKey(key)));
      },
      onError: (err) => this.onInformerError(inf, kind, err),
      onHealthy: () => this.onInformerHealthy(),
    });
    this.informers.push(inf);
    inf.start();
  }

  private watchEvents() {
    const inf: ListWatch<KubeEvent> = new ListWatch<KubeEvent>({
      ...this.common(),
      path: '/api/v1/events',
      // Progress needs recent events only; the API server keeps an hour of every event.
      store: () => new RecentStore<KubeEvent>(MAX_PROVISIONING_EVENTS, (ev) => ev.atMs),
      digest: (raw) => {
        const ev = readKubeEvent(raw);
        return ev && this.allowed(ev.object.namespace ?? ev.namespace) ? ev : null;
      },
      onSync: (store) => {
        const ordered = [...store.values()].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
        for (const ev of ordered) this.offerEvent(ev);
      },
      onChange: (type, _key, ev) => {
        if (type === 'upsert' && ev) this.offerEvent(ev);
      },
      onError: (err) => this.onInformerError(inf, 'events', err),
      onHealthy: () => this.onInformerHealthy(),
    });
    this.informers.push(inf);
    this.eventsInformer = inf;
    inf.start();
  }

  private upsertObject(kind: ProvisioningKind, raw: Record<string, unknown>) {
    const m = raw.metadata as Record<string, unknown>;
    const namespace = typeof m.namespace === 'string' ? m.namespace : 'default';
    const name = m.name as string;
    const key = objectKey(kind, namespace, name);
    const now = this.now();
    const known = this.objects.get(key);
    if (known) {
      const s = known.update(raw, now);
      if (s) this.o.listener.snapshot(s, key);
      return;
    }
    const tracked = new TrackedObject(this.context, kind, namespace, name, raw);
    this.objects.set(key, tracked);
    this.finished.delete(key);
    // Events may have come before the object: give the newcomer what is already known.
    const events = this.eventsInformer?.items();
    if (events) {
      const ordered = [...events.values()].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
      const scope = { siblingNames: this.siblings(namespace) };
      for (const ev of ordered) if (sameNamespace(ev, namespace)) tracked.offerEvent(ev, scope, now);
    }
    const s = tracked.snapshot(now);
    if (s) this.o.listener.snapshot(s, key);
  }

  private deleteObject(key: string) {
    const tracked = this.objects.get(key);
    if (!tracked) return;
    this.objects.delete(key);
    const s = tracked.markDeleted(this.now());
    if (!s) return;
    this.finished.set(key, s);
    while (this.finished.size > FINISHED_CAPACITY) {
      const oldest = this.finished.keys().next().value;
      if (oldest === undefined) break;
      this.finished.delete(oldest);
    }
    this.o.listener.snapshot(s, key);
  }

  /**
   * After a list: what is new or changed is upserted. What vanished since this informer's own
   * last list came as deletes already; objects kept from before discovery asked again (the
   * informer is new then) and missing now are deleted here.
   */
  private syncObjects(kind: ProvisioningKind, store: ReadonlyMap<string, Record<string, unknown>>) {
    const present = new Set<string>();
    for (const raw of store.values()) {
      const m = raw.metadata as Record<string, unknown>;
      present.add(
        objectKey(kind, typeof m.namespace === 'string' ? m.namespace : 'default', m.name as string),
      );
      this.upsertObject(kind, raw);
    }
    for (const [key, t] of [...this.objects])
      if (t.kind === kind && !present.has(key)) this.deleteObject(key);
  }

  private siblings(namespace: string): string[] {
    const names = new Set<string>();
    for (const t of this.objects.values()) if (t.namespace === namespace) names.add(t.name);
    return [...names];
  }

  private offerEvent(ev: KubeEvent) {
    const namespace = ev.object.namespace ?? ev.namespace;
    const now = this.now();
    let siblings: string[] | undefined;
    for (const t of this.objects.values()) {
      if (namespace !== undefined && t.namespace !== namespace) continue;
      siblings ??= this.siblings(t.namespace);
      const s = t.offerEvent(ev, { siblingNames: siblings }, now);
      if (s) this.o.listener.snapshot(s, t.key);
    }
  }

  private onInformerError(inf: Informer, what: string, err: unknown) {
    if (this.stopped) return;
    const status = err instanceof ApiError ? err.statusCode : undefined;
    const message = err instanceof Error ? err.message : String(err);
    if (status === 404 && what !== 'events') {
      this.onApiGone(what, message);
      return;
    }
    if (status === 403) {
      // No permission: this will not heal by retrying. Stated once, the watch stops.
      inf.stop();
      this.informers.splice(this.informers.indexOf(inf), 1);
      if (what === 'events') {
        // Events are a nice-to-have: progress still works from conditions alone.
        this.o.log.warn('provisioning events switched off', { context: this.context, reason: message });
        return;
      }
      const kind = what as ProvisioningKind;
      const reason = `No permission to watch ${kind === 'CAPICluster' ? 'Cluster API Clusters' : 'ClusterDeployments'}: ${message}`;
      this.denied.set(kind, reason);
      this.o.log.warn('provisioning watch switched off', { context: this.context, kind, reason });
      return;
    }
    const now = this.now();
    const failing = this.failingRun();
    if (!failing) return;
    const limit = this.o.watchLossLimitMs ?? DEFAULT_WATCH_LOSS_LIMIT_MS;
    const state = now - failing.since >= limit ? 'lost' : 'reconnecting';
    this.report(state, message, failing.attempts);
    if (state === 'reconnecting' && this.lossTimer === undefined) {
      this.lossTimer = setTimeout(
        () => {
          this.lossTimer = undefined;
          if (this.stopped || !this.failingRun()) return;
          this.report('lost', this.conn.message ?? 'the watch keeps failing', this.conn.attempts);
        },
        Math.max(0, failing.since + limit - now),
      );
    }
  }

  /** Across the watches: since when one has been failing, and the most tries any has failed. */
  private failingRun(): { since: number; attempts: number } | undefined {
    const runs = this.informers.flatMap((i) => {
      const f = i.failure();
      return f ? [f] : [];
    });
    if (runs.length === 0) return undefined;
    return {
      since: Math.min(...runs.map((r) => r.since)),
      attempts: Math.max(...runs.map((r) => r.attempts)),
    };
  }

  /**
   * A watched resource answers 404: its CRD was removed (or that version is no longer served).
   * Retrying the same path cannot heal that; what the cluster serves has changed, so every
   * watch stops and discovery asks again — at once the first time, then at most once per
   * rediscoverMs, so a discovery answer that lags behind the removal cannot make a loop.
   */
  private onApiGone(what: string, message: string) {
    const now = this.now();
    const waitMs =
      this.apiGoneAt === undefined ? 0 : Math.max(0, this.apiGoneAt + (this.o.rediscoverMs ?? 30_000) - now);
    this.apiGoneAt = now + waitMs;
    this.o.log.info('provisioning API no longer served; asking the cluster again', {
      context: this.context,
      kind: what,
      error: message,
    });
    this.stopWatches();
    this.apis = undefined;
    if (this.conn.state !== 'ok' && this.conn.state !== 'starting') {
      this.setConnection({ state: 'starting', attempts: 0 });
    }
    clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => this.discoverInBackground(), waitMs);
    this.rediscoverTimer.unref();
  }

  private report(state: 'reconnecting' | 'lost', message: string, attempts: number) {
    // Once lost, stay lost until a watch is healthy again (retries go on in the background).
    const next = this.conn.state === 'lost' ? 'lost' : state;
    if (this.conn.state === next && this.conn.message === message && this.conn.attempts === attempts) return;
    if (this.conn.state !== next)
      this.o.log.warn(`provisioning watch ${next}`, { context: this.context, error: message, attempts });
    this.setConnection({ state: next, message, attempts });
  }

  private onInformerHealthy() {
    if (this.failingRun()) return;
    clearTimeout(this.lossTimer);
    this.lossTimer = undefined;
    if (this.conn.state !== 'ok') {
      if (this.conn.state !== 'starting')
        this.o.log.info('provisioning watch restored', { context: this.context });
      this.setConnection({ state: 'ok', attempts: 0 });
    }
  }

  private setConnection(state: ProvisioningConnection) {
    this.conn = state;
    this.o.listener.connection(state);
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? ['default', key] : [key.slice(0, slash), key.slice(slash + 1)];
}

function sameNamespace(ev: KubeEvent, namespace: string): boolean {
  const ns = ev.object.namespace ?? ev.namespace;
  return ns === undefined || ns === namespace;
}

function keyOfSnapshot(s: ProvisioningSnapshot): string {
  return objectKey(s.kind, s.namespace, s.name);
}
