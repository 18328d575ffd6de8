// What the engine gives its ForwardSupervisor.
import type { ForwardStatus } from '../../../shared/contract';
import type { Logger } from '../app/log';
import type { SettingsStorage } from '../settings/settingsStore';
import type { ForwardClusters, KubectlLauncher } from './forwardDeps';
import type { ForwardEngine } from './forwardEngine';
import type { ForwardsFile } from './forwardStore';
import type { NativeRuntime } from './tunnel/nativeTunnel';

/** Everything the supervisor is given by the engine. */
export interface ForwardSupervisorOptions {
  storage: SettingsStorage<ForwardsFile>;
  clusters: ForwardClusters;
  kubectl: KubectlLauncher;
  /** Which engine carries forwards that do not choose for themselves (default kubectl). */
  engine?: () => ForwardEngine;
  /** Sessions and protocol memory shared by the native tunnels (needed for the native engine). */
  native?: NativeRuntime;
  log: Logger;
  /** A forward changed (status null: deleted). */
  onChanged(id: string, status: ForwardStatus | null): void;
  /** Contexts in the user's kubeconfig, for validation and imports. */
  knownContexts(): readonly string[];
  currentContext(): string | undefined;
  /**
   * The engine's environment: approved probe-header variables are read from it at probe time.
   * Imports never read it.
   */
  env: Record<string, string | undefined>;
  /** Traffic sample period (default 5 s); also when idle auto-stop is checked. */
  sampleMs?: number;
  now?: () => number;
  /** Passed to each Forward (tests shorten them). */
  clusterPollMs?: number;
  holdMs?: number;
}
