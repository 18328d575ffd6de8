/** A timer a WatchClock handed out; only ever given back to the same clock's clearTimeout. */
export type TimerHandle = unknown;

/**
 * The time a watch runs on: the wall clock for timestamps and the timers for retries and the
 * inactivity check. Injected so tests move time by hand (client-node's `delayFn`).
 */
export interface WatchClock {
  now(): number;
  /** `background`: the timer never keeps the process alive on its own (a liveness check). */
  setTimeout(run: () => void, ms: number, background?: boolean): TimerHandle;
  clearTimeout(timer: TimerHandle): void;
}

/**
 * The process's own clock. The globals are looked up at each call, so a test that fakes the
 * timers after this module was loaded still drives it.
 */
export const systemClock: WatchClock = {
  now: () => Date.now(),
  setTimeout: (run, ms, background) => {
    const t = setTimeout(run, ms);
    if (background) t.unref?.();
    return t;
  },
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};
