import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './log';

type Collect = (
  opts: { type: 'minor' } | { type: 'major'; execution: 'sync'; flavor: 'last-resort' },
) => void;

let collect: Collect | null | undefined;

/**
 * V8's collector, reached the way Jest's leak detector reaches it: expose it, then read `gc`
 * from a fresh context (the flag only affects contexts created after it is set). Null if the
 * runtime refuses.
 */
function collector(): Collect | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/**
 * A full, compacting collection that also returns free heap pages to the OS ("last resort":
 * what V8 does under memory pressure). Returns false when no collector is available.
 */
export function releaseHeap(): boolean {
  const gc = collector();
  if (!gc) return false;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/**
 * A young-generation collection (a scavenge: a millisecond or two when little survives). A
 * page of a list arrives as a few hundred socket chunks, each a Buffer whose memory is
 * outside V8's heap and freed only when a collection finds the Buffer dead; V8 waits until
 * ~64 MB of such memory is outstanding, and the C heap never shrinks back from that peak.
 * Collecting after each page keeps the outstanding chunks to about one page.
 */
export function collectYoung(): void {
  collector()?.({ type: 'minor' });
}

export interface MemoryReleaser {
  /** A burst of allocation just ended (e.g. the initial lists); release once things are quiet. */
  afterBurst(): void;
  stop(): void;
}

export interface ReleaserOptions {
  /** Quiet time after the last list before releasing. */
  quietMs?: number;
  /** How often to look at the resident size while idle. */
  checkEveryMs?: number;
  /** Release again when the resident size grew this much since the last release. */
  growthBytes?: number;
  release?: () => boolean;
  rss?: () => number;
}

/**
 * Hands memory back to the OS after bursts. Listing 10 clusters × 1,000 pods parses ~150 MB of
 * JSON in a couple of seconds; V8 grows its heap to ~250 MB for it and, left alone, keeps that
 * reserved for minutes although ~40 MB stays live. A menu-bar app that sits idle all day
 * should not hold that: once the lists have been quiet for `quietMs`, one compacting
 * collection (tens of ms, once per burst) gives it back. Smaller bursts (a relist, a rollout
 * digested, a drill-down) regrow V8's young generation and pool pages it keeps; a check every
 * `checkEveryMs` releases again when the resident size grew by `growthBytes` since the last
 * release — at most one collection a minute, only when there is something to give back.
 */
export function createMemoryReleaser(log: Logger, opts: ReleaserOptions = {}): MemoryReleaser {
  const quietMs = opts.quietMs ?? 1500;
  const growth = opts.growthBytes ?? 8 * 2 ** 20;
  const release = opts.release ?? releaseHeap;
  const rss = opts.rss ?? (() => process.memoryUsage.rss());
  let timer: NodeJS.Timeout | undefined;
  let baseline: number | undefined;
  const run = (why: string) => {
    const before = rss();
    const t0 = performance.now();
    if (!release()) return;
    baseline = rss();
    log.debug('released memory', {
      why,
      rssBeforeMb: Math.round(before / 2 ** 20),
      rssAfterMb: Math.round(baseline / 2 ** 20),
      ms: Math.round(performance.now() - t0),
    });
  };
  const check = setInterval(() => {
    if (timer === undefined && baseline !== undefined && rss() - baseline > growth) run('grew while idle');
  }, opts.checkEveryMs ?? 60_000);
  check.unref();
  return {
    afterBurst() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        run('after a burst of lists');
      }, quietMs);
      timer.unref();
    },
    stop() {
      clearTimeout(timer);
      clearInterval(check);
      timer = undefined;
    },
  };
}
