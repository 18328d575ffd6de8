import type { ErrorKind } from './errors';

// The current cause of a failing API: what kind of failure, since when, and how many probes
// in a row failed that way. A new kind of failure (connection refused, then a 500 while the
// restarted API server starts) is a new cause: its time and count start again, so
// "API server errors for 37 checks" never counts the refusals before it.

/** One failure cause. */
export interface FailureCause {
  readonly kind: ErrorKind;
  readonly since: number;
  readonly failures: number;
}

/** The cause after one probe at `at`: null once a probe succeeds. */
export function nextCause(
  prev: FailureCause | null,
  result: { readonly ok: boolean; readonly kind?: ErrorKind | undefined; readonly at: number },
): FailureCause | null {
  if (result.ok) return null;
  const kind = result.kind ?? 'unknown';
  if (prev && prev.kind === kind) return { ...prev, failures: prev.failures + 1 };
  return { kind, since: result.at, failures: 1 };
}
