import type { Logger } from '../../src/main/core/app/log';

export interface LogRecord {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every record, so tests can assert what was logged. */
export function memoryLogger(
  records: LogRecord[] = [],
  base: Record<string, unknown> = {},
): Logger & { records: LogRecord[] } {
  const put = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void records.push({ level, msg, fields: { ...base, ...fields } });
  return {
    records,
    debug: put('debug'),
    info: put('info'),
    warn: put('warn'),
    error: put('error'),
    child: (f) => memoryLogger(records, { ...base, ...f }),
  };
}
