// What a Forward is given by its supervisor: the cluster side, kubectl, the native runtime,
// its clock and its intervals.
import type { ForwardSpec } from '../../../shared/domain/forward';
import type { HealthState } from '../../../shared/domain/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import type { ForwardEngine } from './forwardEngine';
import type { KubectlCommand } from './kubectlTunnel';
import { WAIT_MS, WATCH_MS, type RulesConfig } from './rules/rulesState';
import type { NativeRuntime } from './tunnel/nativeTunnel';

/** What a forward needs from the cluster side (the ClusterHealthManager, or a fake in tests). */
export interface ForwardClusters {
  acquire(context: string, holder: string): void;
  release(context: string, holder: string): void;
  clusterState(context: string): HealthState;
  /** Throws when the context cannot be used (unknown, kubeconfig unreadable). */
  apiClient(context: string): ApiClient;
  onPodsChanged(context: string, listener: () => void): () => void;
  /**
   * The pod informer's current pods in `namespace`; null when no synced pods informer covers it
   * (off, not synced yet, or watching other namespaces): then nothing is known, which is not
   * the same as no pods.
   */
  podsIn(context: string, namespace: string): Iterable<unknown> | null;
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

/** What the rules read for `spec`, with the engine's intervals (or their defaults). */
export function rulesConfig(spec: Pick<ForwardSpec, 'context' | 'restart'>, d: ForwardDeps): RulesConfig {
  return {
    context: spec.context,
    restart: spec.restart,
    clusterPollMs: d.clusterPollMs ?? 1_000,
    waitMs: d.waitMs ?? WAIT_MS,
    watchMs: d.watchMs ?? WATCH_MS,
  };
}
