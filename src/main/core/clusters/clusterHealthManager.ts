import type { ClusterSummary, HealthState } from '../../../shared/domain/health';
import type { ListGate } from '../watch/listGate';
import {
  Coalescer,
  resolveHealthConfig,
  watchCandidates,
  type HealthConfig,
} from '../../../shared/logic/health';
import type { Logger } from '../app/log';
import { ApiClient } from '../kube/apiClient';
import { accessFor } from '../kube/clusterAccess';
import type { MergedKubeconfig } from '../kubeconfig/model';
import type { EngineSettings } from '../settings/engineSettings';
import { ClusterMonitor, type ServerInfo } from './clusterMonitor';

export interface ClusterHealthManagerOptions {
  log: Logger;
  /** The current merged kubeconfig (it changes when files change). */
  kubeconfig: () => MergedKubeconfig | undefined;
  settings: () => EngineSettings;
  /** Coalesced summaries for the UI: at most 4 per second per cluster. */
  onSummary(summary: ClusterSummary): void;
  monitorOptions?: { watchInactivityMs?: number };
  /** The engine's environment: HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply to every cluster. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The namespaces of a context's forwards: watched when its pods are refused cluster-wide. */
  forwardNamespaces?(context: string): readonly string[];
  /** The engine-wide bound on concurrent lists every monitor's informers share (listGate.ts). */
  listGate: ListGate;
}

/** The holder name of a one-off look (peek). */
const PEEK_HOLDER = 'peek';

/**
 * Creates and destroys one ClusterMonitor per context: for every context the user monitors
 * and every context a forward needs (reference-counted holders), never two for one context.
 * It is also the read side the rest of the engine uses: whether a cluster is healthy, its
 * summary, pods and events (the provider API below).
 *
 * One job: owning the set of monitors; kept whole (just over 300 lines) because the holders,
 * the peeks' timers and the coalesced summaries all decide together when a monitor lives or goes,
 * and the read side is one-line delegations to the monitor of a context.
 */
export class ClusterHealthManager {
  private readonly o: ClusterHealthManagerOptions;
  private readonly monitors = new Map<
    string,
    { monitor: ClusterMonitor; client: ApiClient; config: HealthConfig }
  >();
  private readonly holders = new Map<string, Set<string>>();
  private readonly coalescer = new Coalescer<string, ClusterSummary>(4);
  private flushTimer: NodeJS.Timeout | undefined;
  /** Problems creating a monitor (unknown context, bad settings), by context. */
  private readonly problems = new Map<string, string>();
  /** Requests made by monitors already destroyed, so the total never goes down. */
  private retiredRequests = 0;
  private retiredWatchRequests = 0;
  /** When each peeked context is let go again (see peek). */
  private readonly peekTimers = new Map<string, NodeJS.Timeout>();
  /** Pod-change listeners per context; they survive monitors being rebuilt by refresh(). */
  private readonly podListeners = new Map<string, Set<() => void>>();

  constructor(opts: ClusterHealthManagerOptions) {
    this.o = opts;
  }

  /** A holder (the user's "monitor this", or a forward id) needs this context watched. */
  acquire(context: string, holder: string): void {
    let set = this.holders.get(context);
    if (!set) this.holders.set(context, (set = new Set()));
    set.add(holder);
    this.ensure(context);
  }

  /** The holder no longer needs it; the monitor goes when nobody does. */
  release(context: string, holder: string): void {
    const set = this.holders.get(context);
    if (!set) return;
    set.delete(holder);
    if (set.size === 0) {
      this.holders.delete(context);
      this.destroy(context);
    }
  }

  /**
   * The forwards changed: a namespace-scoped monitor watches their namespaces too, so it plans
   * again when the namespaces it would watch differ from those it planned with (cheap otherwise).
   */
  namespacesChanged(context?: string): void {
    for (const [c, m] of this.monitors)
      if (context === undefined || c === context) m.monitor.namespacesChanged();
  }

