import type { Logger } from '../core/app/log';

/** The power events Tether reacts to (Electron's powerMonitor, structurally). */
export type PowerEvent = 'suspend' | 'resume' | 'unlock-screen';

/** The slice of powerMonitor this uses. */
export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  removeListener(event: PowerEvent, listener: () => void): unknown;
}

/** What to do after wake: the engine's `watchdog.wake(reason)` (recheck clusters, verify forwards). */
export type WakeHook = (reason: 'resume' | 'unlock-screen') => Promise<unknown>;

export interface PowerWatchOptions {
  /** Quiet time after the last resume/unlock before the hook runs (they often come in pairs). */
  debounceMs?: number;
  log: Logger;
  onSuspend?: () => void;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
}

/**
 * Sleep and wake → the watchdog hook, debounced and idempotent: a burst of resume and
 * unlock-screen events runs the hook once; a wake while the hook is still running runs it
 * once more afterwards (never twice at the same time); suspend cancels a pending run.
 * Returns the disposer, which removes every listener and clears the timer.
 */
export function watchPower(pm: PowerMonitorLike, onWake: WakeHook, o: PowerWatchOptions): () => void {
  const debounceMs = o.debounceMs ?? 1500;
  const t = o.timers ?? { setTimeout, clearTimeout };
  const log = o.log.child({ part: 'power' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again: 'resume' | 'unlock-screen' | undefined;
  let disposed = false;

  const run = (reason: 'resume' | 'unlock-screen') => {
    if (disposed) return;
    if (running) {
      again = reason;
      return;
    }
    running = true;
    log.info('woke up: running the wake hook', { reason });
    onWake(reason)
      .catch((err: unknown) => log.warn('wake hook failed', { error: String(err) }))
      .finally(() => {
        running = false;
        const next = again;
        again = undefined;
        if (next) run(next);
      });
  };

  const schedule = (reason: 'resume' | 'unlock-screen') => () => {
    t.clearTimeout(timer);
    timer = t.setTimeout(() => {
      timer = undefined;
      run(reason);
    }, debounceMs);
  };
  const onResume = schedule('resume');
  const onUnlock = schedule('unlock-screen');
  const onSuspend = () => {
    t.clearTimeout(timer);
    timer = undefined;
    log.info('going to sleep');
    o.onSuspend?.();
  };

  pm.on('resume', onResume);
  pm.on('unlock-screen', onUnlock);
  pm.on('suspend', onSuspend);
  return () => {
    disposed = true;
    t.clearTimeout(timer);
    pm.removeListener('resume', onResume);
    pm.removeListener('unlock-screen', onUnlock);
    pm.removeListener('suspend', onSuspend);
  };
}
