import { delimiter } from 'node:path';
import type { ForwardStatus } from '../../../shared/contract';
import type { Logger } from '../app/log';
import type { ClusterHealthManager } from '../clusters/clusterHealthManager';
import type { SettingsStorage } from '../settings/settingsStore';
import type { KubectlLauncher } from './forwardDeps';
import { defaultForwardEngine, type ForwardEngine } from './forwardEngine';
import { createNativeRuntime, forcedProtocol } from './tunnel/nativeRuntime';
import { forwardsFileStorage, type ForwardsFile } from './forwardStore';
import type { GuardedSpawn } from './kubectlTunnel';
import { ForwardSupervisor } from './forwardSupervisor';

/** What the engine hands over to build its supervisor. */
export interface SupervisorWiring {
  clusters: ClusterHealthManager;
  log: Logger;
  env: Record<string, string | undefined>;
  /** TETHER_HOME/forwards.json, used unless `storage` is given (electron-store). */
  forwardsFile: string;
  storage?: SettingsStorage<ForwardsFile> | undefined;
  /** The kubeconfig files the engine reads (KUBECONFIG split, or ~/.kube/config). */
  kubeconfigPaths: readonly string[];
  knownContexts(): readonly string[];
  currentContext(): string | undefined;
  onChanged(id: string, status: ForwardStatus | null): void;
  /** Starts each kubectl child under the orphan guard (the engine's GuardedChildRegistry). */
  spawnGuarded: GuardedSpawn;
  /** The engine's settings file: `forwardEngine` is the default engine of forwards. */
  settings?: () => { forwardEngine?: ForwardEngine | undefined };
}

/**
 * kubectl as the engine would run it: TETHER_KUBECTL or `kubectl` on PATH, with the same
 * KUBECONFIG files the engine reads (never a copy of the credentials), and `--kubeconfig` when
 * there is exactly one file.
 */
export function kubectlLauncher(
  env: Record<string, string | undefined>,
  paths: readonly string[],
  spawn: GuardedSpawn,
): KubectlLauncher {
  return () => ({
    spawn,
    path: env.TETHER_KUBECTL || 'kubectl',
    env: { ...env, KUBECONFIG: paths.join(delimiter) },
    kubeconfig: paths.length === 1 ? paths[0] : undefined,
  });
}

/** The engine's ForwardSupervisor, wired to the health manager and the kubeconfig. */
export function createForwardSupervisor(w: SupervisorWiring): ForwardSupervisor {
  const log = w.log.child({ part: 'forwards' });
  return new ForwardSupervisor({
    storage: w.storage ?? forwardsFileStorage(w.forwardsFile, log),
    clusters: {
      acquire: (c, h) => w.clusters.acquire(c, h),
      release: (c, h) => w.clusters.release(c, h),
      clusterState: (c) => w.clusters.clusterState(c),
      apiClient: (c) => {
        const client = w.clusters.client(c);
        if (!client)
          throw new Error(w.clusters.problem(c) ?? `Context "${c}" cannot be reached: it is not monitored.`);
        return client;
      },
      onPodsChanged: (c, l) => w.clusters.onPodsChanged(c, l),
      podsIn: (c, namespace) => {
        try {
          return w.clusters.monitor(c).podsIn(namespace);
        } catch {
          return null;
        }
      },
    },
    kubectl: kubectlLauncher(w.env, w.kubeconfigPaths, w.spawnGuarded),
    engine: () => defaultForwardEngine(w.env, w.settings?.().forwardEngine),
    native: createNativeRuntime({ log, only: forcedProtocol(w.env) }),
    log,
    onChanged: w.onChanged,
    knownContexts: w.knownContexts,
    currentContext: w.currentContext,
    env: w.env,
  });
}
