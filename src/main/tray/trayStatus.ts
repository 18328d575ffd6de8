import type { CommandResponse, Dispatch, EventBus, EventPayload } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import {
  forwardChangeMovesClusters,
  forwardCounts,
  trayView,
  type ForwardSeen,
  type TrayView,
} from '../../shared/logic/tray';

/** What the tray needs from the engine: its contract, typed events and commands. */
export interface TrayStatusSource {
  dispatch: Dispatch;
  bus: Pick<EventBus, 'on'>;
}

/**
 * Keeps the tray's view current from the engine's typed events: a cluster's summary replaces
 * the one kept for its context, a forward's status updates (or, when null, drops) the one kept
 * for its id, and provisioning updates count active subscriptions. The lists are read once at
 * start; after that `clusters:monitored` (a client switched a context on or off) brings the
 * whole cluster list, and `clusters:list` is read again only when the set of monitored
 * clusters may have changed otherwise (a forward appeared, went, changed state or context; the
 * kubeconfig changed). A burst of events costs one recompute (debounced), and `onView` is
 * called only when the icon or tooltip changed.
 */
export class TrayStatus {
  private readonly src: TrayStatusSource;
  private readonly onView: (v: TrayView, clusters: readonly ClusterSummary[]) => void;
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offs: (() => void)[] = [];
  private last: TrayView | undefined;
  private clusters = new Map<string, ClusterSummary>();
  private readonly forwards = new Map<string, ForwardSeen>();
  private readonly provisioning = new Set<string>();
  private clustersStale = false;

  constructor(
    src: TrayStatusSource,
    onView: (v: TrayView, clusters: readonly ClusterSummary[]) => void,
    debounceMs = 250,
  ) {
    this.src = src;
    this.onView = onView;
    this.debounceMs = debounceMs;
  }

  /** Subscribes (before reading, so nothing said meanwhile is lost) and computes the first view. */
  async start(): Promise<TrayView> {
    const { bus } = this.src;
    this.offs = [
      bus.on('clusters:changed', (summary) => {
        // The engine tells only about clusters it lists (a one-off look is silent), so a new
        // context's first summary adds it.
        this.clusters.set(summary.context, summary);
        this.schedule();
      }),
      bus.on('forwards:changed', ({ id, status }) => {
        const next = status ? { state: status.state, context: status.spec.context } : undefined;
        if (forwardChangeMovesClusters(this.forwards.get(id), next)) this.clustersStale = true;
        if (next) this.forwards.set(id, next);
        else this.forwards.delete(id);
        this.schedule();
      }),
      bus.on('provisioning:changed', (update) => {
        this.trackProvisioning(update);
        this.schedule();
      }),
      bus.on('clusters:monitored', (list) => {
        this.clusters = new Map(list.clusters.map((c) => [c.context, c]));
        this.schedule();
      }),
      bus.on('contexts:changed', () => this.clustersMayHaveChanged()),
    ];
    return this.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const off of this.offs.splice(0)) off();
  }

  /** The monitored set may have changed (the kubeconfig did): the next recompute reads `clusters:list` again. */
  private clustersMayHaveChanged(): void {
    this.clustersStale = true;
    this.schedule();
  }

  /** The clusters as last known (the tray menu's mute list uses them). */
  current(): readonly ClusterSummary[] {
    return [...this.clusters.values()];
  }

  /** How many forwards are saved, running or not (the tray menu greys out Start/Stop all without any). */
  forwardCount(): number {
    return this.forwards.size;
  }

  /** Reads both lists now and updates the view. */
  async refresh(): Promise<TrayView> {
    await this.readClusters();
    const forwards = await this.src.dispatch('forwards:list', {}, { transport: 'in-process' });
    if (forwards.ok) {
      this.forwards.clear();
      for (const f of (forwards.value as CommandResponse<'forwards:list'>).forwards)
        this.forwards.set(f.spec.id, { state: f.state, context: f.spec.context });
    }
    return this.recompute();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  private async flush(): Promise<void> {
    if (this.clustersStale) await this.readClusters();
    this.recompute();
  }

  private async readClusters(): Promise<void> {
    this.clustersStale = false;
    const list = await this.src.dispatch('clusters:list', {}, { transport: 'in-process' });
    if (!list.ok) return;
    const { clusters } = list.value as CommandResponse<'clusters:list'>;
    this.clusters = new Map(clusters.map((c) => [c.context, c]));
  }

  private recompute(): TrayView {
    const view = trayView({
      clusters: this.current(),
      forwards: forwardCounts([...this.forwards.values()].map((f) => f.state)),
      provisioning: this.provisioning.size,
    });
    if (!this.last || this.last.state !== view.state || this.last.tooltip !== view.tooltip) {
      this.last = view;
      this.onView(view, this.current());
    }
    return view;
  }

  private trackProvisioning(u: EventPayload<'provisioning:changed'>): void {
    const terminal = u.snapshot.phase === 'Ready' || u.snapshot.phase === 'Failed';
    if (u.active && !terminal) this.provisioning.add(u.subscriptionId);
    else this.provisioning.delete(u.subscriptionId);
  }
}
