// The orphan guard process: a tiny standalone Node script the engine starts once (its owner in the
// engine is GuardedChildRegistry, guardedChildRegistry.ts) and that outlives it. It is bundled as
// its own entry (out/cli/orphanGuardProcess.js, out/main/orphanGuardProcess.js) and imports only
// Node built-ins, so it also runs from source (node strips the types).
//
// The engine holds the guard's stdin pipe and writes one JSON line per message:
//   {"watch":PID}   a kubectl child it just started (the guard records its start identity now)
//   {"forget":PID}  that child exited or was stopped
//   {"beat":1}      "still alive" (every few seconds)
// The guard ends every watched child that is still the same process (PID + start identity;
// never by name) when:
//   - its stdin reaches EOF: the engine died (kill -9, crash) or quit → at once, then it exits;
//   - no line came for `--stale-ms` (default 30 s, checked every `--check-ms`, default 10 s):
//     the engine is frozen or its loop is stuck → it keeps running, since the engine may come
//     back and start new children.
// Reports (JSON lines on stdout) are for the engine's log; nobody may be listening.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const staleMs = flag('stale-ms', 30_000);
const checkMs = flag('check-ms', 10_000);
const ownerPid = flag('owner', 0);
const KILL_GRACE_MS = 1_000;

/** Same reading as processIdentity.ts (kept alike; this script cannot import it). */
function identity(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      if (!start) return undefined;
      let boot = '';
      try {
        boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      } catch {
        // hidden in some containers
      }
      return `linux:${boot}:${start}`;
    }
    const s = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 2_000,
    }).trim();
    return s === '' ? undefined : `ps:${s}`;
  } catch {
    return undefined;
  }
}

function report(msg: Record<string, unknown>) {
  try {
    process.stdout.write(`${JSON.stringify(msg)}\n`);
  } catch {
    // the engine is gone
  }
}
process.stdout.on('error', () => {});

const watched = new Map<number, string>();
let lastHeard = performance.now(); // monotonic: a sleeping machine does not age the heartbeat

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Ends every watched child that is still the same process; resolves when they are gone. */
async function endAll(why: string): Promise<void> {
  const victims = [...watched].filter(([pid, id]) => identity(pid) === id).map(([pid]) => pid);
  watched.clear();
  if (victims.length === 0) return;
  for (const pid of victims) signal(pid, 'SIGTERM');
  const deadline = performance.now() + KILL_GRACE_MS;
  let alive = victims;
  while (alive.length > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter((pid) => identity(pid) !== undefined && !isZombie(pid));
  }
  for (const pid of alive) signal(pid, 'SIGKILL');
  report({ killed: victims, forced: alive, why });
}

/** A zombie has exited; only its parent's wait() is missing. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

let ending = false;
function finish(why: string) {
  if (ending) return;
  ending = true;
  void endAll(why).finally(() => process.exit(0));
}

let partial = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  lastHeard = performance.now();
  partial += chunk;
  let nl: number;
  while ((nl = partial.indexOf('\n')) >= 0) {
    const line = partial.slice(0, nl);
    partial = partial.slice(nl + 1);
    let msg: { watch?: unknown; forget?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      continue;
    }
    if (typeof msg.watch === 'number') {
      const id = identity(msg.watch);
      if (id) watched.set(msg.watch, id);
    } else if (typeof msg.forget === 'number') {
      watched.delete(msg.forget);
    }
  }
});
process.stdin.on('end', () => finish('engine gone (pipe closed)'));
process.stdin.on('error', () => finish('engine gone (pipe error)'));
// Ctrl-C in a terminal reaches the whole process group: the engine decides, not the guard.
process.on('SIGINT', () => {});
// Asked to go away: do not leave children behind.
process.on('SIGTERM', () => finish('guard terminated'));
process.on('SIGHUP', () => finish('guard hung up'));

setInterval(() => {
  if (ownerPid > 0) {
    try {
      process.kill(ownerPid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return finish('engine gone (no such process)');
    }
  }
  if (watched.size > 0 && performance.now() - lastHeard > staleMs) {
    endAll(`no heartbeat for ${Math.round((performance.now() - lastHeard) / 1000)} s`).catch((err: unknown) =>
      // The guard keeps watching whatever happened; the engine logs what it reports.
      report({ error: `ending children failed: ${String(err)}` }),
    );
  }
}, checkMs);
report({ ready: process.pid, staleMs, checkMs });
