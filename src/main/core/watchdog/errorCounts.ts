import type { Logger } from '../app/log';

/** Errors counted by source since start, for the self-health report. */
export class ErrorCounts {
  private readonly counts = new Map<string, number>();

  /** Adds one to `source`. */
  add(source: string): void {
    this.counts.set(source, (this.counts.get(source) ?? 0) + 1);
  }

  /** A plain object copy, e.g. `{ "log:error": 2, "checker:timeout": 1 }`. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/**
 * The engine's logger, counting every error and warning line (under "log:error" / "log:warn")
 * in its children too, so the self-health report can say how many there were without parsing
 * the log file.
 */
export function countingLogger(log: Logger, counts: ErrorCounts): Logger {
  return {
    debug: (m, f) => log.debug(m, f),
    info: (m, f) => log.info(m, f),
    warn: (m, f) => {
      counts.add('log:warn');
      log.warn(m, f);
    },
    error: (m, f) => {
      counts.add('log:error');
      log.error(m, f);
    },
    child: (f) => countingLogger(log.child(f), counts),
  };
}
