import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { collectYoung, createMemoryReleaser, releaseHeap } from './memory';

describe('memory release after a burst', () => {
  afterEach(() => void vi.useRealTimers());

  it('releases once, after the lists have been quiet for the delay', () => {
    vi.useFakeTimers();
    const release = vi.fn(() => true);
    const log = memoryLogger();
    const r = createMemoryReleaser(log, { quietMs: 1000, release });
    r.afterBurst();
    vi.advanceTimersByTime(600);
    r.afterBurst(); // another list ended: wait for quiet again
    vi.advanceTimersByTime(600);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(release).toHaveBeenCalledTimes(1);
    expect(log.records.find((e) => e.msg === 'released memory')?.fields.why).toBe('after a burst of lists');
    r.afterBurst();
    r.stop();
    vi.advanceTimersByTime(5000);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('releases again while idle only when the resident size grew since the last release', () => {
    vi.useFakeTimers();
    let rss = 100;
    const release = vi.fn(() => {
      rss = 90;
      return true;
    });
    const r = createMemoryReleaser(memoryLogger(), {
      quietMs: 10,
      checkEveryMs: 1000,
      growthBytes: 8,
      release,
      rss: () => rss,
    });
    vi.advanceTimersByTime(5000);
    expect(release).not.toHaveBeenCalled(); // nothing to compare with before the first burst
    r.afterBurst();
    vi.advanceTimersByTime(10);
    expect(release).toHaveBeenCalledTimes(1);
    rss = 97; // +7: not worth a collection
    vi.advanceTimersByTime(3000);
    expect(release).toHaveBeenCalledTimes(1);
    rss = 99; // +9
    vi.advanceTimersByTime(1000);
    expect(release).toHaveBeenCalledTimes(2);
    r.stop();
    rss = 200;
    vi.advanceTimersByTime(5000);
    expect(release).toHaveBeenCalledTimes(2);
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
