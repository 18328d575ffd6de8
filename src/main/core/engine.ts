import { homedir } from 'node:os';
import {
  ContractError,
  createDispatcher,
  createEventBus,
  type Dispatch,
  type EventBus,
  type Handlers,
  type ParsedRequest,
  type ShellSettingsView,
} from '../../shared/contract';
import { tetherPaths } from './app/home';
import { collectYoung, createMemoryReleaser } from './app/memory';
import type { Logger } from './app/log';
import { APP_VERSION } from './app/version';
import { clusterHandlers, USER_HOLDER } from './clusters/clusterHandlers';
import { ClusterHealthManager } from './clusters/clusterHealthManager';
import { MonitoredContexts } from './clusters/monitoredContexts';
import { ContextsService } from './contexts/contextsService';
import { createForwardSupervisor } from './forwards/createSupervisor';
import { forwardHandlers } from './forwards/forwardHandlers';
import type { ForwardsFile } from './forwards/forwardStore';
import type { ForwardSupervisor } from './forwards/forwardSupervisor';
import { lendClient } from './forwards/targetClient';
import { kubeconfigPaths } from './kubeconfig/paths';
import { provisioningHandlers } from './provision/provisioningHandlers';
import { ProvisioningService, type ProvisioningServiceOptions } from './provision/provisioningService';
import { defaultEngineSettings, EngineSettingsSchema, type EngineSettings } from './settings/engineSettings';
import { healthSettingsHandlers } from './settings/healthSettingsHandlers';
import { applyImportedHealth } from './settings/importedHealth';
import { JsonFileStorage, type SettingsStorage } from './settings/settingsStore';
import { createWatchdog, type WatchdogTuning } from './watchdog/createWatchdog';
import { createListGate } from './watch/listGate';
import { countingLogger, ErrorCounts } from './watchdog/errorCounts';
import { GuardedChildRegistry } from './watchdog/guardedChildRegistry';
import type { Watchdog } from './watchdog/watchdog';
import { watchdogHandlers } from './watchdog/watchdogHandlers';

export interface EngineOptions {
  /** TETHER_HOME: settings, state and logs. */
  home: string;
  mode: 'electron' | 'headless';
  log: Logger;
  env?: Record<string, string | undefined>;
  userHome?: string;
  /** The Electron layer passes electron-store; headless uses a JSON file in TETHER_HOME. */
  settingsStorage?: SettingsStorage<EngineSettings>;
  /** Tests shorten the watch inactivity window. */
  monitorOptions?: { watchInactivityMs?: number };
  /** The Electron layer passes electron-store; headless uses TETHER_HOME/forwards.json. */
  forwardsStorage?: SettingsStorage<ForwardsFile>;
  /** Tests and benchmarks shorten provisioning limits and timings. */
  provisioningOptions?: Pick<ProvisioningServiceOptions, 'limits' | 'watcher' | 'readyTimeoutMs'>;
  /** Tests shorten the heartbeat, gap and guard timings. */
  watchdogOptions?: WatchdogTuning;
  /** The menu-bar app's preferences (`shell:settings`, `shell:update`); headless mode has none. */
  shellSettings?: ShellSettingsPort;
  /** The entry point's error counts (its last-resort handlers count into them); a fresh one otherwise. */
  errors?: ErrorCounts;
}

/** What the Electron layer lends the engine so the contract can carry its preferences. */
export interface ShellSettingsPort {
  read(): Promise<ShellSettingsView>;
  update(patch: ParsedRequest<'shell:update'>): Promise<ShellSettingsView>;
}

/**
 * The engine: every long-lived service of Tether, wired together, in plain Node. Transports
 * (Electron IPC, the headless WebSocket) only ever see `dispatch` and `bus`.
 */
