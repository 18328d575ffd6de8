/**
 * Bounds how many full lists run at once across every informer of the engine. Ten clusters
 * starting together would otherwise parse thirty lists in parallel; the heap grows to hold
 * them all and the process keeps that memory long after the lists are digested. Watches
 * and probes never wait here: only the (re)lists do, which are rare after start.
 */
export type ListGate = <T>(run: () => Promise<T>) => Promise<T>;

export function createListGate(concurrency: number): ListGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** No bound: for a single informer, or tests. */
export const ungated: ListGate = (run) => run();
