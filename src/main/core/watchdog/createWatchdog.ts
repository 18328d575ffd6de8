import { join } from 'node:path';
import type { WatchdogWake } from '../../../shared/contract';
import type { Logger } from '../app/log';
import type { ClusterHealthManager } from '../clusters/clusterHealthManager';
import type { ForwardSupervisor } from '../forwards/forwardSupervisor';
import type { ProvisioningService } from '../provision/provisioningService';
import { clustersCheck, forwardsCheck, provisioningCheck } from './engineCheckers';
import type { ErrorCounts } from './errorCounts';
import type { GuardedChildRegistry, GuardTimings } from './guardedChildRegistry';
import { Watchdog, type WatchdogDeps } from './watchdog';

/** What tests may tune (the engine passes them through EngineOptions). */
export type WatchdogTuning = Pick<
  WatchdogDeps,
  'beatMs' | 'gapMs' | 'wakeQuietMs' | 'checkTimeoutMs' | 'guardTimings'
>;

/** What the engine hands over to build its watchdog. */
export interface WatchdogWiring {
  log: Logger;
  errors: ErrorCounts;
  /** The engine's kubectl children (the forwards spawn through the same registry). */
  children: GuardedChildRegistry;
  /** TETHER_HOME/state. */
  stateDir: string;
  env: Record<string, string | undefined>;
  clusters: ClusterHealthManager;
  forwards: ForwardSupervisor;
  provisioning: ProvisioningService;
  emit(wake: WatchdogWake): void;
  tuning?: WatchdogTuning | undefined;
}

/**
 * The guard's timings from the environment: TETHER_GUARD_STALE_MS and TETHER_GUARD_CHECK_MS
 * (tests and benchmarks only; the defaults are 30 s and 10 s).
 */
export function guardTimingsFromEnv(env: Record<string, string | undefined>): Partial<GuardTimings> {
  const num = (v: string | undefined) => {
    const n = Number(v);
    return v !== undefined && Number.isInteger(n) && n >= 100 ? n : undefined;
  };
  const staleMs = num(env.TETHER_GUARD_STALE_MS);
  const checkMs = num(env.TETHER_GUARD_CHECK_MS);
  return { ...(staleMs ? { staleMs } : {}), ...(checkMs ? { checkMs } : {}) };
}

/** The engine's Watchdog, wired to clusters and forwards, with their health checkers registered. */
export function createWatchdog(w: WatchdogWiring): Watchdog {
  const watchdog = new Watchdog({
    log: w.log.child({ part: 'watchdog' }),
    errors: w.errors,
    guard: w.children,
    childrenFile: join(w.stateDir, 'children.json'),
    recheckClusters: (reason) => w.clusters.recheck(undefined, reason),
    verifyForwards: () => w.forwards.verifyAll(),
    traffic: () => w.clusters.traffic(),
    emit: w.emit,
    ...w.tuning,
    guardTimings: { ...guardTimingsFromEnv(w.env), ...w.tuning?.guardTimings },
  });
  watchdog.components.register('clusters', () => clustersCheck(w.clusters.summaries()));
  watchdog.components.register('forwards', () => forwardsCheck(w.forwards.list()));
  watchdog.components.register('provisioning', () => provisioningCheck(w.provisioning.stats()));
  return watchdog;
}
