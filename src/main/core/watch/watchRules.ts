// The rules a ListWatch follows, as pure functions: how an object is keyed, what a relist
// says vanished, what a watch event does to the store, and how a run of failures is counted.

/** What a ListWatch reads of any object. */
export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

/** `namespace/name`, or `name` for a cluster-scoped object (client-go's MetaNamespaceKeyFunc). */
export function objectKey(o: KubeObject): string {
  const m = o.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

/** Keys held before a relist that the fresh list no longer has: each is reported deleted. */
export function vanishedKeys(before: Iterable<string>, after: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of before) if (!after.has(key)) out.push(key);
  return out;
}

/** A watch event as the API server sends it. */
export interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; message?: string };
}

/** What one watch event means for the watch. */
export type WatchStep =
  | { kind: 'ignore' }
  /** 410 Gone in the stream: the resourceVersion is too old; list again. */
  | { kind: 'relist' }
  /** Any other ERROR event: the stream is over; re-watch after a backoff. */
  | { kind: 'error'; code: number; message: string }
  /** A bookmark: only the resourceVersion moves. */
  | { kind: 'bookmark'; resourceVersion: string | undefined }
  | { kind: 'delete'; key: string; resourceVersion: string | undefined }
  | { kind: 'upsert'; key: string; resourceVersion: string | undefined; object: KubeObject };

/** Classifies one watch event (ADDED and MODIFIED are both upserts; the digest may still drop it). */
export function watchStep(ev: WatchEvent): WatchStep {
  const obj = ev.object;
  if (!obj) return { kind: 'ignore' };
  if (ev.type === 'ERROR') {
    if (obj.code === 410) return { kind: 'relist' };
    return { kind: 'error', code: obj.code ?? 500, message: String(obj.message ?? '') };
  }
  const resourceVersion = obj.metadata?.resourceVersion || undefined;
  if (ev.type === 'BOOKMARK') return { kind: 'bookmark', resourceVersion };
  const key = objectKey(obj);
  if (ev.type === 'DELETED') return { kind: 'delete', key, resourceVersion };
  return { kind: 'upsert', key, resourceVersion, object: obj };
}

/** A run of failures of one watch: when it began and how many tries failed in it. */
export interface FailureRun {
  since: number;
  attempts: number;
}

/** One more failure at `now`: a new run starts when there was none. */
export function addFailure(run: FailureRun | undefined, now: number): FailureRun {
  return run ? { since: run.since, attempts: run.attempts + 1 } : { since: now, attempts: 1 };
}
