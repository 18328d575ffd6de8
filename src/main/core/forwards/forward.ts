import type { ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { rulesConfig, type ForwardDeps } from './forwardDeps';
import { lookAtTarget } from './forwardLook';
import { LastConnectionError } from './connectionErrors';
import { forwardStatus } from './forwardStatus';
import type { Tunnel } from './kubectlTunnel';
import { LookLoop } from './lookLoop';
import { LocalBinding } from './localBinding';
import { podLeaving, type LabelMatcher } from './podPicking';
import { podsChanged, podStillServing } from './podView';
import type { ProbeResult } from './probe';
import { ProbeLoop } from './probeLoop';
import { transition } from './rules/forwardRules';
import type { ForwardEffect, ForwardEvent } from './rules/rulesEvents';
import { gaveUp, initialRules, visibleChange, type RulesState } from './rules/rulesState';
import { launchTunnel, startFailed } from './tunnelLaunch';
import { TunnelSlot, type TrackedTunnel } from './tunnelSlot';

/** How long a stop waits for launches under way (kubectl prints its port well within this). */
const LAUNCH_SETTLE_MS = 1_000;

/** Waits until every promise settled or `ms` passed, whichever comes first. */
async function settledWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(promises), timeout]);
  clearTimeout(timer);
}

/**
 * One port-forward: a stable local listener (LocalProxy) in front of one tunnel to one pod that
 * Tether picked. What it does after each thing that happens is decided by the pure rules
 * (`rules/forwardRules.ts`); this class is their imperative shell: it feeds them events (what a
 * look, a tunnel, a probe or the pod informer reported) and performs the effects they return
 * (look, start or end a tunnel, probe, hold or route clients). Looks run one at a time (LookLoop).
 *
 * Kept whole (over 300 lines): every effect the rules return acts on this one forward's
 * listener, tunnel, looks and probes, and is performed here; the parts with a job of their own
 * already live beside it (LocalBinding, TunnelSlot, LookLoop, ProbeLoop, LastConnectionError).
 */
export class Forward {
  spec: ForwardSpec;
  private readonly d: ForwardDeps;
  private readonly now: () => number;
  private rules: RulesState = initialRules();
  private since: number;
  private readonly listener: LocalBinding;
  private localPort: number | null = null;
  private readonly tunnels: TunnelSlot;
  private readonly looks: LookLoop;
  private matches: LabelMatcher | undefined;
  private running = false;
  private generation = 0;
  private readonly probes: ProbeLoop<TrackedTunnel>;
  private podsTimer: NodeJS.Timeout | undefined;
  private unsubscribePods: (() => void) | undefined;
  private lastProbeAt: number | null = null;
  private readonly lastConnectionError = new LastConnectionError();
  /** Tunnel launches under way: one that ends after a stop must still end its tunnel first. */
  private readonly launching = new Set<Promise<void>>();
  /** Last time a client connected or was connected (idle auto-stop). */
  lastActivityAt: number;

  constructor(spec: ForwardSpec, deps: ForwardDeps) {
    this.spec = spec;
    this.d = deps;
    this.now = deps.now ?? Date.now;
    this.since = this.now();
    this.lastActivityAt = this.since;
    this.tunnels = new TunnelSlot(deps.log, spec.id);
    this.listener = new LocalBinding({
      holdMs: deps.holdMs,
      onConnection: () => (this.lastActivityAt = this.now()),
      onUpstreamFailure: (dialer) => {
        // kubectl's port refused: it is gone or going. Its exit handler restarts it; if it
        // still runs (hung), end it so that happens. A native tunnel ends itself when a
        // refusal means it can serve nobody (tunnel/nativeTunnel.ts).
        if (this.tunnel?.dialer === dialer && dialer.protocol === 'kubectl') this.tunnels.kill();
      },
    });
    this.looks = new LookLoop({
      look: () => this.reconcile(this.generation),
      due: () => this.dispatch({ type: 'retry-due' }),
      crashed: (err) => {
        this.d.log.error('forward reconcile failed', { id: this.spec.id, error: String(err) });
        this.dispatch({ type: 'look-crashed' });
      },
      active: () => this.running,
      now: this.now,
    });
    this.probes = new ProbeLoop({
      probe: () => this.spec.probe,
      tunnel: () => this.tunnel,
      epoch: () => (this.running ? this.generation : undefined),
      env: deps.env ?? {},
      log: deps.log,
      what: `forward probe ${spec.id}`,
      report: (result, tunnel, threshold) => this.onProbe(result, tunnel, threshold),
    });
  }

