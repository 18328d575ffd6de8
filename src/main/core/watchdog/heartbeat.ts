/** What happened between two beats, when it was more than a normal beat. */
export interface BeatGap {
  /**
   * - "stall": the monotonic clock saw far more than one interval: the loop was blocked or the
   *   process frozen (SIGSTOP, a debugger). Wall and monotonic moved together.
   * - "sleep": the wall clock moved far more than the monotonic clock: the machine slept (the
   *   monotonic clock stops during sleep on macOS and Linux).
   * - "clock-jump": the wall clock went backwards or forwards on its own (NTP, the user).
   */
  kind: 'stall' | 'sleep' | 'clock-jump';
  /** How long the engine was away (the larger of the two clocks' elapsed time). */
  gapMs: number;
  /** Beats that should have happened and did not. */
  missedBeats: number;
}

/** Thresholds for {@link classifyBeat}. */
export interface BeatThresholds {
  intervalMs: number;
  /** Away this long (either clock) counts as a gap that needs a recheck (default 5 s). */
  gapMs: number;
}

/**
 * Classifies the time between two beats from the wall clock (Date.now) and the monotonic clock
 * (performance.now). Pure, so every case is unit-tested without sleeping a machine.
 */
export function classifyBeat(
  wallElapsedMs: number,
  monoElapsedMs: number,
  t: BeatThresholds,
): BeatGap | undefined {
  const missedBeats = Math.max(0, Math.floor(monoElapsedMs / t.intervalMs) - 1);
  const drift = wallElapsedMs - monoElapsedMs;
  if (drift >= t.gapMs) {
    // Wall ran on while monotonic did not: slept (a jump forward looks the same; a recheck is right for both).
    return { kind: 'sleep', gapMs: Math.round(wallElapsedMs), missedBeats };
  }
  if (drift <= -t.gapMs) return { kind: 'clock-jump', gapMs: Math.round(monoElapsedMs), missedBeats };
  if (monoElapsedMs >= t.gapMs) return { kind: 'stall', gapMs: Math.round(monoElapsedMs), missedBeats };
  return undefined;
}

/** Clocks and timers, injected so tests control time (STYLE: inject clock/sleep). */
export interface HeartbeatClock {
  wall(): number;
  mono(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realClock: HeartbeatClock = {
  wall: () => Date.now(),
  mono: () => performance.now(),
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    t.unref();
    return t;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** Options for {@link Heartbeat}. */
export interface HeartbeatOptions extends Partial<BeatThresholds> {
  onGap(gap: BeatGap): void;
  /** Every beat (the orphan guard's keepalive hangs off it in tests). */
  onBeat?(): void;
  clock?: HeartbeatClock;
}

/**
 * The engine's heartbeat: beats every `intervalMs` (default 1 s) and compares both clocks since
 * the previous beat; a stall, a sleep or a clock jump calls `onGap` once, on the first beat
 * after it.
 */
export class Heartbeat {
  private readonly o: HeartbeatOptions;
  private readonly clock: HeartbeatClock;
  private readonly thresholds: BeatThresholds;
  private handle: unknown;
  private lastWall = 0;
  private lastMono = 0;
  /** Beats so far, beats missed in total, and the last gap seen (for the self-health report). */
  beats = 0;
  missedBeats = 0;
  lastGap: (BeatGap & { at: number }) | null = null;

  constructor(opts: HeartbeatOptions) {
    this.o = opts;
    this.clock = opts.clock ?? realClock;
    this.thresholds = { intervalMs: opts.intervalMs ?? 1_000, gapMs: opts.gapMs ?? 5_000 };
  }

  /** The beat interval in ms. */
  get intervalMs(): number {
    return this.thresholds.intervalMs;
  }

  /** Starts beating (idempotent). */
  start(): void {
    if (this.handle !== undefined) return;
    this.lastWall = this.clock.wall();
    this.lastMono = this.clock.mono();
    this.handle = this.clock.setInterval(() => this.beat(), this.thresholds.intervalMs);
  }

  /** Stops beating. */
  stop(): void {
    if (this.handle === undefined) return;
    this.clock.clearInterval(this.handle);
    this.handle = undefined;
  }

  private beat() {
    const wall = this.clock.wall();
    const mono = this.clock.mono();
    const gap = classifyBeat(wall - this.lastWall, mono - this.lastMono, this.thresholds);
    this.lastWall = wall;
    this.lastMono = mono;
    this.beats++;
    if (gap) {
      this.missedBeats += gap.missedBeats;
      this.lastGap = { ...gap, at: wall };
      this.o.onGap(gap);
    }
    this.o.onBeat?.();
  }
}
