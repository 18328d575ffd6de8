import { appendFileSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactSecrets } from '../../../shared/logic/text/redact';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './privateFiles';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

/** The engine's structured log: JSON lines, one per event, with context fields. */
export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export interface LoggerOptions {
  /** File to append to (rotated at `maxBytes`, keeping one `.1`); none = no file. */
  file?: string;
  maxBytes?: number;
  /** Also write human lines here (the headless CLI passes stderr). */
  echo?: (line: string) => void;
  level?: LogLevel;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Creates a logger; writes are synchronous so nothing is lost on a crash or quick exit. */
export function createLogger(opts: LoggerOptions = {}, base: Fields = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  // Logs name clusters, servers and pods: this user's only, from the first line.
  if (opts.file) ensurePrivateDir(dirname(opts.file));
  const write = (level: LogLevel, rawMsg: string, rawFields?: Fields) => {
    if (ORDER[level] < min) return;
    // Errors quote stderr, URLs and headers: nothing credential-looking is written.
    const msg = redactSecrets(rawMsg);
    const fields = rawFields === undefined ? undefined : (redactStrings(rawFields) as Fields);
    const rec = { t: new Date().toISOString(), level, msg, ...base, ...fields };
    if (opts.file) {
      try {
        rotateIfLarge(opts.file, maxBytes);
        appendFileSync(opts.file, JSON.stringify(rec) + '\n', { mode: PRIVATE_FILE_MODE });
      } catch {
        // Logging must never take the engine down.
      }
    }
    opts.echo?.(
      `${rec.t} ${level.toUpperCase()} ${msg}${fields || Object.keys(base).length ? ' ' + JSON.stringify({ ...base, ...fields }) : ''}`,
    );
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (f) => createLogger(opts, redactStrings({ ...base, ...f }) as Fields),
  };
}

/** Every string in a logged value through `redactSecrets` (depth-bounded; keys kept). */
function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, depth + 1));
  if (value instanceof Error) return redactSecrets(value.stack ?? value.message);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, depth + 1)]));
}

function rotateIfLarge(file: string, maxBytes: number) {
  try {
    if (statSync(file).size >= maxBytes) renameSync(file, `${file}.1`);
  } catch {
    // no file yet
  }
}

/** A logger that drops everything (tests that don't care). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
