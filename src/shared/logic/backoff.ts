// Exponential backoff with jitter, pure: the caller passes `random` (Math.random in the engine,
// a fixed sequence in tests). Jitter matters because many clusters/watches fail together
// (laptop wakes, VPN drops): without it they all retry in the same millisecond.
// "full" and "equal" are the two schemes of the AWS Architecture Blog's "Exponential Backoff
// And Jitter": full spreads widest; equal never waits less than half the cap.

/** How delays grow. All values in milliseconds. */
export interface BackoffPolicy {
  /** Delay before the first retry (before jitter). */
  readonly initialMs: number;
  /** Cap on the grown delay (before jitter, so jitter never exceeds it). */
  readonly maxMs: number;
  /** Floor applied after jitter, so full jitter never retries in a tight loop. */
  readonly minMs?: number;
  /** Growth per attempt; default 2. */
  readonly multiplier?: number;
  /** full: uniform in [0, cap]; equal: cap/2 + uniform in [0, cap/2]; none: cap. Default full. */
  readonly jitter?: 'full' | 'equal' | 'none';
}

/** A source of uniform numbers in [0, 1), injected so tests are deterministic. */
export type RandomSource = () => number;

/** Reconnect policy for watches and probes after failures: 800 ms → 30 s, like client-go's backoff manager. */
export const DEFAULT_RECONNECT_BACKOFF: BackoffPolicy = {
  initialMs: 800,
  maxMs: 30_000,
  minMs: 200,
  multiplier: 2,
  jitter: 'equal',
};

/** The delay cap for an attempt, before jitter: min(maxMs, initialMs × multiplier^attempt). */
export function backoffCap(attempt: number, policy: BackoffPolicy): number {
  const initial = Math.max(0, finiteOr(policy.initialMs, 0));
  const max = Math.max(initial, finiteOr(policy.maxMs, initial));
  const multiplier = Math.max(1, finiteOr(policy.multiplier ?? 2, 2));
  const n = Math.max(0, Math.floor(finiteOr(attempt, 0)));
  // Exponentiate in log space and compare first: 2^2000 is Infinity and Infinity*0 is NaN.
  if (initial === 0) return 0;
  if (multiplier === 1) return initial;
  const maxSteps = Math.log(max / initial) / Math.log(multiplier);
  if (n >= maxSteps) return max;
  return Math.min(max, initial * multiplier ** n);
}

/** The delay before retry number `attempt` (0 = first retry), jittered with `random`. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: RandomSource): number {
  const cap = backoffCap(attempt, policy);
  const r = clamp01(random());
  let delay: number;
  switch (policy.jitter ?? 'full') {
    case 'full':
      delay = cap * r;
      break;
    case 'equal':
      delay = cap / 2 + (cap / 2) * r;
      break;
    case 'none':
      delay = cap;
      break;
  }
  const floor = Math.max(0, finiteOr(policy.minMs ?? 0, 0));
  return Math.round(Math.max(floor, delay));
}

/** Stateful helper: `next()` returns the next delay and grows; `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  private readonly policy: BackoffPolicy;
  private readonly random: RandomSource;

  constructor(policy: BackoffPolicy, random: RandomSource) {
    this.policy = policy;
    this.random = random;
  }

  /** The delay to wait before the next retry. */
  next(): number {
    const delay = backoffDelay(this.attempt, this.policy, this.random);
    // Stop counting once capped so the counter cannot grow without bound over days.
    if (backoffCap(this.attempt + 1, this.policy) > backoffCap(this.attempt, this.policy)) this.attempt += 1;
    return delay;
  }

  /** How many retries have grown the delay so far. */
  get attempts(): number {
    return this.attempt;
  }

  /** Start again from `initialMs` (call when the operation succeeded). */
  reset(): void {
    this.attempt = 0;
  }
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function clamp01(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  // Math.random never returns 1, but an injected source might.
  return value >= 1 ? 1 : value;
}
