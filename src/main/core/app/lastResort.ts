import type { Logger } from './log';

/** The key under which unhandled rejections are counted in `app:health` → `self.errors`. */
export const UNHANDLED_REJECTION = 'unhandled-rejection';

/** Where the handlers count what they caught (the watchdog's ErrorCounts, seen by `app:health`). */
export interface CaughtCounter {
  add(source: string): void;
}

/** The part of `process` the handlers attach to (an EventEmitter in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void): unknown;
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void): unknown;
}

/**
 * The last net under a long-running process, for the entry points only (`tether serve`, the
 * Electron main process). The engine library and the tests never install it: there an
 * unhandled rejection must keep failing the run. A lost promise is logged with its stack,
 * counted where `app:health` shows it, and the process keeps its forwards up. An uncaught
 * exception leaves the process in an unknown state: it is logged and `onFatal` ends the
 * process cleanly (removing what a running engine advertises). Returns an uninstall function.
 */
export function installLastResort(
  proc: ProcessEvents,
  deps: { log: Logger; errors: CaughtCounter; onFatal: (err: unknown) => void },
): () => void {
  const onRejection = (err: unknown) => {
    deps.errors.add(UNHANDLED_REJECTION);
    safeLog(deps.log, 'unhandled promise rejection', err);
  };
  const onException = (err: unknown) => {
    deps.errors.add('uncaught-exception');
    safeLog(deps.log, 'uncaught exception: exiting', err);
    deps.onFatal(err);
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

function safeLog(log: Logger, msg: string, err: unknown) {
  try {
    log.error(msg, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  } catch {
    // The handler of last resort must not throw in turn.
  }
}
