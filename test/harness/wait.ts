// Polling helpers: the control plane is eventually consistent, so tests wait for states.

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Options for waitFor. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what we waited for in the timeout error. */
  what?: string;
}

/**
 * Calls `probe` until it returns a value other than undefined/false, and returns that
 * value. Errors thrown by `probe` count as "not yet"; the last one is in the timeout error.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = opts;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}