export interface Engine {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly clusters: ClusterHealthManager;
  readonly forwards: ForwardSupervisor;
  readonly provisioning: ProvisioningService;
  /** Heartbeat, wake path (`watchdog.wake(reason)`: the platform layer's powerMonitor calls it), health. */
  readonly watchdog: Watchdog;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createEngine(opts: EngineOptions): Engine {
  const env = opts.env ?? process.env;
  const startedAt = performance.now();
  const errorCounts = opts.errors ?? new ErrorCounts();
  const log = countingLogger(opts.log, errorCounts);
  const bus = createEventBus(log.child({ part: 'contract' }));
  const paths = tetherPaths(opts.home);
  const storage =
    opts.settingsStorage ??
    new JsonFileStorage<EngineSettings>({
      file: paths.settings,
      parse: (raw) => EngineSettingsSchema.parse(raw),
      defaults: defaultEngineSettings,
      log,
    });

  const contexts = new ContextsService(
    kubeconfigPaths(env, opts.userHome ?? homedir()),
    log.child({ part: 'kubeconfig' }),
    (list) => {
      bus.emit('contexts:changed', list);
      // Servers, users or contexts may have changed under the monitors.
      clusters.refresh();
      syncMonitored();
      // Imported forwards whose context was missing may be startable now (or the reverse).
      forwards.contextsChanged();
    },
  );
  // Process policy: memory a burst of lists took goes back to the OS once they are over, and
  // two lists at a time over every cluster bound the heap when many clusters start together.
  const memory = createMemoryReleaser(log.child({ part: 'health' }));
  const listGate = createListGate(2, { afterEach: collectYoung, onIdle: () => memory.afterBurst() });
  const clusters = new ClusterHealthManager({
    listGate,
    log: log.child({ part: 'health' }),
    kubeconfig: () => contexts.current()?.merged,
    settings: () => storage.read(),
    onSummary: (s) => bus.emit('clusters:changed', s),
    env,
    forwardNamespaces: (c) =>
      forwards.list().flatMap((f) => (f.spec.context === c ? [f.spec.namespace] : [])),
    ...(opts.monitorOptions ? { monitorOptions: opts.monitorOptions } : {}),
  });
  const monitored = new MonitoredContexts(
    storage,
    () => contexts.current()?.list.currentContext,
    () => contexts.current()?.list.contexts.map((c) => c.name) ?? [],
  );
  let userHeld = new Set<string>();
  /** Makes the manager's user holds match the monitored list. */
  function syncMonitored() {
    const want = new Set(monitored.list());
    for (const c of userHeld) if (!want.has(c)) clusters.release(c, USER_HOLDER);
    for (const c of want) if (!userHeld.has(c)) clusters.acquire(c, USER_HOLDER);
    userHeld = want;
    provisioning.sync(clusters.contexts());
  }
  const provisioning = new ProvisioningService({
    log: log.child({ part: 'provisioning' }),
    clientOf: (c) => clusters.client(c),
    namespaces: () => storage.read().provisioning?.namespaces,
    emit: (u) => bus.emit('provisioning:changed', u),
    notify: (n) => bus.emit('notifications:new', n),
    ...opts.provisioningOptions,
  });

  // Every kubectl child the forwards start, and the orphan guard process that ends them if
  // this process dies: the forwards spawn through it, the watchdog reports and records it.
  const children = new GuardedChildRegistry();
  const forwards = createForwardSupervisor({
    clusters,
    log,
    env,
    forwardsFile: paths.forwards,
    settings: () => storage.read(),
    storage: opts.forwardsStorage,
    kubeconfigPaths: kubeconfigPaths(env, opts.userHome ?? homedir()),
    knownContexts: () => contexts.current()?.list.contexts.map((c) => c.name) ?? [],
    currentContext: () => contexts.current()?.list.currentContext ?? undefined,
    spawnGuarded: (file, args, options) => children.spawn(file, args, options),
    onChanged: (id, status) => {
      bus.emit('forwards:changed', { id, status });
      // A new or removed forward may add or drop a namespace a namespace-scoped monitor watches.
      clusters.namespacesChanged(status?.spec.context);
    },
  });
  const watchdog = createWatchdog({
    log,
    errors: errorCounts,
    children,
    stateDir: paths.state,
    env,
    clusters,
    forwards,
    provisioning,
    emit: (w) => bus.emit('watchdog:wake', w),
    tuning: opts.watchdogOptions,
  });

  const handlers: Handlers = {
    'contexts:list': () => contexts.list(),
    'app:info': async () => ({ version: APP_VERSION, mode: opts.mode, home: paths.home }),
    'app:stats': async () => {
      const t = clusters.traffic();
      const mem = process.memoryUsage();
      return {
        uptimeMs: Math.round(performance.now() - startedAt),
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        heapTotalBytes: mem.heapTotal,
        externalBytes: mem.external,
        apiRequests: t.requests,
        watchRequests: t.watchRequests,
        openWatches: t.openWatches,
        monitors: t.monitors,
      };
    },
    ...clusterHandlers(clusters, {
      list: () => monitored.list(),
      known: (c) => monitored.known(c),
      set: (c, on) => {
        monitored.set(c, on);
        syncMonitored();
      },
      announce: (list) => bus.emit('clusters:monitored', list),
    }),
    ...provisioningHandlers(provisioning),
    ...forwardHandlers(
      forwards,
      (c) => lendClient(clusters, contexts.current()?.merged, c, env),
      ({ clusterHealth }) => {
        if (!clusterHealth) return;
        const deps = {
          storage,
          running: () => clusters.contexts(),
          apply: (c: string) => clusters.reconfigure(c),
          log,
        };
        applyImportedHealth(deps, clusterHealth);
      },
    ),
    ...watchdogHandlers(watchdog),
    ...healthSettingsHandlers({
      storage,
      known: (c) => monitored.known(c),
      apply: (c) => clusters.reconfigure(c),
    }),
    'shell:settings': () => shellSettings().read(),
    'shell:update': (patch) => shellSettings().update(patch),
  };
  function shellSettings(): ShellSettingsPort {
    if (opts.shellSettings) return opts.shellSettings;
    throw new ContractError(
      'conflict',
      'Only the menu-bar app has these preferences; headless Tether takes kubectl from TETHER_KUBECTL or PATH.',
    );
  }

  return {
    dispatch: createDispatcher(handlers, log.child({ part: 'contract' })),
    bus,
    log,
    clusters,
    provisioning,
    forwards,
    watchdog,
    async start() {
      await contexts.start();
      syncMonitored();
      // Before any new kubectl: end what a crashed run left behind, then record ours.
      await watchdog.start();
      await forwards.restoreAtLaunch();
      log.info('engine started', { mode: opts.mode, home: paths.home });
    },
    async stop() {
      contexts.stop();
      provisioning.stop();
      await forwards.shutdown();
      await watchdog.stop();
      clusters.stop();
      memory.stop();
      log.info('engine stopped');
    },
  };
}
