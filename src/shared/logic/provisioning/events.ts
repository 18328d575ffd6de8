import type { EventObject } from '../../domain/provisioning';
import { asNonEmptyString, asNumber, asRecord, asString, asTimeMs, dig } from './lenient';

/**
 * Lenient reading of Kubernetes events in both APIs: core/v1 `Event` (involvedObject,
 * message, count, lastTimestamp) and events.k8s.io/v1 `Event` (regarding, note,
 * deprecatedCount, series). Both come back as one KubeEvent.
 */

/** An event as the significance filter sees it. */
export interface KubeEvent {
  uid?: string;
  namespace?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: EventObject;
  /** Occurrences so far (1 when the API does not say). */
  count: number;
  /** Epoch ms of the latest occurrence, when known. */
  atMs?: number;
}

/** The latest time the event says it happened, trying the fields of both event APIs. */
function latestTime(raw: Record<string, unknown>): number | undefined {
  const candidates = [
    raw.lastTimestamp,
    dig(raw, 'series', 'lastObservedTime'),
    raw.deprecatedLastTimestamp,
    raw.eventTime,
    raw.firstTimestamp,
    raw.deprecatedFirstTimestamp,
    dig(raw, 'metadata', 'creationTimestamp'),
  ];
  for (const candidate of candidates) {
    const ms = asTimeMs(candidate);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** One event, or undefined when it names no object (nothing to scope it by). */
export function readKubeEvent(value: unknown): KubeEvent | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const about = asRecord(raw.involvedObject) ?? asRecord(raw.regarding);
  const name = asNonEmptyString(about?.name);
  if (name === undefined) return undefined;
  const object: EventObject = { name };
  const kind = asNonEmptyString(about?.kind);
  if (kind !== undefined) object.kind = kind;
  const objectNamespace = asNonEmptyString(about?.namespace);
  if (objectNamespace !== undefined) object.namespace = objectNamespace;

  const count =
    asNumber(raw.count) ?? asNumber(dig(raw, 'series', 'count')) ?? asNumber(raw.deprecatedCount) ?? 1;
  const event: KubeEvent = {
    type: asString(raw.type)?.toLowerCase() === 'warning' ? 'Warning' : 'Normal',
    reason: asNonEmptyString(raw.reason) ?? '',
    message: (asString(raw.message) ?? asString(raw.note) ?? '').trim(),
    object,
    count: Math.max(1, Math.floor(count)),
  };
  const uid = asNonEmptyString(dig(raw, 'metadata', 'uid'));
  if (uid !== undefined) event.uid = uid;
  const namespace = asNonEmptyString(dig(raw, 'metadata', 'namespace')) ?? objectNamespace;
  if (namespace !== undefined) event.namespace = namespace;
  const atMs = latestTime(raw);
  if (atMs !== undefined) event.atMs = atMs;
  return event;
}
