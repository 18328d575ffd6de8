import type { ProvisioningConnection } from '../../../shared/contract';
import type { ProvisioningKind, ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import type { BackoffPolicy, RandomSource } from '../../../shared/logic/backoff';
import type { KubeEvent } from '../../../shared/logic/provisioning';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import type { ListWatch } from '../watch/listWatch';
import { systemClock } from '../watch/watchClock';
import { discoverProvisioningApis, type ProvisioningApis } from './discovery';
import { ProvisioningObjects } from './provisioningObjects';
import {
  eventsInformer,
  objectsInformer,
  type InformerWiring,
  type ProvisioningInformer,
} from './provisioningInformers';
import { combinedFailure, WatchConnection } from './watchConnection';
import { background } from '../app/background';

/** Reconnect after a lost watch: 1, 2, 4, 8, 16 s, then every 30 s. */
export const PROVISIONING_RECONNECT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 'none',
};
/** How long a watch may stay lost before subscribers are told it failed. */
export const DEFAULT_WATCH_LOSS_LIMIT_MS = 2 * 60_000;

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

type Informer = ProvisioningInformer;

/**
 * One context's provisioning watches: discovery, then a list+watch of ClusterDeployments
 * and/or CAPI Clusters and one of events, feeding the context's objects (provisioningObjects.ts),
 * which keep the latest snapshot of each for `provisioning:list` and report each change. The
 * state of its connection goes to the listener through watchConnection.ts. Retrying and
 * backing off is ListWatch's; this class only says what to watch, what to do with changes,
 * and which failures end a watch (403: no permission) or discovery again (404: API gone).
 *
 * One job: one context's provisioning watches through their lifecycle; kept whole (over 300
 * lines) because discovery, the informers and the connection state move through one phase
 * (discovering, unavailable, watching, stopped) that each step reads and changes.
 */
export class ProvisioningWatcher {
  readonly context: string;
  readonly client: ApiClient;
  private readonly o: ProvisioningWatcherOptions;
  private readonly now: () => number;
  private readonly objects: ProvisioningObjects;
  private readonly conn: WatchConnection;
  private readonly informers: Informer[] = [];
  private eventsInformer: ListWatch<KubeEvent> | undefined;
  private apis: ProvisioningApis | undefined;
  private discovery: Promise<void> | undefined;
  private discoveredAt = 0;
  private rediscoverTimer: NodeJS.Timeout | undefined;
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
    this.objects = new ProvisioningObjects({
      context: opts.context,
      now: this.now,
      emit: (s, key) => opts.listener.snapshot(s, key),
      events: () => this.eventsInformer?.items().values(),
    });
    this.conn = new WatchConnection({
      context: opts.context,
      log: opts.log,
      now: this.now,
      limitMs: opts.watchLossLimitMs ?? DEFAULT_WATCH_LOSS_LIMIT_MS,
      failing: () => combinedFailure(this.informers.map((i) => i.failure())),
      changed: (state) => opts.listener.connection(state),
    });
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
    this.conn.stop();
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
    return this.conn.current;
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
    return this.objects.snapshots();
  }

  /** The latest snapshot of one object (a deleted one's final snapshot), if known. */
  snapshot(kind: ProvisioningKind, namespace: string, name: string): ProvisioningSnapshot | undefined {
    return this.objects.snapshot(kind, namespace, name);
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
        this.objects.deleteWhere(() => true);
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
      this.objects.deleteWhere((t) => !this.serves(t.kind));
      const w = this.wiring();
      if (apis.clusterDeployments)
        this.watch(objectsInformer(w, 'ClusterDeployment', apis.clusterDeployments));
      if (apis.clusters) this.watch(objectsInformer(w, 'CAPICluster', apis.clusters));
      this.eventsInformer = eventsInformer(w);
      this.watch(this.eventsInformer);
    };
    this.discovery = run().finally(() => {
      this.discovery = undefined;
    });
    return this.discovery;
  }

  private wiring(): InformerWiring {
    return {
      client: this.client,
      log: this.o.log,
      requestTimeoutMs: this.o.requestTimeoutMs ?? 10_000,
      inactivityMs: this.o.inactivityMs ?? 5 * 60_000,
      backoff: this.o.backoff ?? PROVISIONING_RECONNECT_BACKOFF,
      ...(this.o.random ? { random: this.o.random } : {}),
      clock: { ...systemClock, now: this.now },
      namespaces: this.o.namespaces,
      objects: this.objects,
      onError: (inf, what, err) => this.onInformerError(inf, what, err),
      onHealthy: () => this.conn.healthy(),
    };
  }

  private watch(inf: Informer) {
    this.informers.push(inf);
    inf.start();
  }

  private onInformerError(inf: Informer, what: ProvisioningKind | 'events', err: unknown) {
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
    this.conn.failed(message);
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
    this.conn.restart();
    clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => this.discoverInBackground(), waitMs);
    this.rediscoverTimer.unref();
  }
}
