import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { Logger } from '../app/log';
import { writePrivateFile } from '../app/privateFiles';

/**
 * The storage interface the engine uses for its settings. The Electron layer backs it with
 * electron-store; headless mode and tests use the JSON file below.
 */
export interface SettingsStorage<T> {
  read(): T;
  write(next: T): void;
}

/**
 * Settings in one JSON file, written atomically (private temp file, fsync, rename). A file that cannot be read
 * or fails validation is moved aside as `<name>.corrupt-<timestamp>.json`, the defaults are
 * used, and `onRecovered` tells the user — nothing is silently lost.
 */
export class JsonFileStorage<T> implements SettingsStorage<T> {
  private readonly file: string;
  private readonly parse: (raw: unknown) => T;
  private readonly defaults: () => T;
  private readonly log: Logger;
  private readonly onRecovered: ((message: string) => void) | undefined;
  private cache: T | undefined;

  constructor(opts: {
    file: string;
    parse: (raw: unknown) => T;
    defaults: () => T;
    log: Logger;
    onRecovered?: (message: string) => void;
  }) {
    this.file = opts.file;
    this.parse = opts.parse;
    this.defaults = opts.defaults;
    this.log = opts.log;
    this.onRecovered = opts.onRecovered;
  }

  read(): T {
    if (this.cache !== undefined) return this.cache;
    if (!existsSync(this.file)) return (this.cache = this.defaults());
    try {
      this.cache = this.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      const aside =
        this.file.replace(/\.json$/, '') + `.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      renameSync(this.file, aside);
      const message = `Settings file ${this.file} could not be read (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); it was moved to ${aside} and defaults were restored.`;
      this.log.warn('settings recovered', { file: this.file, aside });
      this.onRecovered?.(message);
      this.cache = this.defaults();
    }
    return this.cache;
  }

  write(next: T): void {
    // 0600 in a 0700 folder from the first byte, fsynced, then renamed (forwards carry probe headers).
    writePrivateFile(this.file, JSON.stringify(next, null, 2));
    this.cache = next;
  }
}
