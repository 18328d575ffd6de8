/**
 * Bounds how many full lists run at once across every informer of the engine. Ten clusters
 * starting together would otherwise parse thirty lists in parallel; the heap grows to hold
 * them all and the process keeps that memory long after the lists are digested. Watches
 * and probes never wait here: only the (re)lists do, which are rare after start.
 */
export type ListGate = <T>(run: () => Promise<T>) => Promise<T>;

export interface ListGateHooks {
  /** After each page: the page is garbage now; a cheap young-generation collection frees it. */
  afterEach?(): void;
  /**
   * Each time the last running list ends with none waiting: the end of a burst (start-up,
   * a reconnect), when the engine hands the burst's memory back (memory.ts).
   */
  onIdle?(): void;
}

export function createListGate(concurrency: number, hooks: ListGateHooks = {}): ListGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run();
    } finally {
      active--;
      hooks.afterEach?.();
      const next = waiting.shift();
      if (next) next();
      else if (active === 0) hooks.onIdle?.();
    }
  };
}

/** No bound: for a single informer, or tests. */
export const ungated: ListGate = (run) => run();
