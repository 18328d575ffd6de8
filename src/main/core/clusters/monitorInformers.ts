import type { EventSummary } from '../../../shared/domain/health';
import type { RandomSource } from '../../../shared/logic/backoff';
import {
  classifyError,
  EventStore,
  summarizeEvent,
  type ErrorClassification,
  type EventStoreLimits,
} from '../../../shared/logic/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import type { ListGate } from '../watch/listGate';
import { ListWatch, type WatchStore } from '../watch/listWatch';
import { systemClock } from '../watch/watchClock';
import { informerKey, type Check } from './monitorRules';
import { slimEvent, slimNode, slimPod } from './slim';

/** The API resource behind each check. */
export const RESOURCE: Record<Check, string> = { pods: 'pods', nodes: 'nodes', events: 'events' };

/** One list+watch: a resource cluster-wide (namespace null) or in one namespace. */
export interface Informer {
  readonly check: Check;
  readonly namespace: string | null;
  readonly lw: ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>;
}

/** A list's latest failure since it last succeeded: when it happened and when the run began. */
export interface ListFailure {
  error: ErrorClassification;
  at: number;
  since: number;
}

/** What the informers tell and ask their monitor. */
export interface InformerDeps {
  client: ApiClient;
  log: Logger;
  now(): number;
  random: RandomSource;
  listGate?: ListGate | undefined;
  /** No byte on a watch for this long → re-open it (default 5 min). */
  watchInactivityMs?: number | undefined;
  requestTimeoutMs(): number;
  /** The bound of one events store now (it depends on how many namespaces are watched). */
  eventLimits(): EventStoreLimits;
  /** A list completed. */
  synced(check: Check): void;
  /** A watched change. */
  changed(check: Check): void;
  /** A list or watch failed (recorded already: see `failure`). */
  failed(check: Check, namespace: string | null, error: ErrorClassification): void;
  /** The API answered a list or a watch. */
  answering(): void;
}

/**
 * A monitor's informers, one per resource and namespace (informerKey): started and dropped to
 * match the access plan, with when each list last completed and each one's latest failure.
 * Watching, relisting and backing off are ListWatch's; this says what to watch and passes on
 * what happened.
 */
export class MonitorInformers {
  private readonly d: InformerDeps;
  private readonly map = new Map<string, Informer>();
  /** When each informer's list last completed. */
  private readonly syncedAt = new Map<string, number>();
  /** Each informer's latest failure since it last succeeded. */
  private readonly failures = new Map<string, ListFailure>();

  constructor(deps: InformerDeps) {
    this.d = deps;
  }

  all(): IterableIterator<Informer> {
    return this.map.values();
  }

  of(check: Check): Informer[] {
    return [...this.map.values()].filter((i) => i.check === check);
  }

  get(check: Check, namespace: string | null): Informer | undefined {
    return this.map.get(informerKey(check, namespace));
  }

  /**
   * Starts what `want` has and this has not, drops what this has and `want` has not; true when
   * a pods informer was dropped (the pods seen changed).
   */
  match(want: ReadonlyMap<string, { check: Check; namespace: string | null }>): boolean {
    let podsDropped = false;
    for (const [key, inf] of [...this.map]) {
      if (want.has(key)) continue;
      this.drop(inf.check, inf.namespace);
      podsDropped ||= inf.check === 'pods';
    }
    for (const [key, w] of want) if (!this.map.has(key)) this.start(w.check, w.namespace);
    return podsDropped;
  }

  drop(check: Check, namespace: string | null): void {
    const key = informerKey(check, namespace);
    this.map.get(key)?.lw.stop();
    this.map.delete(key);
    this.syncedAt.delete(key);
    this.failures.delete(key);
  }

  stop(): void {
    for (const inf of this.map.values()) inf.lw.stop();
    this.map.clear();
  }

  /** Re-opens every stream (a recheck), or only those not open now (the API answers again). */
  rewatch(reason: string, onlyClosed = false): void {
    for (const inf of this.map.values()) if (!onlyClosed || !inf.lw.watching) inf.lw.rewatch(reason);
  }

  /** The raw slim pods of every pods informer. */
  *rawPods(): Iterable<Record<string, unknown>> {
    for (const inf of this.of('pods')) yield* inf.lw.items().values();
  }

  /**
   * The pods of `namespace` as a synced pods informer sees them (one cluster-wide or one for that
   * namespace); null when none does.
   */
  podsIn(namespace: string): Iterable<Record<string, unknown>> | null {
    const inf = this.get('pods', null) ?? this.get('pods', namespace);
    return inf?.lw.synced ? inf.lw.items().values() : null;
  }

  eventStores(): EventStore[] {
    return this.of('events').flatMap((i) => {
      const store = i.lw.items();
      return store instanceof EventStore ? [store] : [];
    });
  }

  allSynced(): boolean {
    return [...this.map.values()].every((i) => i.lw.synced);
  }

  syncedAtOf(check: Check, namespace: string | null): number | undefined {
    return this.syncedAt.get(informerKey(check, namespace));
  }

  failureOf(check: Check, namespace: string | null): ListFailure | undefined {
    return this.failures.get(informerKey(check, namespace));
  }

  openWatches(): number {
    let n = 0;
    for (const inf of this.map.values()) if (inf.lw.watching) n++;
    return n;
  }

  requests(): number {
    let n = 0;
    for (const inf of this.map.values()) n += inf.lw.requests;
    return n;
  }

  watchRequests(): number {
    let n = 0;
    for (const inf of this.map.values()) n += inf.lw.watchRequests;
    return n;
  }

  private start(check: Check, namespace: string | null) {
    const key = informerKey(check, namespace);
    const base = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}` : '/api/v1';
    const slim = check === 'pods' ? slimPod : check === 'nodes' ? slimNode : digestEvent;
    const eventLimits = this.d.eventLimits();
    const lw = new ListWatch<Record<string, unknown>, WatchStore<Record<string, unknown>>>({
      client: this.d.client,
      path: `${base}/${check}`,
      ...(check === 'pods' ? { query: { fieldSelector: 'status.phase!=Succeeded' } } : {}),
      // Events are summarised once, on arrival, into a bounded store (eventStore.ts).
      ...(check === 'events' ? { store: () => new EventStore(eventLimits) } : {}),
      digest: (raw) => slim(raw),
      onSync: () => {
        this.syncedAt.set(key, this.d.now());
        this.failures.delete(key);
        this.d.synced(check);
      },
      onChange: () => this.d.changed(check),
      onError: (err, failing) => {
        const error = classifyError(err, { verb: 'list', resource: RESOURCE[check], namespace });
        this.failures.set(key, { error, at: this.d.now(), since: failing.since });
        this.d.failed(check, namespace, error);
      },
      onHealthy: () => {
        this.failures.delete(key);
        this.d.answering();
      },
      log: this.d.log,
      requestTimeoutMs: this.d.requestTimeoutMs(),
      // Pages of 250: a page is parsed whole before it is slimmed, so smaller pages keep
      // the peak heap of a 1,000-pod list low at the cost of a few more round trips.
      pageSize: 250,
      ...(this.d.listGate ? { listGate: this.d.listGate } : {}),
      inactivityMs: this.d.watchInactivityMs ?? 5 * 60_000,
      random: this.d.random,
      clock: { ...systemClock, now: this.d.now },
    });
    this.map.set(key, { check, namespace, lw });
    lw.start();
  }
}

/** An event as the events store keeps it: slimmed first, so its id is namespace/name as before. */
function digestEvent(raw: unknown): EventSummary | null {
  return summarizeEvent(slimEvent(raw));
}
