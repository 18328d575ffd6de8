import {
  chmodSync,
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Logger } from './log';

/**
 * TETHER_HOME holds the headless token (state/server.json), forwards with probe headers,
 * settings and logs naming clusters: it is this user's alone. Folders are created 0700 and
 * files 0600 at creation — the kernel only ever narrows those by the umask — so no other user
 * can open them in the moment between a write and a later chmod.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) 0700; an existing folder is left as it is. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Replaces `file` atomically with `data`: a fresh temp file opened `wx` (never an existing one
 * or a planted link) with mode 0600, written, fsynced, then renamed over the target, so a
 * reader sees the old or the new content and a power loss does not leave an empty file.
 */
export function writePrivateFile(file: string, data: string): void {
  const dir = dirname(file);
  ensurePrivateDir(dir);
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const fd = openSync(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      const buf = Buffer.from(data, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/** Makes the rename itself durable; not every platform can open a folder for that. */
function syncDir(dir: string) {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Once at start-up (entry points): what an older version created readable by others — the
 * home, `state/` and `logs/` folders and the files directly in them — loses its group and
 * other bits (the owner's own bits stay). Links are never followed. Returns nothing; logs what it changed.
 */
export function tightenPrivateHome(home: string, log: Logger): void {
  const changed: string[] = [];
  const tighten = (path: string, kind: 'dir' | 'file') => {
    try {
      const s = lstatSync(path);
      if (kind === 'dir' ? !s.isDirectory() : !s.isFile()) return;
      if ((s.mode & 0o077) === 0) return;
      chmodSync(path, s.mode & 0o700);
      changed.push(path);
    } catch {
      // gone, or not ours to change: nothing to tighten
    }
  };
  for (const dir of [home, join(home, 'state'), join(home, 'logs')]) {
    tighten(dir, 'dir');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) tighten(join(dir, name), 'file');
  }
  if (changed.length > 0) log.info('made private', { paths: changed });
}