  /**
   * Where a context's pods and events are watched when the user may not list them
   * cluster-wide: the context's namespace in the kubeconfig, the namespaces added in its
   * settings, and those of its forwards (accessPlan.ts watchCandidates).
   */
  watchNamespaces(context: string): string[] {
    const ctx = this.o.kubeconfig()?.contexts.get(context)?.value;
    const own = typeof ctx?.namespace === 'string' ? ctx.namespace : undefined;
    return watchCandidates({
      contextNamespace: own,
      configured: this.monitors.get(context)?.config.watchNamespaces ?? [],
      forwards: this.o.forwardNamespaces?.(context) ?? [],
    });
  }

  /** Contexts with a live monitor. */
  contexts(): string[] {
    return [...this.monitors.keys()];
  }

  /** Rebuild monitors after the kubeconfig or settings changed. */
  refresh(): void {
    for (const context of this.holders.keys()) {
      this.destroy(context);
      this.ensure(context);
    }
  }

  /**
   * Apply the context's settings as stored now to its running monitor, in place: the same
   * monitor (never a second one) keeps its history and state. A held context that had no
   * monitor (its old settings were bad) gets one. Throws HealthConfigError for bad settings.
   */
  reconfigure(context: string): void {
    const held = this.monitors.get(context);
    if (!held) {
      if (this.holders.has(context)) this.ensure(context);
      return;
    }
    const settings = this.o.settings();
    const config = resolveHealthConfig(settings.health.defaults, settings.health.contexts, context);
    held.config = config;
    held.monitor.reconfigure(config);
    this.o.log.info('health settings applied', { context });
  }

  /** The settings a context's monitor runs with, if it has one. */
  config(context: string): HealthConfig | undefined {
    return this.monitors.get(context)?.config;
  }

  /**
   * A one-off look at a context (the CLI's read commands): it is watched under its own holder
   * for `holdMs` after the last peek, so the lists asked for next can be answered, and nothing
   * is saved. Resolves with the summary once the first check has a verdict (at most `settleMs`).
   */
  async peek(context: string, holdMs: number, settleMs = 12_000): Promise<ClusterSummary> {
    this.acquire(context, PEEK_HOLDER);
    clearTimeout(this.peekTimers.get(context));
    const timer = setTimeout(() => {
      this.peekTimers.delete(context);
      this.release(context, PEEK_HOLDER);
    }, holdMs);
    timer.unref();
    this.peekTimers.set(context, timer);
    const problem = this.problems.get(context);
    if (problem) throw new Error(problem);
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline) {
      const m = this.monitors.get(context)?.monitor;
      if (!m) break;
      if (m.isSettled) return m.summary();
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.monitor(context).summary();
  }

  stop(): void {
    for (const t of this.peekTimers.values()) clearTimeout(t);
    this.peekTimers.clear();
    clearTimeout(this.flushTimer);
    for (const context of [...this.monitors.keys()]) this.destroy(context);
  }

  // --- the provider API: what forwards, the watchdog and handlers read -------------------

  /** The state the forward supervisor consults before restarting into a cluster. */
  clusterState(context: string): HealthState {
    return this.monitors.get(context)?.monitor.summary().state ?? 'Unknown';
  }

  getClusterInfo(context: string): { summary: ClusterSummary; server: ServerInfo | undefined } | undefined {
    const m = this.monitors.get(context)?.monitor;
    return m ? { summary: m.summary(), server: m.server } : undefined;
  }

  /** Summaries of the contexts held for good: a one-off look (peek) is not in the list. */
  summaries(): ClusterSummary[] {
    return [...this.monitors.entries()]
      .filter(([context]) => !this.onlyPeeked(context))
      .map(([, m]) => m.monitor.summary());
  }

  private onlyPeeked(context: string): boolean {
    const held = this.holders.get(context);
    return held !== undefined && held.size === 1 && held.has(PEEK_HOLDER);
  }

