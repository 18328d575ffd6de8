import { ungated, type ListGate } from './listGate';
import {
  backoffDelay,
  DEFAULT_RECONNECT_BACKOFF,
  type BackoffPolicy,
  type RandomSource,
} from '../../../shared/logic/backoff';
import type { Logger } from '../app/log';
import { ApiError, serverMessage, type ApiClient } from '../kube/apiClient';
import { background } from '../app/background';

interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}
interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown[];
}
interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; message?: string };
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
  /** Called after every full (re)list with the whole store. */
  onSync(store: S): void;
  /** Called for each change after the sync. */
  onChange(type: 'upsert' | 'delete', key: string, value: T | undefined): void;
  /** A list or watch failed; the watcher keeps retrying with backoff. */
  onError(err: unknown): void;
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
}

/**
 * client-go's informer contract, in miniature: list (paged), remember the resourceVersion,
 * watch from it with bookmarks, advance it per event; on 410 Gone relist and report what
 * vanished; on a broken connection re-watch from the last version with backoff and jitter
 * (no relist); and never trust a silent stream — after `inactivityMs` without a byte the
 * watch is re-opened. It never stops on an error; only `stop()` stops it.
 *
 * What it keeps is the digest, not the raw object, so 1,000 pods cost little memory.
 */
export class ListWatch<T, S extends WatchStore<T> = WatchStore<T>> {
  private readonly o: ListWatchOptions<T, S>;
  private readonly newStore: () => S;
  private store: S;
  private resourceVersion: string | undefined;
  private abortStream: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inactivity: NodeJS.Timeout | undefined;
  private attempt = 0;
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
    clearTimeout(this.timer);
    clearTimeout(this.inactivity);
    this.abortStream?.();
    this.abortStream = undefined;
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

  private schedule(ms: number, what: 'list' | 'watch') {
    clearTimeout(this.timer);
    const gen = this.generation;
    this.timer = setTimeout(() => {
      if (this.stopped || gen !== this.generation) return;
      background(
        what === 'list' ? this.list(gen) : this.watch(gen),
        this.o.log,
        `${what} ${this.o.path}`,
        (err) => this.retry(what, err),
      );
    }, ms);
  }

  private retry(what: 'list' | 'watch', err: unknown) {
    if (this.stopped) return;
    this.o.onError(err);
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
            if (v !== null) fresh.set(keyOf(raw as KubeObject), v);
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
      this.retry('list', err);
      return;
    }
    this.store = fresh;
    this.resourceVersion = rv;
    this.synced = true;
    this.attempt = 0;
    this.lastActivityAt = Date.now();
    this.o.onHealthy?.();
    this.o.onSync(this.store);
    this.schedule(0, 'watch');
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
            this.attempt = 0;
            this.touch(gen);
            this.o.onHealthy?.();
          },
          onEvent: (ev) => {
            if (gen !== this.generation) return;
            this.touch(gen);
            this.apply(ev as WatchEvent, gen);
          },
          onEnd: (err) => {
            if (gen !== this.generation || this.stopped) return;
            this.abortStream = undefined;
            clearTimeout(this.inactivity);
            if (err instanceof ApiError && err.statusCode === 410)
              return this.relist('watch answered 410 Gone');
            if (err) return this.retry('watch', err);
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
      if (gen === this.generation) this.retry('watch', err);
    }
  }

  private apply(ev: WatchEvent, gen: number) {
    const obj = ev.object;
    if (!obj) return;
    if (ev.type === 'ERROR') {
      if (obj.code === 410) this.relist('watch event 410 Gone');
      else {
        this.abortStream?.();
        this.abortStream = undefined;
        this.retry(
          'watch',
          new ApiError(obj.code ?? 500, serverMessage(String(obj.message ?? '')) ?? 'watch error'),
        );
      }
      return;
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (ev.type === 'BOOKMARK') return;
    const key = keyOf(obj);
    if (ev.type === 'DELETED') {
      if (this.store.delete(key)) this.o.onChange('delete', key, undefined);
      return;
    }
    const v = this.o.digest(obj);
    if (v === null) {
      if (this.store.delete(key)) this.o.onChange('delete', key, undefined);
      return;
    }
    this.store.set(key, v);
    if (gen === this.generation) this.o.onChange('upsert', key, v);
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
    this.lastActivityAt = Date.now();
    clearTimeout(this.inactivity);
    const ms = this.o.inactivityMs;
    if (!ms) return;
    this.inactivity = setTimeout(() => {
      if (gen === this.generation && !this.stopped) this.rewatch(`no traffic for ${ms} ms`);
    }, ms);
    this.inactivity.unref();
  }
}

function keyOf(o: KubeObject): string {
  const m = o.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}
