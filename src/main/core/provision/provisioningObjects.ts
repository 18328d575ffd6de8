import type { ProvisioningKind, ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import type { KubeEvent } from '../../../shared/logic/provisioning';
import { objectKey, TrackedObject } from './trackedObject';

/** How many deleted objects' final snapshots are kept for `provisioning:list`. */
const FINISHED_CAPACITY = 50;

/** What the objects need from their watcher. */
export interface ProvisioningObjectsDeps {
  context: string;
  now(): number;
  /** Every object's new snapshot (deleted: its final one). */
  emit(snapshot: ProvisioningSnapshot, key: string): void;
  /** The events known so far (the events informer's store), for an object that just appeared. */
  events(): Iterable<KubeEvent> | undefined;
}

/**
 * One context's provisioning objects: a TrackedObject per watched ClusterDeployment or CAPI
 * Cluster, fed objects and events, and the final snapshots of objects deleted lately. It
 * reports every new snapshot; it makes no requests.
 */
export class ProvisioningObjects {
  private readonly d: ProvisioningObjectsDeps;
  private readonly objects = new Map<string, TrackedObject>();
  private readonly finished = new Map<string, ProvisioningSnapshot>();

  constructor(deps: ProvisioningObjectsDeps) {
    this.d = deps;
  }

  /** The latest snapshot of every tracked object and of objects deleted lately. */
  snapshots(): ProvisioningSnapshot[] {
    const now = this.d.now();
    const live = [...this.objects.values()].flatMap((t) => {
      const s = t.snapshot(now);
      return s ? [s] : [];
    });
    return [...live, ...[...this.finished.values()].filter((s) => !this.objects.has(keyOfSnapshot(s)))];
  }

  /** The latest snapshot of one object (a deleted one's final snapshot), if known. */
  snapshot(kind: ProvisioningKind, namespace: string, name: string): ProvisioningSnapshot | undefined {
    const key = objectKey(kind, namespace, name);
    return this.objects.get(key)?.snapshot(this.d.now()) ?? this.finished.get(key);
  }

  /** A listed or watched object: a newcomer is given the events already known about it. */
  upsert(kind: ProvisioningKind, raw: Record<string, unknown>): void {
    const m = raw.metadata as Record<string, unknown>;
    const namespace = typeof m.namespace === 'string' ? m.namespace : 'default';
    const name = m.name as string;
    const key = objectKey(kind, namespace, name);
    const now = this.d.now();
    const known = this.objects.get(key);
    if (known) {
      const s = known.update(raw, now);
      if (s) this.d.emit(s, key);
      return;
    }
    const tracked = new TrackedObject(this.d.context, kind, namespace, name, raw);
    this.objects.set(key, tracked);
    this.finished.delete(key);
    // Events may have come before the object: give the newcomer what is already known.
    const events = this.d.events();
    if (events) {
      const scope = { siblingNames: this.siblings(namespace) };
      for (const ev of byTime(events)) if (sameNamespace(ev, namespace)) tracked.offerEvent(ev, scope, now);
    }
    const s = tracked.snapshot(now);
    if (s) this.d.emit(s, key);
  }

  /** A watch's delete names a `namespace/name` key only. */
  deleteByWatchKey(kind: ProvisioningKind, watchKey: string): void {
    this.delete(objectKey(kind, ...splitWatchKey(watchKey)));
  }

  /** Every tracked object `gone` says is gone ends with its final snapshot. */
  deleteWhere(gone: (t: TrackedObject) => boolean): void {
    for (const [key, t] of [...this.objects]) if (gone(t)) this.delete(key);
  }

  /**
   * After a list: what is new or changed is upserted. What vanished since the informer's own
   * last list came as deletes already; objects kept from before discovery asked again (the
   * informer is new then) and missing now are deleted here.
   */
  sync(kind: ProvisioningKind, listed: ReadonlyMap<string, Record<string, unknown>>): void {
    const present = new Set<string>();
    for (const raw of listed.values()) {
      const m = raw.metadata as Record<string, unknown>;
      present.add(
        objectKey(kind, typeof m.namespace === 'string' ? m.namespace : 'default', m.name as string),
      );
      this.upsert(kind, raw);
    }
    this.deleteWhere((t) => t.kind === kind && !present.has(t.key));
  }

  /** Events of a full list, oldest first. */
  offerEvents(events: Iterable<KubeEvent>): void {
    for (const ev of byTime(events)) this.offerEvent(ev);
  }

  /** One event, to every object of its namespace that it may concern. */
  offerEvent(ev: KubeEvent): void {
    const namespace = ev.object.namespace ?? ev.namespace;
    const now = this.d.now();
    let siblings: string[] | undefined;
    for (const t of this.objects.values()) {
      if (namespace !== undefined && t.namespace !== namespace) continue;
      siblings ??= this.siblings(t.namespace);
      const s = t.offerEvent(ev, { siblingNames: siblings }, now);
      if (s) this.d.emit(s, t.key);
    }
  }

  private delete(key: string) {
    const tracked = this.objects.get(key);
    if (!tracked) return;
    this.objects.delete(key);
    const s = tracked.markDeleted(this.d.now());
    if (!s) return;
    this.finished.set(key, s);
    while (this.finished.size > FINISHED_CAPACITY) {
      const oldest = this.finished.keys().next().value;
      if (oldest === undefined) break;
      this.finished.delete(oldest);
    }
    this.d.emit(s, key);
  }

  private siblings(namespace: string): string[] {
    const names = new Set<string>();
    for (const t of this.objects.values()) if (t.namespace === namespace) names.add(t.name);
    return [...names];
  }
}

/** A watch key (`namespace/name`, or a bare name meaning `default`) as [namespace, name]. */
export function splitWatchKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? ['default', key] : [key.slice(0, slash), key.slice(slash + 1)];
}

/** Whether an event may concern an object in `namespace` (an event without one may concern any). */
export function sameNamespace(ev: KubeEvent, namespace: string): boolean {
  const ns = ev.object.namespace ?? ev.namespace;
  return ns === undefined || ns === namespace;
}

/** Events oldest first (those without a time first). */
export function byTime(events: Iterable<KubeEvent>): KubeEvent[] {
  return [...events].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
}

function keyOfSnapshot(s: ProvisioningSnapshot): string {
  return objectKey(s.kind, s.namespace, s.name);
}