  private get tunnel(): TrackedTunnel | undefined {
    return this.tunnels.current;
  }

  private get holder(): string {
    return `forward:${this.spec.id}`;
  }

  /** True between start() and stop(). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Looks again now (the watchdog, after sleep or a freeze): a reconcile round and a probe through the tunnel. */
  async verify(): Promise<ForwardStatus> {
    if (this.running && this.rules.state !== 'Failed') {
      this.looks.kick();
      if (this.tunnel && !this.tunnel.exited) await this.probes.once();
    }
    return this.status();
  }

  /** Tries again at once (the user's "Retry now"); after giving up, starts a fresh round of attempts. */
  retryNow(): ForwardStatus {
    if (this.running) this.dispatch({ type: 'retry-now' });
    return this.status();
  }

  /** The status the contract carries. */
  status(): ForwardStatus {
    return forwardStatus(this.spec, this.rules, {
      since: this.since,
      localPort: this.localPort,
      tunnel: this.tunnel,
      lastProbeAt: this.lastProbeAt,
      traffic: this.listener.traffic(),
      lastConnectionError: this.lastConnectionError.value,
    });
  }

  /**
   * Binds the local port (a taken port rejects with LocalPortError, no retry), then brings the
   * tunnel up in the background: the returned promise does not wait for Active.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.localPort = await this.listener.open(this.spec);
    this.running = true;
    this.lastConnectionError.clear();
    this.generation++;
    this.lastActivityAt = this.now();
    this.d.clusters.acquire(this.spec.context, this.holder);
    this.unsubscribePods = this.d.clusters.onPodsChanged(this.spec.context, () => this.onPodsChanged());
    this.dispatch({ type: 'start' });
  }

  /** Closes the listener and every client, ends the tunnel (kubectl: SIGTERM, SIGKILL after 1 s) and waits for it. */
  async stop(why = 'stopped'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.looks.cancel();
    this.probes.cancel();
    clearTimeout(this.podsTimer);
    this.unsubscribePods?.();
    this.unsubscribePods = undefined;
    await Promise.all([this.listener.close(), this.tunnels.stopAll()]);
    // A launch still under way stops the tunnel it brings up (its generation is gone): wait for
    // that, within what a stop may take, so no kubectl started for this forward outlives it.
    await settledWithin([...this.launching], LAUNCH_SETTLE_MS);
    this.d.clusters.release(this.spec.context, this.holder);
    this.localPort = null;
    this.dispatch({ type: 'stop', why: why === 'stopped' ? null : why });
  }

  /**
   * Feeds one event to the rules, performs the effects that need no waiting, and returns the
   * tunnels to start (the caller awaits them inside its look). Announces any visible change.
   */
  private dispatch(event: ForwardEvent): { starts: { pod: string; port: number }[]; changed: boolean } {
    const before = this.rules;
    const { state: after, effects } = transition(before, event, this.now(), rulesConfig(this.spec, this.d));
    this.rules = after;
    if (after.state !== before.state) {
      this.since = this.now();
      this.d.log.info('forward state', {
        id: this.spec.id,
        from: before.state,
        to: after.state,
        reason: after.reason,
      });
    }
    const starts: { pod: string; port: number }[] = [];
    for (const e of effects) {
      if (e.type === 'start-tunnel') starts.push({ pod: e.pod, port: e.port });
      else this.perform(e);
    }
    const changed = visibleChange(before, after);
    if (changed) this.d.onChange();
    return { starts, changed };
  }

  /** Performs one effect that needs no waiting. */
  private perform(e: Exclude<ForwardEffect, { type: 'start-tunnel' }>): void {
    switch (e.type) {
      case 'look':
        return this.looks.kick();
      case 'look-at':
        return this.looks.planAt(e.at);
      case 'hold-clients':
        return this.listener.route(undefined);
      case 'drop-held':
        return this.listener.dropHeld();
      case 'use-tunnel':
        if (this.tunnel) this.listener.route(this.tunnel.dialer);
        return;
      case 'retire-tunnel':
        return this.retire();
      case 'kill-tunnel':
        // Its exit brings the next one.
        return this.tunnels.kill();
      case 'probe':
        return this.probes.schedule(e.inMs);
    }
  }

