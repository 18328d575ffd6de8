import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { collectYoung, createMemoryReleaser, releaseHeap } from './memory';

describe('memory release after a burst', () => {
  afterEach(() => void vi.useRealTimers());

  it('releases once, after the lists have been quiet for the delay', () => {
    vi.useFakeTimers();
    const release = vi.fn(() => true);
    const log = memoryLogger();
    const r = createMemoryReleaser(log, 1000, release);
    r.afterBurst();
    vi.advanceTimersByTime(600);
    r.afterBurst(); // another list ended: wait for quiet again
    vi.advanceTimersByTime(600);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(release).toHaveBeenCalledTimes(1);
    expect(log.records.some((e) => e.msg === 'released memory after a burst of lists')).toBe(true);
    r.afterBurst();
    r.stop();
    vi.advanceTimersByTime(5000);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('really collects: a dropped burst of objects is gone afterwards', async () => {
    // A burst of garbage the size of a few list pages, dropped at once.
    const ref = ((): WeakRef<object[]> =>
      new WeakRef(Array.from({ length: 200_000 }, (_, i) => ({ i, s: `pod-${i}` }))))();
    // A WeakRef keeps its target until the current job ends; collect in a later one.
    await new Promise((r) => setImmediate(r));
    collectYoung();
    expect(releaseHeap()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});
