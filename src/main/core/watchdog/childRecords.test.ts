import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../app/log';
import { cleanupOrphans, readChildrenFile, writeChildrenFile } from './childRecords';
import { isAlive, startIdentity } from './processIdentity';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
function sleeper(): ChildProcess {
  const c = spawn('sleep', ['1000'], { stdio: 'ignore' });
  started.push(c);
  return c;
}
async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}
/** A PID that is surely not running (a child that already exited). */
async function deadPid(): Promise<number> {
  const c = spawn('true');
  await new Promise((r) => c.once('exit', r));
  return c.pid!;
}

describe('cleanupOrphans', () => {
  it('ends a child a crashed Tether left (same PID and identity), leaves a reused PID alone, clears the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tether-children-')), 'state', 'children.json');
    const orphan = sleeper();
    const unrelated = sleeper();
    const orphanId = (await startIdentity(orphan.pid!))!;
    const ownerPid = await deadPid();
    writeChildrenFile(file, {
      owner: { pid: ownerPid, identity: 'linux:x:1' },
      children: [
        { pid: orphan.pid!, identity: orphanId, command: 'kubectl port-forward a', startedAt: 1 },
        // Same PID as a live process, but recorded with another start: someone else's now.
        {
          pid: unrelated.pid!,
          identity: `${orphanId}-not-this-one`,
          command: 'kubectl port-forward b',
          startedAt: 1,
        },
      ],
    });
    const r = await cleanupOrphans(file, silentLogger);
    expect(r).toEqual({ ended: [orphan.pid], leftAlone: [unrelated.pid], ownerAlive: false });
    expect(await waitFor(() => orphan.exitCode !== null || orphan.signalCode !== null, 3_000)).toBe(true);
    expect(isAlive(unrelated.pid!)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('touches nothing while the owner is alive and the same process (another Tether)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tether-children-')), 'children.json');
    const child = sleeper();
    writeChildrenFile(file, {
      owner: { pid: process.pid, identity: (await startIdentity(process.pid))! },
      children: [
        { pid: child.pid!, identity: (await startIdentity(child.pid!))!, command: 'x', startedAt: 1 },
      ],
    });
    const r = await cleanupOrphans(file, silentLogger);
    expect(r.ownerAlive).toBe(true);
    expect(r.ended).toEqual([]);
    expect(isAlive(child.pid!)).toBe(true);
    expect(readChildrenFile(file)?.children).toHaveLength(1);
  });

  it('a missing or malformed file is nothing to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-children-'));
    expect(await cleanupOrphans(join(dir, 'none.json'), silentLogger)).toEqual({
      ended: [],
      leftAlone: [],
      ownerAlive: false,
    });
    writeChildrenFile(join(dir, 'bad.json'), {
      owner: { pid: 1, identity: '' },
      children: [{ pid: 1, identity: '', command: '', startedAt: 0 }],
    });
    expect(readChildrenFile(join(dir, 'bad.json'))?.children).toEqual([]); // PID 1 and empty identity are never listed
  });
});
