import {
  ContractError,
  type Notification,
  type ProvisioningContext,
  type ProvisioningUpdate,
} from '../../../shared/contract';
import type { ProvisioningKind } from '../../../shared/domain/provisioning';
import type { RandomSource } from '../../../shared/logic/backoff';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ProvisioningWatcher, type ProvisioningWatcherOptions } from './provisioningWatcher';
import type { SubscriptionLimits } from './subscriptionRules';
import { ProvisioningSubscriptions } from './subscriptions';
import { objectKey } from './trackedObject';

/** Options for the provisioning service. */
export interface ProvisioningServiceOptions {
  log: Logger;
  /** The ApiClient of a monitored context (the health manager's), undefined when none. */
  clientOf(context: string): ApiClient | undefined;
  /** The settings' namespace allow-list; undefined or empty: every namespace. */
  namespaces(): readonly string[] | undefined;
  /** Pushes `provisioning:changed`. */
  emit(update: ProvisioningUpdate): void;
  /** Pushes `notifications:new`. */
  notify(notification: Notification): void;
  now?: () => number;
  random?: RandomSource;
  limits?: Partial<SubscriptionLimits>;
  /** Tests and benchmarks shorten the watcher's timings. */
  watcher?: Pick<
    ProvisioningWatcherOptions,
    'watchLossLimitMs' | 'inactivityMs' | 'requestTimeoutMs' | 'backoff' | 'rediscoverMs'
  >;
  /** How long `list` and `subscribe` wait for discovery and the first lists (default 10 s). */
  readyTimeoutMs?: number;
}

/** A subscription request. */
export interface SubscribeTarget {
  context: string;
  kind: ProvisioningKind;
  namespace: string;
  name: string;
}

/**
 * Live provisioning progress for the engine: one ProvisioningWatcher per monitored context
 * (sharing that context's ApiClient), and the subscriptions that follow one object each.
 */
export class ProvisioningService {
  private readonly o: ProvisioningServiceOptions;
  private readonly watchers = new Map<string, ProvisioningWatcher>();
  private readonly subscriptions: ProvisioningSubscriptions;
  private readonly now: () => number;
  private allowList: string | undefined;

