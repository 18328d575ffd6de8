import type { ForwardProblem, ForwardState, ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import type { HealthState } from '../../../shared/domain/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { portForwardArgs } from './kubectlArgs';
import { startTunnel, type KubectlCommand, type Tunnel } from './kubectlTunnel';
import { LocalProxy } from './localProxy';
import { isPodServing, podMeta, type LabelMatcher } from './podPicking';
import { probeThrough } from './probe';
import { resolveTarget } from './resolveTarget';
import { restartDecision, STABLE_TUNNEL_MS } from './restartPolicy';
import { background } from '../app/background';

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
 * to one pod that Tether picked. It re-targets when that pod goes away, restarts kubectl with
 * the spec's backoff when it dies, waits (no restart storm) while the cluster is Unhealthy, and
 * probes through the tunnel. All work is serialized through `reconcile()`.
 */
export class Forward {
  spec: ForwardSpec;
  private readonly d: ForwardDeps;
  private readonly now: () => number;
  private state: ForwardState = 'Stopped';
  private reason: string | null = null;
  private problem: ForwardProblem | null = null;
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
  private failures = 0;
  private restarts = 0;
  private probeFailures = 0;
  private lastProbeAt: number | null = null;
  private reconciling = false;
  private reconcileAgain = false;
  private readonly retiring = new Set<Tunnel>();
  /** Consecutive kubectl exits caused by the app refusing (they grow the delay, never give up). */
  private appExits = 0;
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
    if (this.running && this.state !== 'Failed') {
      this.kick();
      if (this.tunnel && !this.tunnel.exited) await this.probeOnce();
    }
    return this.status();
  }

  /** The status the contract carries. */
  status(): ForwardStatus {
    return {
      spec: this.spec,
      state: this.state,
      reason: this.reason,
      problem: this.problem,
      since: this.since,
      localPort: this.localPort,
      pod: this.tunnel?.pod ?? null,
      restarts: this.restarts,
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
    this.failures = 0;
    this.restarts = 0;
    this.probeFailures = 0;
    this.appExits = 0;
    this.finalTraffic = undefined;
    this.lastActivityAt = this.now();
    this.d.clusters.acquire(this.spec.context, this.holder);
    this.unsubscribePods = this.d.clusters.onPodsChanged(this.spec.context, () => this.onPodsChanged());
    this.setState('Starting', null, null);
    this.kick();
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
    this.setState('Stopped', why === 'stopped' ? null : why, null);
  }

  private newProxy(host: string, port: number): LocalProxy {
    return new LocalProxy({
      host,
      port,
      ...(this.d.holdMs !== undefined ? { holdMs: this.d.holdMs } : {}),
      onConnection: () => (this.lastActivityAt = this.now()),
      onUpstreamFailure: (p) => {
        // kubectl's port refused: it is gone or going. Its exit handler restarts it; if it
        // still runs (hung), end it so that happens.
        if (this.tunnel && this.tunnel.port === p)
          background(this.tunnel.stop(200), this.d.log, 'stopping kubectl');
      },
    });
  }

  private setState(state: ForwardState, reason: string | null, problem: ForwardProblem | null) {
    if (this.state === state && this.reason === reason && this.problem === problem) return;
    if (this.state !== state) {
      this.since = this.now();
      this.d.log.info('forward state', { id: this.spec.id, from: this.state, to: state, reason });
    }
    this.state = state;
    this.reason = reason;
    this.problem = problem;
    this.d.onChange();
  }

  /** Runs reconcile now, or once more after the running one. */
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
        this.retryLater(5_000);
      } finally {
        this.reconciling = false;
      }
    })();
  }

  private retryLater(ms: number) {
    clearTimeout(this.retryTimer);
    if (!this.running) return;
    this.retryTimer = setTimeout(() => this.kick(), ms);
    this.retryTimer.unref();
  }

  private fail(why: string) {
    this.proxy?.setUpstream(undefined);
    this.proxy?.dropHeld();
    this.setState('Failed', why, this.problem);
  }

  /** One step towards "a live tunnel to a serving pod": decide, act, or schedule the next look. */
  private async reconcile(gen: number): Promise<void> {
    if (!this.running || gen !== this.generation || this.state === 'Failed') return;
    const { context } = this.spec;
    const clusterState = this.d.clusters.clusterState(context);
    if (clusterState === 'Unhealthy') {
      // No restart storm into a dead cluster: keep what runs, start nothing, look again soon.
      if (!this.tunnel) {
        this.proxy?.setUpstream(undefined);
        this.setState('Reconnecting', `waiting for cluster ${context}`, 'cluster-down');
      }
      this.retryLater(this.d.clusterPollMs ?? 1_000);
      return;
    }
    let client: ApiClient;
    try {
      client = this.d.clusters.apiClient(context);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      return;
    }
    const r = await resolveTarget(client, this.spec, this.tunnel?.pod);
    if (!this.running || gen !== this.generation) return;
    if (!r.ok) {
      if (this.tunnel && r.problem === 'cluster-down') {
        // A slow API must not kill a tunnel that carries traffic.
        this.retryLater(this.d.clusterPollMs ?? 1_000);
        return;
      }
      this.retire();
      this.setState(
        'Reconnecting',
        r.problem === 'cluster-down' ? `waiting for cluster: ${r.message}` : r.message,
        r.problem,
      );
      // Pod changes kick us at once; this is the fallback when the informer is off.
      this.retryLater(r.problem === 'cluster-down' ? (this.d.clusterPollMs ?? 1_000) : 5_000);
      return;
    }
    this.matches = r.matches;
    if (
      this.tunnel &&
      !this.tunnel.exited &&
      this.tunnel.pod === r.pod &&
      this.tunnel.remotePort === r.port
    ) {
      if (this.state !== 'Active' || this.problem === 'cluster-down' || this.problem === 'no-ready-pod') {
        this.setState('Active', null, null);
      }
      return;
    }
    const switching = this.tunnel !== undefined;
    // The old pod is going away: new clients wait for the new tunnel instead of reaching it.
    this.proxy?.setUpstream(undefined);
    if (this.state !== 'Starting') {
      this.setState(
        'Reconnecting',
        switching ? `switching to pod ${r.pod}` : `connecting to pod ${r.pod}`,
        this.problem,
      );
    }
    const launcher = this.d.kubectl();
    // Filled once kubectl is up; its exit handler needs it.
    const ref: { tunnel?: TrackedTunnel } = {};
    let started: Tunnel;
    try {
      started = await startTunnel({
        kubectl: launcher,
        args: portForwardArgs({
          ...(launcher.kubeconfig ? { kubeconfig: launcher.kubeconfig } : {}),
          context,
          namespace: this.spec.namespace,
          pod: r.pod,
          remotePort: r.port,
        }),
        log: this.d.log,
        onExit: (message) => {
          if (ref.tunnel) this.onTunnelExit(ref.tunnel, message);
        },
        onTrouble: (kind, line) => {
          this.d.log.debug('kubectl', { id: this.spec.id, kind, line });
          if (kind === 'forward-error' && ref.tunnel) ref.tunnel.forwardError = line;
        },
      });
    } catch (err) {
      if (!this.running || gen !== this.generation) return;
      this.onTunnelFailure(`kubectl: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!this.running || gen !== this.generation) {
      await started.stop(500);
      return;
    }
    this.retire();
    const tunnel = Object.assign(started, { pod: r.pod, remotePort: r.port, startedAt: this.now() });
    ref.tunnel = tunnel;
    this.tunnel = tunnel;
    if (switching) this.restarts++;
    this.proxy?.setUpstream(tunnel.port);
    // A known dead app stays reported until a probe gets through.
    if (this.problem === 'app-not-answering') this.setState('Active', this.reason, 'app-not-answering');
    else this.setState('Active', null, null);
    this.scheduleProbe(0);
  }

  /** Ends the current tunnel in the background (its clients were for a pod that is going). */
  private retire() {
    const old = this.tunnel;
    if (!old) return;
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
    this.proxy?.setUpstream(undefined);
    this.restarts++;
    const lived = this.now() - tunnel.startedAt >= STABLE_TUNNEL_MS;
    if (lived) this.failures = 0;
    this.d.log.warn('kubectl port-forward exited', { id: this.spec.id, message });
    // The pod is gone or not serving: that is a re-target, not a failure.
    if (!this.currentPodServing(tunnel)) {
      this.setState('Reconnecting', `pod ${tunnel.pod} went away`, null);
      this.kick();
      return;
    }
    if (this.d.clusters.clusterState(this.spec.context) === 'Unhealthy') {
      this.kick(); // shows "waiting for cluster"; no attempt counted
      return;
    }
    if (tunnel.forwardError !== undefined) {
      // kubectl quits when the pod's port refuses a connection: the app is down, not the
      // tunnel. Bring kubectl back (slower each time) but never give up on the app's account.
      this.appExits++;
      const delay = restartDecision(
        { ...this.spec.restart, enabled: true, maxAttempts: 100 },
        Math.min(this.appExits, 100),
      );
      this.setState(
        'Reconnecting',
        `the app in pod ${tunnel.pod} refused the connection`,
        'app-not-answering',
      );
      this.retryLater(delay.restart ? delay.delayMs : this.spec.restart.maxDelayMs);
      return;
    }
    this.onTunnelFailure(`kubectl exited: ${message}`);
  }

  private onTunnelFailure(why: string) {
    this.failures++;
    const decision = restartDecision(this.spec.restart, this.failures);
    if (!decision.restart) {
      this.problem = 'tunnel-dead';
      this.fail(`${why} (${decision.why})`);
      return;
    }
    this.setState('Reconnecting', why, 'tunnel-dead');
    this.retryLater(decision.delayMs);
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
      if (this.state === 'Failed') return;
      if (this.tunnel) {
        if (!this.currentPodServing(this.tunnel)) this.kick();
        return;
      }
      if (this.problem === 'no-ready-pod' && this.anyMatchingPodServing()) this.kick();
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
    const result = await probeThrough(tunnel.port, probe, this.d.env ?? {});
    if (!this.running || gen !== this.generation) return;
    this.lastProbeAt = this.now();
    if (result.ok) {
      this.probeFailures = 0;
      this.appExits = 0;
      if (this.state === 'Active' && this.problem !== null) this.setState('Active', null, null);
      else this.d.onChange();
    } else if (++this.probeFailures >= probe.failureThreshold && this.tunnel === tunnel) {
      if (this.d.clusters.clusterState(this.spec.context) === 'Unhealthy') {
        this.setState(this.state, `waiting for cluster ${this.spec.context}`, 'cluster-down');
      } else if (result.problem === 'tunnel-dead') {
        this.setState('Reconnecting', result.message, 'tunnel-dead');
        background(tunnel.stop(200), this.d.log, 'stopping kubectl'); // its exit restarts it
      } else {
        // The tunnel is fine; restarting it would not help. Say what is wrong and keep probing.
        this.setState('Active', result.message, 'app-not-answering');
      }
    }
    this.scheduleProbe(probe.intervalMs);
  }
}
