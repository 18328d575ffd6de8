import type { SignificantEvent } from '../../domain/provisioning';
import type { KubeEvent } from './events';
import { readKubeEvent } from './events';
import type { EventScope } from './eventScope';
import { isInScope } from './eventScope';
import { classifyEvent, DEFAULT_SUPPRESSED_REASONS } from './eventSignificance';
import { flattenMessage } from './summary';

/**
 * The event significance filter: scope (is it about this cluster?) → significance (milestone
 * or warning, not known noise?) → de-duplication (the same reason on the same object at most
 * once per window, and the very same event record never twice, e.g. after a watch re-list).
 * State is a plain value threaded through calls, so the filter stays pure and testable.
 */

/** Default de-duplication window per reason + object. */
export const DEFAULT_DEDUP_WINDOW_MS = 30_000;
/** How many event records the filter remembers to drop exact re-deliveries. */
const SEEN_LIMIT = 1_000;

/** Options for the event filter. */
export interface EventFilterOptions {
  /** At most one event per reason + object within this window (30 s). */
  dedupWindowMs?: number;
  /** Reasons to drop on top of DEFAULT_SUPPRESSED_REASONS. */
  suppressReasons?: readonly string[];
  /** Time to use for events that carry none (epoch ms); 0 when not given. */
  nowMs?: number;
}

/** What the filter remembers between events. Treat as opaque; start from emptyEventFilterState(). */
export interface EventFilterState {
  /** reason+object key → time of the last admitted event with that key. */
  readonly lastAdmittedAt: Readonly<Record<string, number>>;
  /** Event uid → highest count already processed, oldest first. */
  readonly seen: ReadonlyArray<readonly [string, number]>;
}

/** The state before any event. */
export function emptyEventFilterState(): EventFilterState {
  return { lastAdmittedAt: {}, seen: [] };
}

/** The de-duplication key: one reason on one object. */
export function dedupKey(event: KubeEvent): string {
  const { kind, namespace, name } = event.object;
  return `${event.reason}\u0000${kind ?? ''}\u0000${namespace ?? event.namespace ?? ''}\u0000${name}`;
}

function suppressSet(options: EventFilterOptions): ReadonlySet<string> {
  return new Set([...DEFAULT_SUPPRESSED_REASONS, ...(options.suppressReasons ?? [])]);
}

function remember(state: EventFilterState, event: KubeEvent): EventFilterState['seen'] {
  if (event.uid === undefined) return state.seen;
  const rest = state.seen.filter(([uid]) => uid !== event.uid);
  const next: Array<readonly [string, number]> = [...rest, [event.uid, event.count]];
  return next.length > SEEN_LIMIT ? next.slice(next.length - SEEN_LIMIT) : next;
}

/** Result of offering one event to the filter. */
export interface AdmitResult {
  state: EventFilterState;
  /** Set when the event is significant and not a duplicate. */
  event?: SignificantEvent;
}

function admit(
  state: EventFilterState,
  event: KubeEvent,
  scope: EventScope,
  options: EventFilterOptions,
  suppressed: ReadonlySet<string>,
): AdmitResult {
  if (!isInScope(event, scope)) return { state };
  const kind = classifyEvent(event, suppressed);
  if (!kind.significant) return { state };

  // The very same record again (watch re-list, or a MODIFIED without a new occurrence).
  const seenCount = event.uid === undefined ? undefined : state.seen.find(([uid]) => uid === event.uid)?.[1];
  if (seenCount !== undefined && event.count <= seenCount) return { state };

  const at = event.atMs ?? options.nowMs ?? 0;
  const windowMs = options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS;
  const key = dedupKey(event);
  const last = state.lastAdmittedAt[key];
  const seen = remember(state, event);
  if (last !== undefined && Math.abs(at - last) < windowMs) return { state: { ...state, seen } };

  // Keys older than the window can no longer suppress anything: forget them.
  const lastAdmittedAt: Record<string, number> = {};
  for (const [k, t] of Object.entries(state.lastAdmittedAt))
    if (Math.abs(at - t) < windowMs) lastAdmittedAt[k] = t;
  lastAdmittedAt[key] = at;

  const admitted: SignificantEvent = {
    at: new Date(at).toISOString(),
    type: event.type,
    reason: event.reason,
    message: flattenMessage(event.message),
    object: event.object,
    count: event.count,
  };
  if (kind.indicates !== undefined) admitted.indicates = kind.indicates;
  return { state: { lastAdmittedAt, seen }, event: admitted };
}

/**
 * Offers one event to the filter. Returns the new state and, when the event is in scope,
 * significant and not a duplicate, the event to show.
 */
export function admitEvent(
  state: EventFilterState,
  event: KubeEvent,
  scope: EventScope,
  options: EventFilterOptions = {},
): AdmitResult {
  return admit(state, event, scope, options, suppressSet(options));
}

/** admitEvent for an event object straight from the API (core/v1 or events.k8s.io/v1). */
export function admitRawEvent(
  state: EventFilterState,
  raw: unknown,
  scope: EventScope,
  options: EventFilterOptions = {},
): AdmitResult {
  const event = readKubeEvent(raw);
  return event === undefined ? { state } : admitEvent(state, event, scope, options);
}

/**
 * Filters a batch (e.g. the events listed when a watch starts), oldest first, through a fresh
 * filter. Returns the significant events in time order and the state to continue with.
 */
export function filterSignificantEventsWithState(
  inputs: readonly unknown[],
  scope: EventScope,
  options: EventFilterOptions = {},
  initial: EventFilterState = emptyEventFilterState(),
): { events: SignificantEvent[]; state: EventFilterState } {
  const read = inputs
    .map((input, index) => ({ event: readKubeEvent(input), index }))
    .filter((x): x is { event: KubeEvent; index: number } => x.event !== undefined);
  const fallback = options.nowMs ?? 0;
  read.sort((a, b) => (a.event.atMs ?? fallback) - (b.event.atMs ?? fallback) || a.index - b.index);
  const suppressed = suppressSet(options);
  let state = initial;
  const events: SignificantEvent[] = [];
  for (const { event } of read) {
    const result = admit(state, event, scope, options, suppressed);
    state = result.state;
    if (result.event !== undefined) events.push(result.event);
  }
  return { events, state };
}

/** The significant events of a batch, in time order. */
export function filterSignificantEvents(
  inputs: readonly unknown[],
  scope: EventScope,
  options: EventFilterOptions = {},
): SignificantEvent[] {
  return filterSignificantEventsWithState(inputs, scope, options).events;
}
