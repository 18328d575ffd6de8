import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A process's start identity: something that differs between two processes that got the same
 * PID. Linux: boot id + the start time in clock ticks since boot (`/proc/PID/stat` field 22);
 * macOS: `ps -o lstart=` (start time to the second). Undefined when the process is gone.
 *
 * The orphan guard script (orphanGuardProcess.ts) carries its own copy of the Linux/macOS reading,
 * because it runs as a standalone Node script without the engine's modules; keep them alike.
 */
export async function startIdentity(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (platform === 'linux') return linuxIdentity(pid);
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'lstart=', '-p', String(pid)], { timeout: 2_000 }, (err, stdout) => {
      const s = String(stdout).trim();
      resolve(err || s === '' ? undefined : `ps:${s}`);
    });
  });
}

/** Linux only, synchronous: `linux:<boot id>:<starttime ticks>`, or undefined when the process is gone. */
export function linuxIdentity(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces or ")" itself.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = rest[19]; // field 22; `rest` starts at field 3
    if (!start) return undefined;
    let boot = '';
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      // Containers may hide it; the start time alone still tells two processes apart.
    }
    return `linux:${boot}:${start}`;
  } catch {
    return undefined;
  }
}

/** True when a process with this PID exists (EPERM: exists, but not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
