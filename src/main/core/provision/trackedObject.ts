import type {
  ProvisioningKind,
  ProvisioningSnapshot,
  SignificantEvent,
} from '../../../shared/domain/provisioning';
import {
  admitEvent,
  buildProvisioningSnapshot,
  emptyEventFilterState,
  type EventFilterState,
  type EventScope,
  type KubeEvent,
  type ProgressState,
} from '../../../shared/logic/provisioning';

/**
 * One watched ClusterDeployment or CAPI Cluster inside a ProvisioningWatcher: its last known
 * object, its event filter and significant events, the progress shown last, and the snapshot
 * built from them. No I/O: the watcher feeds it objects, events and the clock.
 */

/** How many significant events one object keeps (the snapshot carries at most this many). */
export const MAX_EVENTS_PER_OBJECT = 50;

/** `<kind>/<namespace>/<name>`: how subscriptions and the watcher name an object. */
export function objectKey(kind: ProvisioningKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** What the watcher keeps of a watched object: its identity and status, not its spec. */
export function slimProvisioningObject(raw: unknown): Record<string, unknown> | null {
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  const m = (o.metadata ?? {}) as Record<string, unknown>;
  if (typeof m.name !== 'string') return null;
  const metadata: Record<string, unknown> = {};
  for (const k of [
    'name',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
  ]) {
    if (m[k] !== undefined) metadata[k] = m[k];
  }
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata,
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

/** The resourceVersion of a slim object, to skip updates that change nothing. */
export function resourceVersionOf(obj: Record<string, unknown>): string | undefined {
  const rv = (obj.metadata as Record<string, unknown> | undefined)?.resourceVersion;
  return typeof rv === 'string' ? rv : undefined;
}

/** One watched object and everything its snapshot is built from. */
export class TrackedObject {
  readonly key: string;
  readonly kind: ProvisioningKind;
  readonly namespace: string;
  readonly name: string;
  private readonly context: string;
  private object: Record<string, unknown>;
  private filter: EventFilterState = emptyEventFilterState();
  private events: SignificantEvent[] = [];
  private progress: ProgressState | undefined;
  private current: ProvisioningSnapshot | undefined;
  private deleted = false;

  constructor(
    context: string,
    kind: ProvisioningKind,
    namespace: string,
    name: string,
    object: Record<string, unknown>,
  ) {
    this.context = context;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.key = objectKey(kind, namespace, name);
    this.object = object;
  }

  /** The latest snapshot (built on first use). */
  snapshot(nowMs: number): ProvisioningSnapshot | undefined {
    return this.current ?? this.rebuild(nowMs);
  }

  /** True once the object was reported deleted. */
  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The object changed. Returns the new snapshot, or undefined when nothing changed. */
  update(object: Record<string, unknown>, nowMs: number): ProvisioningSnapshot | undefined {
    const before = resourceVersionOf(this.object);
    if (this.current !== undefined && before !== undefined && before === resourceVersionOf(object))
      return undefined;
    this.object = object;
    return this.rebuild(nowMs);
  }

  /** The watch reported the object gone: the final snapshot. */
  markDeleted(nowMs: number): ProvisioningSnapshot | undefined {
    this.deleted = true;
    return this.rebuild(nowMs);
  }

  /** Offers an event; returns the new snapshot when it was significant and new. */
  offerEvent(
    event: KubeEvent,
    scope: Omit<EventScope, 'name' | 'namespace'>,
    nowMs: number,
  ): ProvisioningSnapshot | undefined {
    const r = admitEvent(
      this.filter,
      event,
      { ...scope, name: this.name, namespace: this.namespace },
      { nowMs },
    );
    this.filter = r.state;
    if (r.event === undefined) return undefined;
    // Keep time order even when a relist delivers an older event late.
    this.events.push(r.event);
    this.events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (this.events.length > MAX_EVENTS_PER_OBJECT)
      this.events.splice(0, this.events.length - MAX_EVENTS_PER_OBJECT);
    return this.rebuild(nowMs);
  }

  private rebuild(nowMs: number): ProvisioningSnapshot | undefined {
    const r = buildProvisioningSnapshot({
      context: this.context,
      object: this.object,
      nowMs,
      events: this.events,
      ...(this.progress ? { previous: this.progress } : {}),
      deleted: this.deleted,
      // Timeouts belong to subscriptions, which each started at their own time.
      timeoutMs: Number.POSITIVE_INFINITY,
      maxEvents: MAX_EVENTS_PER_OBJECT,
    });
    if (!r.ok) return undefined;
    this.progress = r.progress;
    this.current = r.snapshot;
    return r.snapshot;
  }
}
