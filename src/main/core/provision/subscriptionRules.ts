import type { ProvisioningConnection, ProvisioningEndReason } from '../../../shared/contract';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import {
  DEFAULT_TIMEOUT_WARNING_MS,
  DEFAULT_UPDATE_INTERVAL_MS,
  DEFAULT_WATCH_TIMEOUT_MS,
} from '../../../shared/logic/provisioning';

// The pure rules of a provisioning subscription (subscriptions.ts holds the timers): its limits,
// what one subscriber sees, which snapshot ends it and the warnings it carries.

/** Limits and timings of subscriptions. */
export interface SubscriptionLimits {
  /** Per window / browser tab (10). */
  maxPerClient: number;
  /** Across the engine (100). */
  maxTotal: number;
  /** A watch that reaches neither Ready nor Failed ends after this long (60 min). */
  timeoutMs: number;
  /** How long before the timeout the warning comes (5 min). */
  timeoutWarningMs: number;
  /** At most one update per this long within a phase (10 s). */
  intervalMs: number;
  /** The initial snapshot carries the significant events of this last while (5 min). */
  eventLookbackMs: number;
}

/** The defaults, as each field above states them. */
export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxPerClient: 10,
  maxTotal: 100,
  timeoutMs: DEFAULT_WATCH_TIMEOUT_MS,
  timeoutWarningMs: DEFAULT_TIMEOUT_WARNING_MS,
  intervalMs: DEFAULT_UPDATE_INTERVAL_MS,
  eventLookbackMs: 5 * 60_000,
};

/**
 * What one subscriber sees of a snapshot: its own timeout flags (the warning `timeoutWarningMs`
 * before `timeoutMs`, then timed out; never once terminal) and the events since
 * `eventLookbackMs` before it began.
 */
export function subscriberView(
  s: ProvisioningSnapshot,
  startedAtMs: number,
  nowMs: number,
  limits: SubscriptionLimits,
): ProvisioningSnapshot {
  const watched = nowMs - startedAtMs;
  const { timeoutMs, timeoutWarningMs, eventLookbackMs } = limits;
  const since = startedAtMs - eventLookbackMs;
  return {
    ...s,
    events: s.events.filter((e) => Date.parse(e.at) >= since),
    timeoutWarning: !s.terminal && watched >= timeoutMs - timeoutWarningMs && watched < timeoutMs,
    timedOut: !s.terminal && watched >= timeoutMs,
  };
}

/** The end a terminal snapshot means. */
export function endOf(s: ProvisioningSnapshot): ProvisioningEndReason | undefined {
  if (s.deleted) return 'deleted';
  if (!s.terminal) return undefined;
  return s.phase === 'Failed' ? 'failed' : s.phase === 'Ready' ? 'ready' : 'deleted';
}

export function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1 ? `${m} min` : `${Math.round(ms / 1000)} s`;
}

/** The warning a connection state deserves, if any. */
export function connectionWarning(c: ProvisioningConnection): string | undefined {
  switch (c.state) {
    case 'reconnecting':
      return `Watch lost${c.message ? ` (${c.message})` : ''}; reconnecting (attempt ${c.attempts}). Progress may be behind.`;
    case 'lost':
      return `Watch failed: could not reconnect${c.message ? ` (${c.message})` : ''}. Progress is no longer followed.`;
    default:
      return undefined;
  }
}
