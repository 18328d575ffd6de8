import { ungated, type ListGate } from './listGate';
import {
  backoffDelay,
  DEFAULT_RECONNECT_BACKOFF,
  type BackoffPolicy,
  type RandomSource,
} from '../../../shared/logic/backoff';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ApiError, serverMessage } from '../kube/apiErrors';
import { background } from '../app/background';
import { systemClock, type TimerHandle, type WatchClock } from './watchClock';
import {
  addFailure,
  objectKey,
  vanishedKeys,
  watchStep,
  type FailureRun,
  type KubeObject,
  type WatchEvent,
} from './watchRules';

interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown[];
}

/**
 * Where a ListWatch keeps its digests: a Map unless the caller bounds it (the events store,
 * shared/logic/health/eventStore.ts, drops what exceeds its limits as things arrive).
 */
export interface WatchStore<T> extends ReadonlyMap<string, T> {
  set(key: string, value: T): unknown;
  delete(key: string): boolean;
}

export interface ListWatchOptions<T, S extends WatchStore<T> = WatchStore<T>> {
  client: ApiClient;
  /** e.g. /api/v1/pods or /api/v1/namespaces/x/pods */
  path: string;
  /** Extra query (fieldSelector, labelSelector). */
  query?: Record<string, string>;
  /** Turns a raw object into what we keep; null drops it (e.g. a Succeeded pod). */
  digest(raw: unknown): T | null;
  /**
   * A new, empty store; each full list fills a fresh one, so a bounded store bounds the list
   * in progress too. Default: a Map that keeps everything.
   */
  store?: () => S;
  /**
   * Called after every full (re)list with the whole store. A relist has already reported
   * each key that vanished as a delete through `onChange`.
   */
  onSync(store: S): void;
  /** Called for each change after the sync, and for each key a relist found gone. */
  onChange(type: 'upsert' | 'delete', key: string, value: T | undefined): void;
  /**
   * A list or watch failed; `failing` is the run of failures so far (since the last success).
   * The watch retries with backoff unless this handler stopped it (a 403 will not heal).
   */
  onError(err: unknown, failing: FailureRun): void;
  /** The stream is open or a list succeeded: the API is answering for this resource. */
  onHealthy?(): void;
  log: Logger;
  requestTimeoutMs: number;
  /** No byte (not even a bookmark) for this long → assume a half-open stream and re-watch. */
  inactivityMs?: number;
  pageSize?: number;
  /** Shared bound on concurrent lists across the engine (see listGate.ts). */
  listGate?: ListGate;
  backoff?: BackoffPolicy;
  random?: RandomSource;
  /** Timestamps and timers (default: the process's own). */
  clock?: WatchClock;
}

/**
 * client-go's informer contract, in miniature, and the one owner of the watch policy: list
 * (paged), remember the resourceVersion, watch from it with bookmarks, advance it per event;
 * on 410 Gone relist and report each key that vanished as a delete; on a broken connection
 * re-watch from the last version with backoff and jitter (no relist); and never trust a
 * silent stream — after `inactivityMs` without a byte the watch is re-opened. It never stops
 * on an error; only `stop()` stops it, also from inside `onError` (no retry is left behind).
 * Callers say what to watch (path, digest, store) and what to do with changes.
 *
 * What it keeps is the digest, not the raw object, so 1,000 pods cost little memory.
 *
 * One job: one resource's list+watch loop; kept whole (over 300 lines) because list, watch,
 * relist and retry share one generation counter and one set of timers, and splitting them would
 * spread the stop/stale-generation checks that keep a stopped watch from coming back.
 */
export class ListWatch<T, S extends WatchStore<T> = WatchStore<T>> {
  private readonly o: ListWatchOptions<T, S>;
  private readonly clock: WatchClock;
  private readonly newStore: () => S;
  private store: S;
  private resourceVersion: string | undefined;
  private abortStream: (() => void) | undefined;
  private timer: TimerHandle | undefined;
  private inactivity: TimerHandle | undefined;
  private attempt = 0;
  private failing: FailureRun | undefined;
  private stopped = true;
  private generation = 0;
  /** A list is running: a rewatch then has nothing to do, a watch follows the list anyway. */
  private listing = false;
  private listSeq = 0;
  /** Requests made (lists and watch opens): the idle-traffic benchmark reads it. */
  requests = 0;
  /** Of `requests`, the watch (re)opens: what keeping the watch open costs. */
  watchRequests = 0;
  lastActivityAt = 0;
  /** True once the first list has completed. */
  synced = false;

