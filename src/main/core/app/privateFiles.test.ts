import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { JsonFileStorage } from '../settings/settingsStore';
import { createLogger } from './log';
import { tetherPaths } from './home';
import { ensurePrivateDir, tightenPrivateHome, writePrivateFile } from './privateFiles';

const mode = (p: string) => statSync(p).mode & 0o777;

// umask 000 is the worst case: whatever a file or folder is created with is what it gets.
let oldUmask: number;
beforeEach(() => {
  oldUmask = process.umask(0);
});
afterEach(() => {
  process.umask(oldUmask);
});

describe('private files under umask 000', () => {
  it('writePrivateFile creates its folder 0700 and the file 0600, atomically, leaving no temp file', () => {
    const root = mkdtempSync(join(tmpdir(), 'tether-private-'));
    const file = join(root, 'home', 'state', 'server.json');
    writePrivateFile(file, '{"token":"t1"}');
    expect(mode(join(root, 'home'))).toBe(0o700);
    expect(mode(join(root, 'home', 'state'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    writePrivateFile(file, '{"token":"t2"}');
    expect(readFileSync(file, 'utf8')).toBe('{"token":"t2"}');
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(join(root, 'home', 'state'))).toEqual(['server.json']);
  });

  it('ensurePrivateDir creates 0700', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tether-private-')), 'a', 'b');
    ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it('the settings store (settings.json, forwards.json) writes 0600 in a 0700 folder', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tether-private-')), 'home');
    const store = new JsonFileStorage<{ a: number }>({
      file: join(home, 'settings.json'),
      parse: (raw) => raw as { a: number },
      defaults: () => ({ a: 0 }),
      log: memoryLogger(),
    });
    store.write({ a: 1 });
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'settings.json'))).toBe(0o600);
  });

  it('the log file and its folder are private from the first line', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tether-private-')), 'home');
    const { logs, logFile } = tetherPaths(home);
    createLogger({ file: logFile }).info('hello');
    expect(mode(logs)).toBe(0o700);
    expect(mode(logFile)).toBe(0o600);
  });

  it('tightenPrivateHome makes what an older version left readable by others private, once', () => {
    const home = mkdtempSync(join(tmpdir(), 'tether-private-'));
    chmodSync(home, 0o755);
    const p = tetherPaths(home);
    for (const d of [p.state, p.logs]) mkdirSync(d, { mode: 0o755 });
    for (const f of [p.settings, p.forwards, join(home, 'config.json'), p.server, p.logFile])
      writeFileSync(f, '{}', { mode: 0o644 });
    writeFileSync(join(home, 'notes.txt'), 'x', { mode: 0o644 });
    writeFileSync(join(home, 'hook.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const log = memoryLogger();
    tightenPrivateHome(home, log);
    for (const d of [home, p.state, p.logs]) expect(mode(d)).toBe(0o700);
    for (const f of [p.settings, p.forwards, join(home, 'config.json'), p.server, p.logFile])
      expect(mode(f)).toBe(0o600);
    // The owner's own bits stay: an executable stays executable for its owner.
    expect(mode(join(home, 'hook.sh'))).toBe(0o700);
    expect(log.records.find((r) => r.msg === 'made private')?.fields.paths).toHaveLength(10);
    tightenPrivateHome(home, log);
    expect(log.records.filter((r) => r.msg === 'made private')).toHaveLength(1);
  });

  it('tightenPrivateHome on a home that does not exist yet does nothing', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tether-private-')), 'none');
    tightenPrivateHome(home, memoryLogger());
    expect(existsSync(home)).toBe(false);
  });
});
