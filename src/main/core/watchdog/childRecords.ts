import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../app/log';
import type { ChildRecord } from './guardedChildRegistry';
import { isAlive, startIdentity } from './processIdentity';

/** TETHER_HOME/state/children.json: who wrote it, and the children it had running. */
export interface ChildrenFile {
  owner: { pid: number; identity: string };
  children: ChildRecord[];
}

/** Writes the children file atomically (a crash mid-write leaves the old file, never half a file). */
export function writeChildrenFile(file: string, content: ChildrenFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 1), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Reads the children file; undefined when missing or unreadable (a bad file is no reason to kill). */
export function readChildrenFile(file: string): ChildrenFile | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChildrenFile>;
    if (!raw.owner || typeof raw.owner.pid !== 'number' || !Array.isArray(raw.children)) return undefined;
    const children = raw.children.filter(
      (c): c is ChildRecord =>
        typeof c?.pid === 'number' && c.pid > 1 && typeof c.identity === 'string' && c.identity !== '',
    );
    return { owner: { pid: raw.owner.pid, identity: String(raw.owner.identity ?? '') }, children };
  } catch {
    return undefined;
  }
}

/** What the start-up cleanup did with each listed child. */
export interface CleanupResult {
  /** Still the process Tether started: ended. */
  ended: number[];
  /** Gone, or the PID now belongs to another process (another start identity): left alone. */
  leftAlone: number[];
  /** The file's owner is alive (another Tether, or this process): nothing touched. */
  ownerAlive: boolean;
}

/**
 * At start: ends the children a previous Tether left behind (a crash before its guard could act,
 * or the guard was killed too) — only processes Tether itself started and that are still the
 * same processes (PID + start identity), never by name. If the file's owner is still alive,
 * nothing is touched: they are its children. The file is then reset to this process.
 */
export async function cleanupOrphans(file: string, log: Logger, graceMs = 1_000): Promise<CleanupResult> {
  const result: CleanupResult = { ended: [], leftAlone: [], ownerAlive: false };
  const prev = readChildrenFile(file);
  if (!prev || prev.children.length === 0) return result;
  if (isAlive(prev.owner.pid) && (await startIdentity(prev.owner.pid)) === prev.owner.identity) {
    result.ownerAlive = true;
    log.info('children file belongs to a running Tether; left alone', { owner: prev.owner.pid });
    return result;
  }
  const same = await Promise.all(prev.children.map(async (c) => (await startIdentity(c.pid)) === c.identity));
  const victims = prev.children.filter((_, i) => same[i]);
  result.leftAlone = prev.children.filter((_, i) => !same[i]).map((c) => c.pid);
  for (const c of victims) signal(c.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let alive = victims;
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const still = await Promise.all(alive.map(async (c) => (await startIdentity(c.pid)) === c.identity));
    alive = alive.filter((_, i) => still[i]);
  }
  for (const c of alive) signal(c.pid, 'SIGKILL');
  result.ended = victims.map((c) => c.pid);
  if (victims.length > 0 || result.leftAlone.length > 0) {
    log.warn('children left by a previous run', {
      ended: victims.map((c) => ({ pid: c.pid, command: c.command })),
      leftAlone: result.leftAlone,
    });
  }
  rmSync(file, { force: true });
  return result;
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // gone meanwhile
  }
}