  /** API requests and open watches over every monitor (self-health, benchmarks). */
  traffic(): { requests: number; watchRequests: number; openWatches: number; monitors: number } {
    let requests = this.retiredRequests;
    let watchRequests = this.retiredWatchRequests;
    let openWatches = 0;
    for (const { monitor } of this.monitors.values()) {
      requests += monitor.requestCount();
      watchRequests += monitor.watchRequestCount();
      openWatches += monitor.openWatches();
    }
    return { requests, watchRequests, openWatches, monitors: this.monitors.size };
  }

  /** Why a held context has no monitor, if it has none. */
  problem(context: string): string | undefined {
    return this.problems.get(context);
  }

  /** Calls `listener` whenever the context's pod informer sees a change; returns the unsubscribe. */
  onPodsChanged(context: string, listener: () => void): () => void {
    let set = this.podListeners.get(context);
    if (!set) this.podListeners.set(context, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.podListeners.get(context) === set) this.podListeners.delete(context);
    };
  }

  /** The ApiClient of a monitored context (shared with other watchers of it), if any. */
  client(context: string): ApiClient | undefined {
    return this.monitors.get(context)?.client;
  }

  monitor(context: string): ClusterMonitor {
    const m = this.monitors.get(context)?.monitor;
    if (!m) throw new Error(`Context "${context}" is not monitored.`);
    return m;
  }

  /** Force a full check now: one context, or all (wake from sleep). */
  async recheck(context: string | undefined, reason: string): Promise<ClusterSummary[]> {
    const targets = context ? [this.monitor(context)] : [...this.monitors.values()].map((m) => m.monitor);
    return Promise.all(targets.map((m) => m.recheck(reason)));
  }

  private ensure(context: string) {
    if (this.monitors.has(context)) return;
    const merged = this.o.kubeconfig();
    const settings = this.o.settings();
    let config: HealthConfig;
    let client: ApiClient;
    try {
      if (!merged) throw new Error('The kubeconfig has not been read yet.');
      config = resolveHealthConfig(settings.health.defaults, settings.health.contexts, context);
      client = new ApiClient(accessFor(merged, context, this.o.env));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.problems.set(context, message);
      this.o.log.warn('cannot monitor context', { context, problem: message });
      return;
    }
    this.problems.delete(context);
    const monitor = new ClusterMonitor({
      context,
      client,
      config,
      log: this.o.log.child({ context }),
      onSummary: (s) => this.offer(s),
      onPodsChanged: () => {
        for (const l of this.podListeners.get(context) ?? []) l();
      },
      listGate: this.o.listGate,
      namespaces: () => this.watchNamespaces(context),
      ...this.o.monitorOptions,
    });
    this.monitors.set(context, { monitor, client, config });
    monitor.start();
    this.o.log.info('monitoring context', { context, server: client.server });
  }

  private destroy(context: string) {
    const m = this.monitors.get(context);
    if (!m) return;
    m.monitor.stop();
    this.retiredRequests += m.monitor.requestCount();
    this.retiredWatchRequests += m.monitor.watchRequestCount();
    m.client.close();
    this.monitors.delete(context);
    this.coalescer.forget(context);
  }

  private offer(summary: ClusterSummary) {
    // A one-off look tells nobody: no notification, no row update for a context not monitored.
    if (this.onlyPeeked(summary.context)) return;
    const r = this.coalescer.offer(summary.context, summary, Date.now());
    if (r.deliver) {
      this.o.onSummary(r.value);
      return;
    }
    this.armFlush();
  }

  private armFlush() {
    if (this.flushTimer) return;
    const due = this.coalescer.nextDueAt();
    if (due === null) return;
    this.flushTimer = setTimeout(
      () => {
        this.flushTimer = undefined;
        for (const [, s] of this.coalescer.takeDue(Date.now())) this.o.onSummary(s);
        this.armFlush();
      },
      Math.max(0, due - Date.now()),
    );
  }
}
