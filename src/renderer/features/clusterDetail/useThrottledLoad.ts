import { useEffect, useRef } from 'react';

/**
 * Calls `load` when `key` changes, at most once per `minGapMs` (a burst of changes ends in one
 * trailing load), and once at mount.
 */
export function useThrottledLoad(load: () => void, key: string, minGapMs = 2000): void {
  const last = useRef(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const wait = last.current + minGapMs - Date.now();
    const run = () => {
      last.current = Date.now();
      loadRef.current();
    };
    if (wait <= 0) {
      run();
      return;
    }
    const t = setTimeout(run, wait);
    return () => clearTimeout(t);
  }, [key, minGapMs]);
}
