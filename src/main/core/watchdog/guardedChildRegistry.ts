import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, ResultPromise } from 'execa';
import { silentLogger, type Logger } from '../app/log';
import { startIdentity } from './processIdentity';
import { background } from '../app/background';

/** One child Tether started, as written to TETHER_HOME/state/children.json. */
export interface ChildRecord {
  pid: number;
  /** Start identity (see processIdentity.ts); a PID with another identity is someone else's. */
  identity: string;
  command: string;
  startedAt: number;
}

/** Timings of the guard, configurable for tests (defaults: 30 s stale, checked every 10 s). */
export interface GuardTimings {
  staleMs: number;
  checkMs: number;
}

/** What the registry tells whoever records children on disk (the watchdog). */
export type ChildrenListener = (children: readonly ChildRecord[]) => void;

/** Where the guard script is: next to this bundle (out/cli, out/main), or this folder from source. */
export function guardScriptPath(): string | undefined {
  const dir = dirname(fileURLToPath(import.meta.url));
  return ['orphanGuardProcess.js', 'orphanGuardProcess.ts']
    .map((f) => join(dir, f))
    .find((p) => existsSync(p));
}

/**
 * The in-engine registry of every kubectl child the engine started, and the owner of the orphan
 * guard process (orphanGuardProcess.ts) that ends them if the engine dies or freezes. The
 * composition root (engine.ts) builds one and hands it to both sides: the forward code spawns
 * through {@link GuardedChildRegistry.spawn}, the watchdog configures timings, reads the PIDs
 * and records them on disk.
 */
export class GuardedChildRegistry {
  private guard: ChildProcess | undefined;
  private readonly children = new Map<number, ChildRecord>();
  private readonly listeners = new Set<ChildrenListener>();
  private beatTimer: NodeJS.Timeout | undefined;
  private timings: GuardTimings = { staleMs: 30_000, checkMs: 10_000 };
  private log: Logger = silentLogger;
  private failures = 0;
  private script: string | undefined | null = null;

  /** Sets timings (applied when the guard next starts), the log, and optionally the script path. */
  configure(o: { timings?: Partial<GuardTimings>; log?: Logger; script?: string }): void {
    if (o.timings) this.timings = { ...this.timings, ...o.timings };
    if (o.log) this.log = o.log;
    if (o.script) this.script = o.script;
  }

