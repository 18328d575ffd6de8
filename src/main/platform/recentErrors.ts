import type { Logger } from '../core/app/log';

/** One remembered warning or error. */
export interface RecentError {
  t: string;
  level: 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/**
 * Wraps a logger so the last `max` warnings and errors are also kept in memory, for "Copy
 * diagnostics". The file log is unchanged; children share the same memory.
 */
export function withRecentErrors(
  log: Logger,
  max = 50,
  now: () => number = Date.now,
): { log: Logger; recent: () => RecentError[] } {
  const ring: RecentError[] = [];
  const remember = (level: RecentError['level'], msg: string, fields: Record<string, unknown>) => {
    ring.push({ t: new Date(now()).toISOString(), level, msg, fields });
    if (ring.length > max) ring.shift();
  };
  const wrap = (inner: Logger, base: Record<string, unknown>): Logger => ({
    debug: (m, f) => inner.debug(m, f),
    info: (m, f) => inner.info(m, f),
    warn: (m, f) => {
      remember('warn', m, { ...base, ...f });
      inner.warn(m, f);
    },
    error: (m, f) => {
      remember('error', m, { ...base, ...f });
      inner.error(m, f);
    },
    child: (f) => wrap(inner.child(f), { ...base, ...f }),
  });
  return { log: wrap(log, {}), recent: () => [...ring] };
}
