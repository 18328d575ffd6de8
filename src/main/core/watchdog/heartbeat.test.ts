import { describe, expect, it } from 'vitest';
import { classifyBeat, Heartbeat, type BeatGap, type HeartbeatClock } from './heartbeat';

const t = { intervalMs: 1_000, gapMs: 5_000 };

describe('classifyBeat', () => {
  it('a normal beat, or a little late, is nothing', () => {
    expect(classifyBeat(1_000, 1_000, t)).toBeUndefined();
    expect(classifyBeat(3_200, 3_200, t)).toBeUndefined();
  });

  it('both clocks far ahead: a stall or freeze (SIGSTOP), with the missed beats', () => {
    expect(classifyBeat(60_000, 60_010, t)).toEqual({ kind: 'stall', gapMs: 60_010, missedBeats: 59 });
  });

  it('wall far ahead of monotonic: the machine slept', () => {
    expect(classifyBeat(3_600_000, 1_000, t)).toEqual({ kind: 'sleep', gapMs: 3_600_000, missedBeats: 0 });
  });

  it('wall went backwards: a clock jump', () => {
    expect(classifyBeat(-20_000, 1_000, t)).toEqual({ kind: 'clock-jump', gapMs: 1_000, missedBeats: 0 });
  });
});

function fakeClock() {
  let wall = 1_000_000;
  let mono = 0;
  let fn: (() => void) | undefined;
  const clock: HeartbeatClock = {
    wall: () => wall,
    mono: () => mono,
    setInterval: (f) => (fn = f),
    clearInterval: () => (fn = undefined),
  };
  return {
    clock,
    tick(wallMs: number, monoMs = wallMs) {
      wall += wallMs;
      mono += monoMs;
      fn?.();
    },
    get running() {
      return fn !== undefined;
    },
  };
}

describe('Heartbeat', () => {
  it('reports a gap once, on the first beat after it, and counts beats and missed beats', () => {
    const c = fakeClock();
    const gaps: BeatGap[] = [];
    let beats = 0;
    const hb = new Heartbeat({ clock: c.clock, onGap: (g) => gaps.push(g), onBeat: () => beats++ });
    hb.start();
    hb.start(); // idempotent
    c.tick(1_000);
    c.tick(1_000);
    expect(gaps).toEqual([]);
    c.tick(60_000); // SIGSTOP for a minute
    c.tick(1_000);
    expect(gaps).toEqual([{ kind: 'stall', gapMs: 60_000, missedBeats: 59 }]);
    c.tick(7_200_000, 1_000); // slept two hours
    expect(gaps.at(-1)).toEqual({ kind: 'sleep', gapMs: 7_200_000, missedBeats: 0 });
    expect(hb.beats).toBe(5);
    expect(beats).toBe(5);
    expect(hb.missedBeats).toBe(59);
    expect(hb.lastGap?.kind).toBe('sleep');
    hb.stop();
    expect(c.running).toBe(false);
  });
});