  /** Called with the full list whenever a child comes or goes (and its identity is known). */
  onChange(listener: ChildrenListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** PIDs of live children. */
  pids(): number[] {
    return [...this.children.keys()];
  }

  /** Live children with their identity. */
  records(): ChildRecord[] {
    return [...this.children.values()];
  }

  /** True when the guard process is running. */
  get guarded(): boolean {
    return this.guard !== undefined && this.guard.exitCode === null && this.guard.signalCode === null;
  }

  /** Times the guard could not be started or died under us. */
  get guardFailures(): number {
    return this.failures;
  }

  /** The guard's PID (tests kill it on purpose). */
  get guardPid(): number | undefined {
    return this.guarded ? this.guard?.pid : undefined;
  }

  /** Starts watching a child: the guard hears of it at once (synchronously), the record follows. */
  track(pid: number, command: string): void {
    this.children.set(pid, { pid, identity: '', command, startedAt: Date.now() });
    this.ensureGuard();
    this.send({ watch: pid });
    const recorded = startIdentity(pid).then((identity) => {
      const r = this.children.get(pid);
      if (!r) return;
      if (identity) r.identity = identity;
      else this.children.delete(pid); // gone already
      this.changed();
    });
    background(recorded, this.log, 'recording a child for the orphan guard');
  }

  /** The child is gone (or being stopped and reaped by us). */
  untrack(pid: number): void {
    if (!this.children.delete(pid)) return;
    this.send({ forget: pid });
    this.changed();
  }

  /**
   * `execa(file, args, options)`, plus: the child is watched by the orphan guard from the moment
   * it exists until it exits, so it cannot outlive Tether (a crash, kill -9, or a frozen engine).
   * A drop-in for execa at the one place kubectl is spawned. execa is imported on first use:
   * it costs ~9 MB, which an engine that only watches clusters need not pay. The child comes
   * wrapped, because an async function would otherwise wait for a ResultPromise to settle.
   */
  async spawn(file: string, args: readonly string[], options: Options): Promise<{ child: ResultPromise }> {
    const { execa } = await import('execa');
    const child = execa(file, args, options);
    const pid = child.pid;
    if (pid !== undefined) {
      this.track(pid, [file, ...args].join(' ').slice(0, 500));
      child.nodeChildProcess.once('exit', () => this.untrack(pid));
    }
    return { child };
  }

  /**
   * Closes the guard's pipe (it ends whatever is still watched, then exits) and waits for it to
   * go, at most `timeoutMs`. Graceful shutdown calls this after stopping the forwards.
   */
  async close(timeoutMs = 1_500): Promise<void> {
    clearInterval(this.beatTimer);
    this.beatTimer = undefined;
    const g = this.guard;
    this.guard = undefined;
    if (!g || g.exitCode !== null || g.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => g.once('exit', () => resolve()));
    g.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private changed() {
    const list = this.records().filter((r) => r.identity !== '');
    for (const l of this.listeners) l(list);
  }

  private send(msg: Record<string, number>) {
    const stdin = this.guard?.stdin;
    if (!stdin || stdin.destroyed) return;
    stdin.write(`${JSON.stringify(msg)}\n`);
  }

  private ensureGuard() {
    if (this.guarded) return;
    if (this.script === null) this.script = guardScriptPath();
    if (!this.script) {
      this.failures++;
      this.log.error('orphan guard script not found; kubectl children are not guarded against a crash');
      return;
    }
    const { staleMs, checkMs } = this.timings;
    let g: ChildProcess;
    try {
      g = spawn(
        process.execPath,
        [
          this.script,
          '--owner',
          String(process.pid),
          '--stale-ms',
          String(staleMs),
          '--check-ms',
          String(checkMs),
        ],
        {
          // Electron's binary runs the script as plain Node; Node ignores the variable.
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
          stdio: ['pipe', 'pipe', 'ignore'],
          // Its own process group: a terminal's Ctrl-C or hang-up must not take it down with us.
          detached: true,
          windowsHide: true,
        },
      );
    } catch (err) {
      this.failures++;
      this.log.error('orphan guard could not start', { error: String(err) });
      return;
    }
    this.guard = g;
    g.on('error', (err) => this.log.warn('orphan guard error', { error: String(err) }));
    g.stdin?.on('error', () => {}); // EPIPE when it died: the exit handler below deals with it
    let out = '';
    g.stdout?.setEncoding('utf8');
    g.stdout?.on('data', (d: string) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.includes('"killed"')) this.log.warn('orphan guard ended children', { report: line });
        else this.log.debug('orphan guard', { report: line });
      }
    });
    g.once('exit', (code, sig) => {
      if (this.guard !== g) return; // closed on purpose
      this.guard = undefined;
      this.failures++;
      this.log.warn('orphan guard exited; restarting it on the next beat', { code, signal: sig });
    });
    // Neither the guard nor its pipes may keep the engine's process alive.
    g.unref();
    for (const s of [g.stdin, g.stdout]) (s as unknown as { unref?: () => void } | null)?.unref?.();
    for (const pid of this.children.keys()) this.send({ watch: pid });
    this.log.info('orphan guard started', { pid: g.pid, staleMs, checkMs });
    this.armBeat();
  }

  private armBeat() {
    if (this.beatTimer) return;
    // Several beats per stale window, so one late beat never looks like a freeze.
    const every = Math.max(100, Math.min(5_000, Math.floor(this.timings.staleMs / 4)));
    this.beatTimer = setInterval(() => {
      if (!this.guarded && this.children.size > 0) this.ensureGuard();
      this.send({ beat: 1 });
    }, every);
    this.beatTimer.unref();
  }
}
