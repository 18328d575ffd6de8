// Process helpers over /proc. kwokctl forks each component detached (setsid) and records
// its PID under <cluster>/pids/<binary>.pid; these helpers find, signal and measure them.
// Synchronous on purpose: they also run from exit and signal handlers.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux process state letter, or 'gone' when the PID no longer exists. */
export type ProcState = 'R' | 'S' | 'D' | 'T' | 't' | 'Z' | 'X' | 'I' | 'gone';

/** Reads a kwokctl pid file; undefined when absent or unreadable. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The state letter from /proc/<pid>/stat (field 3, after the parenthesised name). */
export function procState(pid: number): ProcState {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || 'gone') as ProcState;
  } catch {
    return 'gone';
  }
}

/**
 * Alive means it can still do work or still holds what it opened (stopped counts). A zombie is
 * dead: in this container PID 1 reaps orphans only every few seconds, and kill(pid, 0) would
 * still succeed on it. But a many-threaded process (kubectl, Go) shows its first thread as a
 * zombie while its other threads are still exiting, and its files (listening sockets) close
 * only when the last one has: it is alive until every thread is gone.
 */
export function isAlive(pid: number): boolean {
  const s = procState(pid);
  if (s === 'gone' || s === 'X') return false;
  return s !== 'Z' || threadsLeft(pid);
}

/** Whether a process whose first thread is a zombie still has a thread that is not. */
function threadsLeft(pid: number): boolean {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tids.some((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X' && state !== '';
    } catch {
      return false;
    }
  });
}

/** The command line of a process as one string ('' for zombies and kernel threads). */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Every live process (not us) whose command line mentions `needle` — e.g. a workdir path. */
export function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (isAlive(pid) && cmdline(pid).includes(needle)) found.push(pid);
  }
  return found;
}

/** Sends a signal, ignoring processes that already exited. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Kills (SIGCONT first, so a paused process cannot linger) and does not wait. */
export function killNow(pids: Iterable<number>): void {
  for (const pid of pids) {
    signal(pid, 'SIGCONT');
    signal(pid, 'SIGKILL');
  }
}

/** Resolves once none of `pids` is alive; throws after `timeoutMs`. */
export async function waitGone(pids: number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) {
      throw new Error(`processes still alive after ${timeoutMs} ms: ${pids.filter(isAlive).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once none of `pids` exists at all, zombies included (so pgrep is clean). */
export async function waitReaped(pids: number[], timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some((p) => procState(p) !== 'gone')) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Resident memory of a process in bytes (VmRSS), 0 when gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A process's parent (field 4 of /proc/<pid>/stat, after the parenthesised name); undefined when gone. */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** The name the kernel keeps for a process (/proc/<pid>/comm: the executable's, at most 15 characters). */
export function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Every live process below `root` in the process tree (its children, theirs, and so on). */
export function descendants(root: number = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentPid(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (isAlive(pid)) found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Live processes below `root` whose executable is `name` (e.g. 'kubectl'). */
export function descendantsNamed(name: string, root: number = process.pid): number[] {
  return descendants(root).filter((pid) => processName(pid) === name);
}

/**
 * The `kubectl port-forward` processes below this one: an in-process engine's tunnels (other
 * kubectl commands a test runs, `get` or `apply`, are not counted).
 */
export function kubectlPortForwards(root: number = process.pid): number[] {
  return descendantsNamed('kubectl', root).filter((pid) => cmdline(pid).split(' ').includes('port-forward'));
}
