/**
 * Rate limiting of progress updates to a subscriber: at most one update per interval (10 s),
 * except that a phase transition (or becoming terminal / deleted) is sent at once. A
 * suppressed update is never lost: the newest one is kept as `pending` and the decision says
 * when it falls `dueAt`, so the caller sets one timer and calls `flushDue` then.
 *
 * Pure: the caller passes the clock in and keeps the returned state.
 */

/** Default minimum time between two updates of the same phase. */
export const DEFAULT_UPDATE_INTERVAL_MS = 10_000;

/** What the limiter needs to know about an update (a ProvisioningSnapshot fits). */
export interface RateLimitedUpdate {
  phase: string;
  terminal?: boolean;
  deleted?: boolean;
}

/** The limiter's memory. Start from `initialRateLimiterState()`. */
export interface RateLimiterState<T> {
  /** The last update sent, and when. */
  readonly last?: {
    readonly phase: string;
    readonly terminal: boolean;
    readonly deleted: boolean;
    readonly atMs: number;
  };
  /** The newest update held back, waiting for the window to open. */
  readonly pending?: T;
}

/** What to do now. */
export interface RateDecision<T> {
  state: RateLimiterState<T>;
  /** Send this now. */
  send?: T;
  /** An update is held back: call flushDue at (or after) this time. */
  dueAt?: number;
}

/** Options for the limiter. */
export interface RateLimitOptions {
  intervalMs?: number;
}

/** The state before anything was sent. */
export function initialRateLimiterState<T>(): RateLimiterState<T> {
  return {};
}

/** A transition the subscriber must hear about without delay. */
function isTransition(last: RateLimiterState<unknown>['last'], update: RateLimitedUpdate): boolean {
  if (last === undefined) return true;
  return (
    update.phase !== last.phase ||
    (update.terminal === true && !last.terminal) ||
    (update.deleted === true && !last.deleted)
  );
}

function sent<T extends RateLimitedUpdate>(update: T, nowMs: number): RateDecision<T> {
  return {
    state: {
      last: {
        phase: update.phase,
        terminal: update.terminal === true,
        deleted: update.deleted === true,
        atMs: nowMs,
      },
    },
    send: update,
  };
}

/**
 * Offers a new update at `nowMs`. Sends it at once when it is a transition or the window is
 * open; otherwise holds it back (replacing an older held-back one, which it supersedes).
 */
export function offerUpdate<T extends RateLimitedUpdate>(
  state: RateLimiterState<T>,
  update: T,
  nowMs: number,
  options: RateLimitOptions = {},
): RateDecision<T> {
  const intervalMs = options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
  const { last } = state;
  // A clock that went backwards opens the window rather than holding updates for a long time.
  if (
    last === undefined ||
    isTransition(last, update) ||
    nowMs - last.atMs >= intervalMs ||
    nowMs < last.atMs
  ) {
    return sent(update, nowMs);
  }
  return { state: { last, pending: update }, dueAt: last.atMs + intervalMs };
}

/**
 * Delivers the held-back update once its window has opened. Called early, it sends nothing
 * and says again when to come back; with nothing held back it does nothing.
 */
export function flushDue<T extends RateLimitedUpdate>(
  state: RateLimiterState<T>,
  nowMs: number,
  options: RateLimitOptions = {},
): RateDecision<T> {
  const intervalMs = options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
  const { last, pending } = state;
  if (pending === undefined) return { state };
  if (last === undefined || nowMs - last.atMs >= intervalMs || nowMs < last.atMs) return sent(pending, nowMs);
  return { state, dueAt: last.atMs + intervalMs };
}
