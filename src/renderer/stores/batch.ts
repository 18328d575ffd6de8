/**
 * Collects keyed updates and hands them over in one flush a little later, so a burst of
 * engine events becomes one store write and one render (the last value per key wins).
 */
export function createBatcher<K, V>(flush: (items: Map<K, V>) => void, delayMs = 50) {
  let pending = new Map<K, V>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    push(key: K, value: V) {
      pending.set(key, value);
      timer ??= setTimeout(() => {
        timer = undefined;
        const items = pending;
        pending = new Map();
        flush(items);
      }, delayMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = new Map();
    },
  };
}
