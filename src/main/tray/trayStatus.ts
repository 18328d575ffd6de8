import type { Dispatch, EventBus, EventName } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import { forwardCounts, trayView, type ForwardStateName, type TrayView } from '../../shared/logic/tray';

/** What the tray needs to read from the engine (both through the contract). */
export interface TrayStatusSource {
  dispatch: Dispatch;
  bus: EventBus;
}

/** Events after which the tray recomputes (channel names, so a feature not yet merged is no error). */
const TRIGGERS = new Set<string>(['clusters:changed', 'forwards:changed', 'provisioning:changed']);

/**
 * Keeps the tray's view current: after any cluster, forward or provisioning event (debounced
 * so a burst costs one recompute) it reads `clusters:list` and `forwards:list` through the
 * contract and calls `onView` when the icon or tooltip changed. Provisioning counts come from
 * `provisioning:changed` updates (active subscriptions).
 */
export class TrayStatus {
  private readonly src: TrayStatusSource;
  private readonly onView: (v: TrayView, clusters: readonly ClusterSummary[]) => void;
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private last: TrayView | undefined;
  private clusters: ClusterSummary[] = [];
  private forwards = 0;
  private readonly provisioning = new Set<string>();

  constructor(
    src: TrayStatusSource,
    onView: (v: TrayView, clusters: readonly ClusterSummary[]) => void,
    debounceMs = 250,
  ) {
    this.src = src;
    this.onView = onView;
    this.debounceMs = debounceMs;
  }

  /** Subscribes and computes the first view. */
  async start(): Promise<TrayView> {
    this.unsubscribe = this.src.bus.subscribe((channel: EventName, payload: unknown) => {
      if (!TRIGGERS.has(channel)) return;
      if (channel === 'provisioning:changed') this.trackProvisioning(payload);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), this.debounceMs);
    });
    return this.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.unsubscribe?.();
  }

  /** The clusters as last read (the tray menu's mute list uses them). */
  current(): readonly ClusterSummary[] {
    return this.clusters;
  }

  /** How many forwards are saved, running or not (the tray menu greys out Start/Stop all without any). */
  forwardCount(): number {
    return this.forwards;
  }

  /** Reads the engine's state now and updates the view. */
  async refresh(): Promise<TrayView> {
    const clusters = await this.src.dispatch('clusters:list', {}, { transport: 'in-process' });
    if (clusters.ok) this.clusters = (clusters.value as { clusters: ClusterSummary[] }).clusters;
    const forwards = await this.src.dispatch('forwards:list', {}, { transport: 'in-process' });
    const states = forwards.ok
      ? (forwards.value as { forwards: { state: ForwardStateName }[] }).forwards.map((f) => f.state)
      : [];
    this.forwards = states.length;
    const view = trayView({
      clusters: this.clusters,
      forwards: forwardCounts(states),
      provisioning: this.provisioning.size,
    });
    if (!this.last || this.last.state !== view.state || this.last.tooltip !== view.tooltip) {
      this.last = view;
      this.onView(view, this.clusters);
    }
    return view;
  }

  private trackProvisioning(payload: unknown) {
    const u = payload as { subscriptionId?: unknown; active?: unknown; snapshot?: { phase?: unknown } };
    if (typeof u.subscriptionId !== 'string') return;
    const terminal = u.snapshot?.phase === 'Ready' || u.snapshot?.phase === 'Failed';
    if (u.active === true && !terminal) this.provisioning.add(u.subscriptionId);
    else this.provisioning.delete(u.subscriptionId);
  }
}
