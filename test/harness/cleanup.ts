// Making sure no control-plane process outlives its harness run:
// - every run owns one workdir under harnessRoot and records its PID in owner.json;
// - a run that is interrupted kills its processes from signal and exit handlers
//   (synchronously: async work does not run during 'exit');
// - runs started by vitest workers also record the vitest main process as their group
//   (HARNESS_GROUP_ENV). On SIGINT/SIGTERM vitest's main process exits at once and a
//   watchdog SIGKILLs the workers, so their own handlers never run: the main process
//   (globalSetup) kills the whole group instead;
// - anything still left (a run that was SIGKILLed) is removed by the next run's sweep,
//   which removes every workdir whose owner is dead.
// Processes are found by their command line mentioning the workdir (kwokctl starts every
// component from binaries and files inside it), which never matches anything else.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessRoot } from './config.ts';
import { isAlive, killNow, processesMentioning, waitReaped } from './procs.ts';

/** Environment variable naming the process that cleans up after every run below it. */
export const HARNESS_GROUP_ENV = 'TETHER_HARNESS_GROUP';

/** owner.json: who owns a workdir. `manual` workdirs (npm run harness up) are never swept. */
export interface Owner {
  pid: number;
  /** PID of the process responsible for the whole test run (see HARNESS_GROUP_ENV). */
  group: number;
  manual: boolean;
  startedAt: string;
}

const myGroup = (): number => Number(process.env[HARNESS_GROUP_ENV]) || process.pid;

/** Makes this process responsible for every harness its children start. */
export function becomeGroupLeader(): void {
  process.env[HARNESS_GROUP_ENV] = String(process.pid);
}

/** Records the current process as the owner of `workdir`. */
export function writeOwner(workdir: string, manual: boolean): void {
  const owner: Owner = { pid: process.pid, group: myGroup(), manual, startedAt: new Date().toISOString() };
  writeFileSync(join(workdir, 'owner.json'), JSON.stringify(owner));
}

function readOwner(workdir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(workdir, 'owner.json'), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function workdirs(root: string): string[] {
  return existsSync(root) ? readdirSync(root).map((e) => join(root, e)) : [];
}

/** Kills every process started from `workdir` and returns their PIDs. Synchronous. */
export function killWorkdirProcesses(workdir: string): number[] {
  const pids = processesMentioning(workdir + '/');
  killNow(pids);
  return pids;
}

/**
 * Kills and removes a workdir; waits until its processes — and `alsoReap`, PIDs already
 * killed by someone else — are reaped, so pgrep shows no zombie either.
 */
export async function destroyWorkdir(workdir: string, alsoReap: number[] = []): Promise<void> {
  const pids = killWorkdirProcesses(workdir);
  await waitReaped([...pids, ...alsoReap]);
  rmSync(workdir, { recursive: true, force: true });
}

/**
 * Removes workdirs under `root` left by runs that died without cleaning up. Returns the
 * workdirs it removed.
 */
export async function sweepLeftovers(root: string = harnessRoot): Promise<string[]> {
  const swept: string[] = [];
  for (const workdir of workdirs(root)) {
    const owner = readOwner(workdir);
    // A workdir without owner.json may be one another run is creating this instant.
    if (!owner && Date.now() - statSync(workdir).mtimeMs < 30_000) continue;
    if (owner?.manual || owner?.pid === process.pid) continue;
    if (owner && isAlive(owner.pid)) continue;
    await destroyWorkdir(workdir);
    swept.push(workdir);
  }
  return swept;
}

/** Removes every non-manual workdir of this process's group (globalSetup's teardown). */
export async function destroyGroup(root: string = harnessRoot): Promise<string[]> {
  const mine = workdirs(root).filter((w) => {
    const o = readOwner(w);
    return o && !o.manual && o.group === myGroup();
  });
  for (const w of mine) await destroyWorkdir(w);
  return mine;
}

function killSync(workdir: string): void {
  killWorkdirProcesses(workdir);
  rmSync(workdir, { recursive: true, force: true });
}

const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Kills the workdir's processes if this process exits or is interrupted before the
 * harness is stopped — and, in a group leader, those of the whole group. Returns a
 * function that removes the handlers again.
 */
export function guardWorkdir(workdir: string): () => void {
  const onExit = () => {
    killSync(workdir);
    if (myGroup() !== process.pid) return;
    for (const w of workdirs(harnessRoot)) {
      const o = readOwner(w);
      if (o && !o.manual && o.group === process.pid) killSync(w);
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    onExit();
    remove();
    // We replaced Node's default action; if nobody else handles it, die as asked.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  process.once('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
  const remove = () => {
    process.off('exit', onExit);
    for (const s of signals) process.off(s, onSignal);
  };
  return remove;
}
