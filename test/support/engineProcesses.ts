// The process table and the socket table, read from /proc, for tests and benchmarks that run
// the engine as a real child process: which kubectl children and which orphan guard it has,
// which ports they listen on, and whether those ports are free again. Linux only (like the
// harness); the engine's own code never relies on any of this.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { cmdline, isAlive } from '../harness/procs.ts';

export { isAlive };

/** The parent PID from /proc/<pid>/stat (field 4), or undefined when gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Live `kubectl port-forward` processes whose parent is `enginePid`. */
export function kubectlChildrenOf(enginePid: number): number[] {
  return allPids().filter(
    (pid) => parentOf(pid) === enginePid && isAlive(pid) && /kubectl\S*\s+port-forward/.test(cmdline(pid)),
  );
}

/** The live orphan guard started for `enginePid` (found by its `--owner` argument), if any. */
export function guardOf(enginePid: number): number | undefined {
  return allPids().find(
    (pid) =>
      isAlive(pid) && / --owner \d+/.test(cmdline(pid)) && cmdline(pid).includes(`--owner ${enginePid} `),
  );
}

/** A listening TCP socket: its port and its socket inode (unique while the socket exists). */
export interface ListeningSocket {
  port: number;
  inode: string;
}

/** The TCP sockets the process listens on (IPv4 and IPv6), from its socket fds and /proc/net/tcp*. */
export function listeningSockets(pid: number): ListeningSocket[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  return listeners().filter((l) => inodes.has(l.inode));
}

/**
 * Of `sockets`, those still listening anywhere (any process may hold an inherited fd). Matched by
 * socket inode, not by port: once a socket is closed the kernel may hand its port number to an
 * unrelated listener (kubectl's local ports are ephemeral), and that is not a socket left behind.
 */
export function stillListening(sockets: ListeningSocket[]): ListeningSocket[] {
  const open = new Set(listeners().map((l) => l.inode));
  return sockets.filter((s) => open.has(s.inode));
}

/** Every listening TCP socket on the machine (IPv4 and IPv6): its port and socket inode. */
function listeners(): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is "HEXIP:HEXPORT"; st 0A is LISTEN; the inode is field 10.
      if (f.length > 9 && f[3] === '0A') {
        out.push({ port: Number.parseInt(f[1]!.split(':')[1]!, 16), inode: f[9]! });
      }
    }
  }
  return out;
}

/** True when 127.0.0.1:`port` can be listened on right now (nobody holds it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
