import type { ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { maskSpec } from '../../../shared/logic/forwards/headerMask';
import type { HealthState } from '../../../shared/domain/health';
import { redactSecrets } from '../../../shared/logic/text/redact';
import { background } from '../app/background';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import {
  initialRules,
  retryAttempt,
  transition,
  WAIT_MS,
  WATCH_MS,
  type ForwardEvent,
  type RulesConfig,
  type RulesState,
} from './forwardRules';
import { portForwardArgs } from './kubectlArgs';
import { startTunnel, TunnelStartError, type KubectlCommand, type Tunnel } from './kubectlTunnel';
import { LocalProxy } from './localProxy';
import { isPodServing, podLeaving, podMeta, type LabelMatcher } from './podPicking';
import { probeThrough } from './probe';
import { resolveTarget } from './resolveTarget';
import type { ForwardEngine } from './forwardEngine';
import { startNativeTunnel, type NativeRuntime } from './tunnel/nativeTunnel';

/** What a forward needs from the cluster side (the ClusterHealthManager, or a fake in tests). */
export interface ForwardClusters {
  acquire(context: string, holder: string): void;
  release(context: string, holder: string): void;
  clusterState(context: string): HealthState;
  /** Throws when the context cannot be used (unknown, kubeconfig unreadable). */
  apiClient(context: string): ApiClient;
  onPodsChanged(context: string, listener: () => void): () => void;
  /** The pod informer's current pods (empty when it is off or not synced). */
  rawPods(context: string): Iterable<unknown>;
}

/** How kubectl is run for a forward: path, environment, and the one kubeconfig file if there is one. */
export type KubectlLauncher = () => KubectlCommand & { kubeconfig?: string | undefined };

/** Everything a Forward is given by its supervisor. */
export interface ForwardDeps {
  clusters: ForwardClusters;
  kubectl: KubectlLauncher;
  /** Which engine carries forwards that do not choose for themselves (default kubectl). */
  engine?: () => ForwardEngine;
  /** Sessions and protocol memory shared by the engine's native tunnels. */
  native?: NativeRuntime;
  log: Logger;
  /** Called on every state or problem change. */
  onChange(): void;
  now?: () => number;
  /** While the cluster is Unhealthy, how often to look again (default 1 s). */
  clusterPollMs?: number;
  /** How long a client is held while the tunnel is re-established (default 30 s). */
  holdMs?: number;
  /** Where approved probe-header variables are looked up at probe time (default: none). */
  env?: Readonly<Record<string, string | undefined>>;
  /** While nothing serves (0 pods, 403), how often to look again (default 5 s). */
  waitMs?: number;
  /** While Failed for a missing Service or port, how often to look for it (default 10 s). */
  watchMs?: number;
}

/** A tunnel and what it was started for. */
type TrackedTunnel = Tunnel & { pod: string; remotePort: number; startedAt: number; forwardError?: string };

/** The local port could not be bound: `code` is the OS error (EADDRINUSE, EACCES…). */
export class LocalPortError extends Error {
  readonly code: string;
  readonly port: number;
  readonly host: string;
  constructor(host: string, port: number, code: string) {
    super(
      `Local port ${port} on ${host} ${code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code})`}`,
    );
    this.code = code;
    this.port = port;
    this.host = host;
  }
}

/**
 * One port-forward: a stable local listener (LocalProxy) in front of one `kubectl port-forward`
 * to one pod that Tether picked. What it does after each thing that happens is decided by the
 * pure rules in `forwardRules.ts`; this class performs their effects (looks at the cluster,
 * starts and ends kubectl, probes, holds or routes clients) and reports what came of them.
 * Looks are serialized through `kick()`.
 */
export class Forward {
  spec: ForwardSpec;
  private readonly d: ForwardDeps;
  private readonly now: () => number;
  private rules: RulesState = initialRules();
  private since: number;
  private proxy: LocalProxy | undefined;
  private localPort: number | null = null;
  private lastAutoPort: number | undefined;
  private tunnel: TrackedTunnel | undefined;
  private matches: LabelMatcher | undefined;
  private running = false;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private podsTimer: NodeJS.Timeout | undefined;
  private unsubscribePods: (() => void) | undefined;
  private lastProbeAt: number | null = null;
  private reconciling = false;
  private reconcileAgain = false;
  private readonly retiring = new Set<Tunnel>();
  private finalTraffic: ForwardStatus['traffic'] | undefined;
  /** Last time a client connected or was connected (idle auto-stop). */
  lastActivityAt: number;

  constructor(spec: ForwardSpec, deps: ForwardDeps) {
    this.spec = spec;
    this.d = deps;
    this.now = deps.now ?? Date.now;
    this.since = this.now();
    this.lastActivityAt = this.since;
  }

  private get holder(): string {
    return `forward:${this.spec.id}`;
  }

  /** True between start() and stop(). */
  get isRunning(): boolean {
    return this.running;
  }

  /** PIDs of every kubectl this forward runs (the current tunnel and any being retired). */
  childPids(): number[] {
    const pids: number[] = [];
    if (this.tunnel?.pid !== undefined && !this.tunnel.exited) pids.push(this.tunnel.pid);
    for (const t of this.retiring) if (t.pid !== undefined && !t.exited) pids.push(t.pid);
    return pids;
  }

  /** Looks again now (the watchdog, after sleep or a freeze): a reconcile round and a probe through the tunnel. */
  async verify(): Promise<ForwardStatus> {
    if (this.running && this.rules.state !== 'Failed') {
      this.kick();
      if (this.tunnel && !this.tunnel.exited) await this.probeOnce();
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
    const r = this.rules;
    return {
      // Probe header values may hold secrets: clients see them masked, the probe uses this.spec.
      spec: maskSpec(this.spec),
      state: r.state,
      // kubectl's stderr and probe errors end up here: no credential leaves the engine in one.
      reason: r.reason === null ? null : redactSecrets(r.reason),
      problem: r.problem,
      since: this.since,
      localPort: this.localPort,
      pod: this.tunnel?.pod ?? null,
      protocol: this.tunnel?.dialer.protocol ?? null,
      restarts: r.restarts,
      attempt: retryAttempt(r, this.spec.restart)?.attempt ?? 0,
      nextRetryAt: r.nextRetryAt,
      lastProbeAt: this.lastProbeAt,
      traffic: this.proxy?.traffic() ??
        this.finalTraffic ?? {
          bytesIn: 0,
          bytesOut: 0,
          openConnections: 0,
          totalConnections: 0,
          heldConnections: 0,
        },
    };
  }

  /**
   * Binds the local port (a taken port rejects with LocalPortError, no retry), then brings the
   * tunnel up in the background: the returned promise does not wait for Active.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const host = this.spec.bindAddress;
    const wanted = this.spec.localPort === 'auto' ? (this.lastAutoPort ?? 0) : this.spec.localPort;
    let proxy = this.newProxy(host, wanted);
    try {
      this.localPort = await proxy.listen();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (this.spec.localPort === 'auto' && wanted !== 0) {
        // The port used last time is taken now: any free one will do.
        proxy = this.newProxy(host, 0);
        this.localPort = await proxy.listen();
      } else {
        throw new LocalPortError(host, wanted, code);
      }
    }
    if (this.spec.localPort === 'auto') this.lastAutoPort = this.localPort;
    this.proxy = proxy;
    this.running = true;
    this.generation++;
    this.finalTraffic = undefined;
    this.lastActivityAt = this.now();
    this.d.clusters.acquire(this.spec.context, this.holder);
    this.unsubscribePods = this.d.clusters.onPodsChanged(this.spec.context, () => this.onPodsChanged());
    this.dispatch({ type: 'start' });
  }

  /** Closes the listener and every client, ends kubectl (SIGTERM, SIGKILL after 1 s) and waits for it. */
  async stop(why = 'stopped'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.probeTimer);
    clearTimeout(this.podsTimer);
    this.unsubscribePods?.();
    this.unsubscribePods = undefined;
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    const proxy = this.proxy;
    this.proxy = undefined;
    // Totals stay visible after a stop; nothing is open or held any more.
    if (proxy) this.finalTraffic = { ...proxy.traffic(), openConnections: 0, heldConnections: 0 };
    await Promise.all([proxy?.close(), tunnel?.stop(1_000), ...[...this.retiring].map((t) => t.stop(1_000))]);
    this.retiring.clear();
    this.d.clusters.release(this.spec.context, this.holder);
    this.localPort = null;
    this.dispatch({ type: 'stop', why: why === 'stopped' ? null : why });
  }

  private newProxy(host: string, port: number): LocalProxy {
    return new LocalProxy({
      host,
      port,
      ...(this.d.holdMs !== undefined ? { holdMs: this.d.holdMs } : {}),
      onConnection: () => (this.lastActivityAt = this.now()),
      onUpstreamFailure: (dialer) => {
        // kubectl's port refused: it is gone or going. Its exit handler restarts it; if it
        // still runs (hung), end it so that happens. A native tunnel ends itself when a
        // refusal means it can serve nobody (tunnel/nativeTunnel.ts).
        if (this.tunnel && this.tunnel.dialer === dialer && dialer.protocol === 'kubectl')
          background(this.tunnel.stop(200), this.d.log, 'stopping kubectl');
      },
    });
  }

  private rulesConfig(): RulesConfig {
    return {
      context: this.spec.context,
      restart: this.spec.restart,
      clusterPollMs: this.d.clusterPollMs ?? 1_000,
      waitMs: this.d.waitMs ?? WAIT_MS,
      watchMs: this.d.watchMs ?? WATCH_MS,
    };
  }

  /**
   * Feeds one event to the rules, performs the effects that need no waiting, and returns the
   * tunnels to start (the caller awaits them inside its look). Announces any visible change.
   */
  private dispatch(event: ForwardEvent): { starts: { pod: string; port: number }[]; changed: boolean } {
    const before = this.rules;
    const { state: after, effects } = transition(before, event, this.now(), this.rulesConfig());
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
      switch (e.type) {
        case 'look':
          this.kick();
          break;
        case 'look-at':
          this.lookAt(e.at);
          break;
        case 'hold-clients':
          this.proxy?.setUpstream(undefined);
          break;
        case 'drop-held':
          this.proxy?.dropHeld();
          break;
        case 'use-tunnel':
          if (this.tunnel) this.proxy?.setUpstream(this.tunnel.dialer);
          break;
        case 'start-tunnel':
          starts.push({ pod: e.pod, port: e.port });
          break;
        case 'retire-tunnel':
          this.retire();
          break;
        case 'kill-tunnel':
          if (this.tunnel) background(this.tunnel.stop(200), this.d.log, 'stopping kubectl'); // its exit brings the next one
          break;
        case 'probe':
          this.scheduleProbe(e.inMs);
          break;
      }
    }
    const changed =
      after.state !== before.state ||
      after.reason !== before.reason ||
      after.problem !== before.problem ||
      after.nextRetryAt !== before.nextRetryAt ||
      after.restarts !== before.restarts;
    if (changed) this.d.onChange();
    return { starts, changed };
  }

  /** Runs a look now, or once more after the running one. */
  private kick() {
    clearTimeout(this.retryTimer);
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    void (async () => {
      try {
        do {
          this.reconcileAgain = false;
          await this.reconcile(this.generation);
        } while (this.reconcileAgain && this.running);
      } catch (err) {
        this.d.log.error('forward reconcile failed', { id: this.spec.id, error: String(err) });
        this.dispatch({ type: 'look-crashed' });
      } finally {
        this.reconciling = false;
      }
    })();
  }

  private lookAt(at: number) {
    clearTimeout(this.retryTimer);
    if (!this.running) return;
    this.retryTimer = setTimeout(() => this.dispatch({ type: 'retry-due' }), Math.max(0, at - this.now()));
    this.retryTimer.unref();
  }

  /** One look: what the cluster says about the target now, fed to the rules; then the tunnels they ask for. */
  private async reconcile(gen: number): Promise<void> {
    if (!this.running || gen !== this.generation) return;
    if (this.rules.state === 'Failed' && this.rules.problem !== 'target-missing') return;
    const event = await this.look();
    if (!this.running || gen !== this.generation) return;
    for (const t of this.dispatch(event).starts) await this.startTunnelTo(t.pod, t.port, gen);
  }

  private async look(): Promise<ForwardEvent> {
    const { context } = this.spec;
    // No restart storm into a dead cluster: the rules keep what runs and start nothing.
    if (this.d.clusters.clusterState(context) === 'Unhealthy') return { type: 'cluster-unhealthy' };
    let client: ApiClient;
    try {
      client = this.d.clusters.apiClient(context);
    } catch (err) {
      return { type: 'context-unusable', message: err instanceof Error ? err.message : String(err) };
    }
    const r = await resolveTarget(client, this.spec, this.tunnel?.pod);
    if (!r.ok) return { type: 'unresolved', why: r.problem, message: r.message };
    this.matches = r.matches;
    return {
      type: 'resolved',
      pod: r.pod,
      port: r.port,
      tunnelAlive: this.tunnel !== undefined && !this.tunnel.exited,
    };
  }

  private async startTunnelTo(pod: string, port: number, gen: number): Promise<void> {
    // Filled once the tunnel is up; its exit handler needs it.
    const ref: { tunnel?: TrackedTunnel } = {};
    const onExit = (message: string) => {
      if (ref.tunnel) this.onTunnelExit(ref.tunnel, message);
    };
    let started: Tunnel;
    try {
      started =
        this.engine() === 'native' && this.d.native
          ? await this.startNative(this.d.native, pod, port, ref, onExit)
          : await this.startKubectl(pod, port, ref, onExit);
    } catch (err) {
      if (!this.running || gen !== this.generation) return;
      this.dispatch({
        type: 'tunnel-start-failed',
        message: err instanceof Error ? err.message : String(err),
        native: this.engine() === 'native' && this.d.native !== undefined,
        forbidden: err instanceof TunnelStartError && err.forbidden,
      });
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
    this.tunnel = tunnel;
    this.dispatch({ type: 'tunnel-up', pod, port });
  }

  /** What carries this forward: its own choice, else the engine's. */
  private engine(): ForwardEngine {
    return this.spec.forwardEngine ?? this.d.engine?.() ?? 'kubectl';
  }

  /**
   * The engine's own tunnel; when every native protocol was refused as a protocol (a proxy or
   * server that speaks none of them), kubectl as the last resort, if it can be found.
   */
  private async startNative(
    native: NativeRuntime,
    pod: string,
    port: number,
    ref: { tunnel?: TrackedTunnel },
    onExit: (message: string) => void,
  ): Promise<Tunnel> {
    try {
      return await startNativeTunnel({
        client: this.d.clusters.apiClient(this.spec.context),
        cluster: this.spec.context,
        namespace: this.spec.namespace,
        pod,
        port,
        native,
        log: this.d.log,
        onExit,
        onTrouble: (line) => {
          this.d.log.debug('tunnel', { id: this.spec.id, line });
          if (ref.tunnel) ref.tunnel.forwardError = line;
        },
      });
    } catch (err) {
      if (!(err instanceof TunnelStartError) || !err.refusedUpgrade) throw err;
      this.d.log.info('no native protocol was accepted; trying kubectl', { id: this.spec.id });
      try {
        return await this.startKubectl(pod, port, ref, onExit);
      } catch (kubectlErr) {
        const why = kubectlErr instanceof Error ? kubectlErr.message : String(kubectlErr);
        throw new TunnelStartError(`${err.message}; kubectl: ${why}`);
      }
    }
  }

  private startKubectl(
    pod: string,
    port: number,
    ref: { tunnel?: TrackedTunnel },
    onExit: (message: string) => void,
  ): Promise<Tunnel> {
    const launcher = this.d.kubectl();
    return startTunnel({
      kubectl: launcher,
      args: portForwardArgs({
        ...(launcher.kubeconfig ? { kubeconfig: launcher.kubeconfig } : {}),
        context: this.spec.context,
        namespace: this.spec.namespace,
        pod,
        remotePort: port,
      }),
      log: this.d.log,
      onExit,
      onTrouble: (kind, line) => {
        this.d.log.debug('kubectl', { id: this.spec.id, kind, line });
        if (kind === 'forward-error' && ref.tunnel) ref.tunnel.forwardError = line;
      },
    });
  }

  /** Ends the current tunnel in the background (its clients were for a pod that is going). */
  private retire() {
    const old = this.tunnel;
    if (!old) return;
    // Its open connections end here (a deleted pod's tunnel may stay open on the server side):
    // the log says which pod and why.
    const leaving = podLeaving(this.d.clusters.rawPods(this.spec.context), this.spec.namespace, old.pod);
    if (leaving)
      this.d.log.warn('ending the connections to a pod that went away', {
        id: this.spec.id,
        pod: old.pod,
        why: leaving,
      });
    this.tunnel = undefined;
    this.proxy?.setUpstream(undefined);
    this.retiring.add(old);
    background(
      old.stop(1_000).finally(() => this.retiring.delete(old)),
      this.d.log,
      'stopping the old kubectl',
    );
  }

  private onTunnelExit(tunnel: TrackedTunnel, message: string) {
    if (this.tunnel !== tunnel || !this.running) return;
    this.tunnel = undefined;
    const native = tunnel.dialer.protocol !== 'kubectl';
    this.d.log.warn(native ? 'native tunnel closed' : 'kubectl port-forward exited', {
      id: this.spec.id,
      pod: tunnel.pod,
      message,
    });
    this.dispatch({
      type: 'tunnel-exited',
      message,
      podServing: this.currentPodServing(tunnel),
      clusterUnhealthy: this.d.clusters.clusterState(this.spec.context) === 'Unhealthy',
      appRefused: tunnel.forwardError !== undefined,
      native,
    });
  }

  private currentPodServing(tunnel: { pod: string }): boolean {
    let sawAny = false;
    for (const pod of this.d.clusters.rawPods(this.spec.context)) {
      sawAny = true;
      const m = podMeta(pod);
      if (m.namespace === this.spec.namespace && m.name === tunnel.pod) return isPodServing(pod);
    }
    // No informer view (off or not synced): assume the pod is there and let the API decide.
    return !sawAny;
  }

  private onPodsChanged() {
    if (!this.running || this.podsTimer) return;
    // Coalesce a burst of pod events (a rollout sends dozens) into one look.
    this.podsTimer = setTimeout(() => {
      this.podsTimer = undefined;
      if (!this.running) return;
      if (this.rules.state === 'Failed') return;
      if (this.tunnel) {
        if (!this.currentPodServing(this.tunnel)) this.kick();
        return;
      }
      if (this.rules.problem === 'no-ready-pod' && this.anyMatchingPodServing()) this.kick();
    }, 20);
  }

  private anyMatchingPodServing(): boolean {
    const t = this.spec.target;
    for (const pod of this.d.clusters.rawPods(this.spec.context)) {
      const m = podMeta(pod);
      if (m.namespace !== this.spec.namespace || !isPodServing(pod)) continue;
      if (t.kind === 'pod' ? m.name === t.name : this.matches ? this.matches(m.labels) : true) return true;
    }
    return false;
  }

  private scheduleProbe(ms: number) {
    clearTimeout(this.probeTimer);
    const probe = this.spec.probe;
    if (!this.running || probe.type === 'none') return;
    this.probeTimer = setTimeout(
      () =>
        background(this.probeOnce(), this.d.log, `forward probe ${this.spec.id}`, () => {
          if (this.spec.probe.type !== 'none') this.scheduleProbe(this.spec.probe.intervalMs);
        }),
      ms,
    );
    this.probeTimer.unref();
  }

  private async probeOnce() {
    const probe = this.spec.probe;
    const tunnel = this.tunnel;
    const gen = this.generation;
    if (probe.type === 'none' || !this.running) return;
    if (!tunnel || tunnel.exited) {
      this.scheduleProbe(probe.intervalMs);
      return;
    }
    const result = await probeThrough(tunnel.dialer, probe, this.d.env ?? {});
    if (!this.running || gen !== this.generation) return;
    this.lastProbeAt = this.now();
    let changed = false;
    if (result.ok) changed = this.dispatch({ type: 'probe-ok' }).changed;
    else if (this.tunnel === tunnel) {
      changed = this.dispatch({
        type: 'probe-failed',
        problem: result.problem,
        message: result.message,
        clusterUnhealthy: this.d.clusters.clusterState(this.spec.context) === 'Unhealthy',
        threshold: probe.failureThreshold,
      }).changed;
    }
    // lastProbeAt moved even when nothing else did.
    if (!changed) this.d.onChange();
    this.scheduleProbe(probe.intervalMs);
  }
}