  constructor(opts: ListWatchOptions<T, S>) {
    this.o = opts;
    this.clock = opts.clock ?? systemClock;
    this.newStore = opts.store ?? (() => new Map<string, T>() as WatchStore<T> as S);
    this.store = this.newStore();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0, 'list');
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    this.abortStream?.();
    this.abortStream = undefined;
  }

  /** The current run of failures (since the last list or stream open that worked), if any. */
  failure(): FailureRun | undefined {
    return this.failing;
  }

  /** The current digests. */
  items(): S {
    return this.store;
  }

  /** True while a watch stream is open. */
  get watching(): boolean {
    return this.abortStream !== undefined;
  }

  /** Re-open the stream now (a probe succeeded but we doubt the stream, or the machine woke). */
  rewatch(reason: string): void {
    if (this.stopped || this.listing) return;
    this.o.log.debug('re-watching', { path: this.o.path, reason });
    // A new generation: whatever the old stream or a watch still opening says is ignored,
    // so there is never more than one stream per informer.
    this.generation++;
    this.abortStream?.();
    this.abortStream = undefined;
    this.attempt = 0;
    this.schedule(0, this.resourceVersion ? 'watch' : 'list');
  }

  private clearTimers() {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    if (this.inactivity !== undefined) this.clock.clearTimeout(this.inactivity);
    this.timer = undefined;
    this.inactivity = undefined;
  }

  private schedule(ms: number, what: 'list' | 'watch') {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const gen = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.stopped || gen !== this.generation) return;
      background(
        what === 'list' ? this.list(gen) : this.watch(gen),
        this.o.log,
        `${what} ${this.o.path}`,
        (err) => this.retry(what, err, gen),
      );
    }, ms);
  }

  /** Reports the failure, then (unless the handler stopped or restarted the watch) backs off. */
  private retry(what: 'list' | 'watch', err: unknown, gen: number) {
    if (this.stopped || gen !== this.generation) return;
    this.failing = addFailure(this.failing, this.clock.now());
    this.o.onError(err, this.failing);
    if (this.stopped || gen !== this.generation) return;
    const delay = backoffDelay(
      this.attempt++,
      this.o.backoff ?? DEFAULT_RECONNECT_BACKOFF,
      this.o.random ?? Math.random,
    );
    this.schedule(delay, what);
  }

  private url(extra: Record<string, string>): string {
    const q = new URLSearchParams({ ...this.o.query, ...extra });
    return `${this.o.path}?${q.toString()}`;
  }

  private async list(gen: number) {
    const seq = ++this.listSeq;
    this.listing = true;
    try {
      await this.listPages(gen);
    } finally {
      if (seq === this.listSeq) this.listing = false;
    }
  }

  private async listPages(gen: number) {
    const fresh = this.newStore();
    let cont: string | undefined;
    let rv: string | undefined;
    try {
      do {
        this.requests++;
        const url = this.url({ limit: String(this.o.pageSize ?? 500), ...(cont ? { continue: cont } : {}) });
        // Fetch and digest inside the gate, so when the gate tidies after a page (listGate.ts)
        // the page itself is already garbage.
        const page = await (this.o.listGate ?? ungated)(async () => {
          const p = await this.o.client.getJson<ListResponse>(url, { timeoutMs: this.o.requestTimeoutMs });
          if (gen !== this.generation) return undefined;
          for (const raw of p.items ?? []) {
            const v = this.o.digest(raw);
            if (v !== null) fresh.set(objectKey(raw as KubeObject), v);
          }
          return { continue: p.metadata?.continue, resourceVersion: p.metadata?.resourceVersion };
        });
        if (!page || gen !== this.generation) return;
        cont = page.continue || undefined;
        rv = page.resourceVersion;
      } while (cont);
    } catch (err) {
      if (gen !== this.generation) return;
      // A continue token that expired (410) means start the list again.
      this.retry('list', err, gen);
      return;
    }
    const before = this.store;
    this.store = fresh;
    this.resourceVersion = rv;
    this.synced = true;
    this.lastActivityAt = this.clock.now();
    this.healthy();
    // What vanished while the watch was away (a 410, a restart of the list) is a delete.
    for (const key of vanishedKeys(before.keys(), fresh)) {
      if (gen !== this.generation) return;
      this.o.onChange('delete', key, undefined);
    }
    if (gen !== this.generation) return;
    this.o.onSync(this.store);
    if (gen !== this.generation) return;
    this.schedule(0, 'watch');
  }

  /** A list or a stream open worked: the backoff and the run of failures start over. */
  private healthy() {
    this.attempt = 0;
    this.failing = undefined;
    this.o.onHealthy?.();
  }

  private async watch(gen: number) {
    this.requests++;
    this.watchRequests++;
    try {
      const abort = await this.o.client.openStream(
        this.url({
          watch: '1',
          allowWatchBookmarks: 'true',
          ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
        }),
        {
          onOpen: () => {
            if (gen !== this.generation) return;
            this.touch(gen);
            this.healthy();
          },
          onEvent: (ev) => {
            if (gen !== this.generation) return;
            this.touch(gen);
            this.apply(ev as WatchEvent, gen);
          },
          onEnd: (err) => {
            if (gen !== this.generation || this.stopped) return;
            this.abortStream = undefined;
            if (this.inactivity !== undefined) this.clock.clearTimeout(this.inactivity);
            this.inactivity = undefined;
            if (err instanceof ApiError && err.statusCode === 410)
              return this.relist('watch answered 410 Gone');
            if (err) return this.retry('watch', err, gen);
            // The server closed the stream at its timeout: carry on from where we were.
            this.schedule(0, 'watch');
          },
        },
        this.o.requestTimeoutMs,
      );
      if (gen !== this.generation || this.stopped) abort();
      else {
        this.abortStream?.();
        this.abortStream = abort;
      }
    } catch (err) {
      // Building the request failed (e.g. an exec credential plugin failed).
      this.retry('watch', err, gen);
    }
  }

  private apply(ev: WatchEvent, gen: number) {
    const step = watchStep(ev);
    switch (step.kind) {
      case 'ignore':
        return;
      case 'relist':
        return this.relist('watch event 410 Gone');
      case 'error':
        this.abortStream?.();
        this.abortStream = undefined;
        this.retry('watch', new ApiError(step.code, serverMessage(step.message) ?? 'watch error'), gen);
        return;
    }
    if (step.resourceVersion) this.resourceVersion = step.resourceVersion;
    if (step.kind === 'bookmark') return;
    const v = step.kind === 'upsert' ? this.o.digest(step.object) : null;
    if (v === null) {
      if (this.store.delete(step.key)) this.o.onChange('delete', step.key, undefined);
      return;
    }
    this.store.set(step.key, v);
    this.o.onChange('upsert', step.key, v);
  }

  /** 410 Gone: our resourceVersion is too old; list again from scratch. */
  private relist(why: string) {
    this.o.log.info('relisting', { path: this.o.path, why });
    this.abortStream?.();
    this.abortStream = undefined;
    this.resourceVersion = undefined;
    this.schedule(0, 'list');
  }

  private touch(gen: number) {
    this.lastActivityAt = this.clock.now();
    if (this.inactivity !== undefined) this.clock.clearTimeout(this.inactivity);
    this.inactivity = undefined;
    const ms = this.o.inactivityMs;
    if (!ms) return;
    this.inactivity = this.clock.setTimeout(
      () => {
        this.inactivity = undefined;
        if (gen === this.generation && !this.stopped) this.rewatch(`no traffic for ${ms} ms`);
      },
      ms,
      true,
    );
  }
}