  /** One look: what the cluster says about the target now, fed to the rules; then the tunnels they ask for. */
  private async reconcile(gen: number): Promise<void> {
    if (!this.running || gen !== this.generation || gaveUp(this.rules)) return;
    const look = await lookAtTarget(this.d.clusters, this.spec, this.tunnel);
    if (!this.running || gen !== this.generation) return;
    if (look.matches) this.matches = look.matches;
    for (const t of this.dispatch(look.event).starts) {
      const launch = this.startTunnelTo(t.pod, t.port, gen);
      this.launching.add(launch);
      await launch.finally(() => this.launching.delete(launch));
    }
  }

  private async startTunnelTo(pod: string, port: number, gen: number): Promise<void> {
    // Filled once the tunnel is up; its exit handler needs it.
    const ref: { tunnel?: TrackedTunnel } = {};
    let started: Tunnel;
    try {
      started = await launchTunnel(this.d, {
        spec: this.spec,
        pod,
        port,
        onExit: (message) => {
          if (ref.tunnel) this.onTunnelExit(ref.tunnel, message);
        },
        onForwardError: (line) => {
          if (ref.tunnel) ref.tunnel.forwardError = line;
          // That connection alone ended: the status keeps its text (see LastConnectionError).
          if (this.running && this.lastConnectionError.note(line, this.now())) this.d.onChange();
        },
      });
    } catch (err) {
      if (!this.running || gen !== this.generation) return;
      this.dispatch(startFailed(this.d, this.spec, err));
      return;
    }
    if (!this.running || gen !== this.generation) {
      await started.stop(500);
      return;
    }
    // The old pod's tunnel goes only now, so its clients were served until the new one was up.
    this.retire();
    const tunnel = Object.assign(started, { pod, remotePort: port, startedAt: this.now() });
    ref.tunnel = tunnel;
    this.tunnels.adopt(tunnel);
    this.dispatch({ type: 'tunnel-up', pod, port });
  }

  /** Ends the current tunnel in the background (its clients were for a pod that is going). */
  private retire() {
    const pods = () => this.d.clusters.podsIn(this.spec.context, this.spec.namespace);
    if (this.tunnels.retire((pod) => podLeaving(pods(), this.spec.namespace, pod)))
      this.listener.route(undefined);
  }

  private onTunnelExit(tunnel: TrackedTunnel, message: string) {
    if (this.tunnel !== tunnel || !this.running) return;
    this.tunnels.clear();
    const native = tunnel.dialer.protocol !== 'kubectl';
    this.d.log.warn(native ? 'native tunnel closed' : 'kubectl port-forward exited', {
      id: this.spec.id,
      pod: tunnel.pod,
      message,
    });
    this.dispatch({
      type: 'tunnel-exited',
      message,
      podServing: this.podStillServing(tunnel.pod),
      clusterUnhealthy: this.d.clusters.clusterState(this.spec.context) === 'Unhealthy',
      appRefused: tunnel.forwardError !== undefined,
      native,
    });
  }

  private podStillServing(pod: string): boolean {
    return podStillServing(this.d.clusters.podsIn(this.spec.context, this.spec.namespace), this.spec.namespace, pod);
  }

  private onPodsChanged() {
    if (!this.running || this.podsTimer) return;
    // Coalesce a burst of pod events (a rollout sends dozens) into one look.
    this.podsTimer = setTimeout(() => {
      this.podsTimer = undefined;
      if (!this.running) return;
      const pods = this.d.clusters.podsIn(this.spec.context, this.spec.namespace);
      this.dispatch(podsChanged(pods, this.spec, this.tunnel?.pod, this.matches));
    }, 20);
  }

  /** One probe's result through `tunnel`, fed to the rules. */
  private onProbe(result: ProbeResult, tunnel: TrackedTunnel, threshold: number) {
    this.lastProbeAt = this.now();
    let changed = false;
    if (result.ok) changed = this.dispatch({ type: 'probe-ok' }).changed;
    else if (this.tunnel === tunnel) {
      changed = this.dispatch({
        type: 'probe-failed',
        problem: result.problem,
        message: result.message,
        clusterUnhealthy: this.d.clusters.clusterState(this.spec.context) === 'Unhealthy',
        threshold,
      }).changed;
    }
    // lastProbeAt moved even when nothing else did.
    if (!changed) this.d.onChange();
  }
}