  constructor(opts: ProvisioningServiceOptions) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
    this.subscriptions = new ProvisioningSubscriptions(
      { update: (u) => opts.emit(u), notify: (n) => opts.notify(n) },
      opts.limits,
      this.now,
    );
  }

  /**
   * Makes the watchers match the monitored contexts: a watcher per context with a client,
   * rebuilt when the client changed (kubeconfig refresh) or the allow-list did.
   */
  sync(contexts: readonly string[]): void {
    const allow = this.namespaces();
    const allowKey = allow === undefined ? undefined : allow.join(',');
    const allowChanged = allowKey !== this.allowList;
    this.allowList = allowKey;
    const want = new Set(contexts);
    for (const [context, w] of [...this.watchers]) {
      const client = this.o.clientOf(context);
      if (!want.has(context) || client !== w.client || allowChanged) {
        this.drop(context, want.has(context) && client !== undefined);
      }
    }
    for (const context of want) {
      if (this.watchers.has(context)) continue;
      const client = this.o.clientOf(context);
      if (!client) continue;
      const w: ProvisioningWatcher = new ProvisioningWatcher({
        ...this.o.watcher,
        context,
        client,
        log: this.o.log.child({ context }),
        now: this.now,
        ...(this.o.random ? { random: this.o.random } : {}),
        ...(allow ? { namespaces: allow } : {}),
        listener: {
          snapshot: (s, key) => {
            if (this.watchers.get(context) === w) this.subscriptions.onSnapshot(`${context}|${key}`, s);
          },
          connection: (c) => {
            if (this.watchers.get(context) === w) this.subscriptions.onConnection(context, c);
          },
        },
      });
      this.watchers.set(context, w);
      w.start();
    }
  }

  /** Every monitored context's provisioning section (or why it has none). */
  async list(context?: string): Promise<ProvisioningContext[]> {
    const targets = context === undefined ? [...this.watchers.values()] : [this.watcherOf(context)];
    await Promise.all(targets.map((w) => w.ready(this.o.readyTimeoutMs ?? 10_000)));
    return targets.map((w) => {
      const reason = w.reason;
      return {
        context: w.context,
        available: w.phase === 'watching',
        ...(reason === undefined ? {} : { reason }),
        apis: w.served(),
        connection: w.connection,
        items: w.snapshots(),
      };
    });
  }

  /** Opens a subscription; its answer is the initial snapshot. */
  async subscribe(target: SubscribeTarget, client: string): Promise<ProvisioningUpdate> {
    const { context, kind, namespace, name } = target;
    const allow = this.namespaces();
    if (allow !== undefined && !allow.includes(namespace)) {
      throw new ContractError(
        'bad-request',
        `Namespace "${namespace}" is not in the provisioning namespace allow-list (${allow.join(', ')}).`,
      );
    }
    const w = this.watcherOf(context);
    await w.ready(this.o.readyTimeoutMs ?? 10_000);
    if (w.phase !== 'watching') {
      throw new ContractError(
        'not-found',
        `Context "${context}" has no provisioning section: ${w.reason ?? 'unknown reason'}`,
      );
    }
    if (w.connection.state === 'lost') {
      throw new ContractError(
        'conflict',
        `The provisioning watch of "${context}" is lost (${w.connection.message ?? 'no answer'}); it keeps retrying in the background. Try again once the cluster answers.`,
      );
    }
    if (!w.serves(kind)) {
      throw new ContractError(
        'not-found',
        `Context "${context}" does not serve ${kind === 'CAPICluster' ? 'Cluster API Clusters' : 'k0rdent ClusterDeployments'}.`,
      );
    }
    const snapshot = w.snapshot(kind, namespace, name);
    if (!snapshot) {
      throw new ContractError(
        'not-found',
        `${kind === 'CAPICluster' ? 'Cluster' : 'ClusterDeployment'} ${namespace}/${name} does not exist in ${context}.`,
      );
    }
    return this.subscriptions.add(
      client,
      context,
      `${context}|${objectKey(kind, namespace, name)}`,
      snapshot,
      w.connection,
    );
  }

  /** Ends a subscription; false when there was none. */
  unsubscribe(id: string): boolean {
    return this.subscriptions.remove(id);
  }

  /** Counters for the benchmark: nothing should be left once subscriptions end. */
  stats(): { watchers: number; openStreams: number; subscriptions: number; timers: number } {
    let openStreams = 0;
    for (const w of this.watchers.values()) openStreams += w.openStreams();
    return {
      watchers: this.watchers.size,
      openStreams,
      subscriptions: this.subscriptions.size,
      timers: this.subscriptions.timers(),
    };
  }

  /** Stops every watcher and subscription. */
  stop(): void {
    this.subscriptions.stop();
    for (const w of this.watchers.values()) w.stop();
    this.watchers.clear();
  }

  private namespaces(): readonly string[] | undefined {
    const list = this.o.namespaces();
    return list && list.length > 0 ? list : undefined;
  }

  private watcherOf(context: string): ProvisioningWatcher {
    const w = this.watchers.get(context);
    if (!w)
      throw new ContractError(
        'not-found',
        `Context "${context}" is not monitored. Switch monitoring on for it first.`,
      );
    return w;
  }

  private drop(context: string, replaced: boolean) {
    const w = this.watchers.get(context);
    if (!w) return;
    w.stop();
    this.watchers.delete(context);
    // A rebuilt watcher (new credentials) starts afresh; its subscribers re-subscribe.
    this.subscriptions.endContext(
      context,
      replaced
        ? 'The context was reloaded (kubeconfig or settings changed); subscribe again.'
        : 'The context is no longer monitored.',
    );
  }
}
