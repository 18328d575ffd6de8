import type { ProvisioningKind } from '../../../shared/domain/provisioning';
import type { BackoffPolicy, RandomSource } from '../../../shared/logic/backoff';
import { readKubeEvent, type KubeEvent } from '../../../shared/logic/provisioning';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ListWatch } from '../watch/listWatch';
import { RecentStore } from '../watch/recentStore';
import type { WatchClock } from '../watch/watchClock';
import type { ServedResource } from './discovery';
import type { ProvisioningObjects } from './provisioningObjects';
import { slimProvisioningObject } from './trackedObject';

/**
 * How many events a context keeps, newest first. A ClusterDeployment and its Cluster API
 * objects write tens of events over a rollout; a busy cluster writes thousands a minute.
 */
const MAX_PROVISIONING_EVENTS = 2_000;

/** A provisioning informer: of objects, or of events. */
export type ProvisioningInformer = ListWatch<Record<string, unknown>> | ListWatch<KubeEvent>;

/** What every provisioning informer of one context shares. */
export interface InformerWiring {
  client: ApiClient;
  log: Logger;
  requestTimeoutMs: number;
  inactivityMs: number;
  backoff: BackoffPolicy;
  random?: RandomSource;
  clock: WatchClock;
  /** Only these namespaces (the settings' allow-list); undefined: all. */
  namespaces: readonly string[] | undefined;
  objects: ProvisioningObjects;
  /** `what` is the kind watched, or 'events'. */
  onError(inf: ProvisioningInformer, what: ProvisioningKind | 'events', err: unknown): void;
  onHealthy(): void;
}

/** Whether a namespace is in the allow-list (no list: every namespace is). */
export function inAllowList(list: readonly string[] | undefined, namespace: unknown): boolean {
  return list === undefined || (typeof namespace === 'string' && list.includes(namespace));
}

function common(w: InformerWiring) {
  return {
    client: w.client,
    log: w.log,
    requestTimeoutMs: w.requestTimeoutMs,
    inactivityMs: w.inactivityMs,
    backoff: w.backoff,
    ...(w.random ? { random: w.random } : {}),
    clock: w.clock,
  };
}

/** A list+watch of one kind's objects, feeding the context's objects. Not started. */
export function objectsInformer(
  w: InformerWiring,
  kind: ProvisioningKind,
  resource: ServedResource,
): ListWatch<Record<string, unknown>> {
  const inf: ListWatch<Record<string, unknown>> = new ListWatch<Record<string, unknown>>({
    ...common(w),
    path: resource.path,
    digest: (raw) => {
      const slim = slimProvisioningObject(raw);
      return slim && inAllowList(w.namespaces, (slim.metadata as Record<string, unknown>).namespace)
        ? slim
        : null;
    },
    onSync: (store) => w.objects.sync(kind, store),
    onChange: (type, key, value) => {
      if (type === 'upsert' && value) w.objects.upsert(kind, value);
      // A delete (also one a relist found) names the key only.
      else if (type === 'delete') w.objects.deleteByWatchKey(kind, key);
    },
    onError: (err) => w.onError(inf, kind, err),
    onHealthy: () => w.onHealthy(),
  });
  return inf;
}

/** A list+watch of every event (recent ones kept), offered to the context's objects. Not started. */
export function eventsInformer(w: InformerWiring): ListWatch<KubeEvent> {
  const inf: ListWatch<KubeEvent> = new ListWatch<KubeEvent>({
    ...common(w),
    path: '/api/v1/events',
    // Progress needs recent events only; the API server keeps an hour of every event.
    store: () => new RecentStore<KubeEvent>(MAX_PROVISIONING_EVENTS, (ev) => ev.atMs),
    digest: (raw) => {
      const ev = readKubeEvent(raw);
      return ev && inAllowList(w.namespaces, ev.object.namespace ?? ev.namespace) ? ev : null;
    },
    onSync: (store) => w.objects.offerEvents(store.values()),
    onChange: (type, _key, ev) => {
      if (type === 'upsert' && ev) w.objects.offerEvent(ev);
    },
    onError: (err) => w.onError(inf, 'events', err),
    onHealthy: () => w.onHealthy(),
  });
  return inf;
}
