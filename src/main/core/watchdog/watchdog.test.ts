import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { WatchdogWake } from '../../../shared/contract';
import { silentLogger } from '../app/log';
import { GuardedChildRegistry } from './guardedChildRegistry';
import type { HeartbeatClock } from './heartbeat';
import { Watchdog, type WatchdogDeps } from './watchdog';

function setup(over: Partial<WatchdogDeps> = {}, opts: { blockRecheck?: boolean } = {}) {
  let wall = 1_000_000;
  let mono = 0;
  let beat: (() => void) | undefined;
  const clock: HeartbeatClock = {
    wall: () => wall,
    mono: () => mono,
    setInterval: (f) => (beat = f),
    clearInterval: () => (beat = undefined),
  };
  const calls = { recheck: [] as string[], verify: 0 };
  let release: (() => void) | undefined;
  const emitted: WatchdogWake[] = [];
  const deps: WatchdogDeps = {
    log: silentLogger,
    recheckClusters: async (reason) => {
      calls.recheck.push(reason);
      if (opts.blockRecheck) await new Promise<void>((r) => (release = r));
      return [
        { context: 'a', state: 'Healthy' },
        { context: 'b', state: 'Unhealthy' },
      ];
    },
    verifyForwards: async () => {
      calls.verify++;
      return [{ spec: { id: 'f1' }, state: 'Active' }];
    },
    traffic: () => ({ requests: 7, openWatches: 3 }),
    emit: (w) => emitted.push(w),
    childrenFile: join(mkdtempSync(join(tmpdir(), 'tether-wd-')), 'children.json'),
    guard: new GuardedChildRegistry(),
    clock,
    ...over,
  };
  const wd = new Watchdog(deps);
  return {
    wd,
    calls,
    emitted,
    release: () => release?.(),
    tick(wallMs: number, monoMs = wallMs) {
      wall += wallMs;
      mono += monoMs;
      beat?.();
    },
  };
}

describe('Watchdog', () => {
  it('a freeze seen by the heartbeat rechecks every cluster and verifies every forward, and emits what it found', async () => {
    const s = setup();
    await s.wd.start();
    s.tick(1_000);
    expect(s.calls.recheck).toEqual([]);
    s.tick(60_000); // SIGSTOP for a minute
    // The wake lets queued I/O settle for a few event-loop turns before it rechecks.
    await vi.waitFor(() => expect(s.emitted).toHaveLength(1));
    expect(s.calls.recheck).toEqual(['gap:stall']);
    expect(s.calls.verify).toBe(1);
    expect(s.emitted[0]).toMatchObject({
      reason: 'gap:stall',
      gapMs: 60_000,
      rechecked: 2,
      clusters: [
        { context: 'a', state: 'Healthy' },
        { context: 'b', state: 'Unhealthy' },
      ],
      verified: 1,
      forwards: [{ id: 'f1', state: 'Active' }],
    });
    const self = s.wd.selfHealth();
    expect(self.heartbeat).toMatchObject({
      beats: 2,
      missedBeats: 59,
      lastGap: { kind: 'stall', gapMs: 60_000 },
    });
    expect(self.openWatches).toBe(3);
    await s.wd.stop();
  });

  it('wakes are debounced and idempotent: a wake during a run joins it; one right after returns the same result', async () => {
    const s = setup({}, { blockRecheck: true });
    const first = s.wd.wake('resume');
    const second = s.wd.wake('unlock-screen');
    expect(second).toBe(first);
    await vi.waitFor(() => expect(s.calls.recheck).toHaveLength(1)); // it settles a few turns first
    s.release();
    const a = await first;
    expect(s.calls.recheck).toEqual(['resume']);
    expect(a.reason).toBe('resume');
    const q = setup({ wakeQuietMs: 60_000 });
    const w1 = await q.wd.wake('resume');
    const w2 = await q.wd.wake('resume');
    expect(w2).toBe(w1);
    expect(q.calls.recheck).toEqual(['resume']);
    expect(q.emitted).toHaveLength(1);
  });

  it('a failing recheck is counted and logged; the forwards are still verified', async () => {
    const s = setup({
      recheckClusters: () => Promise.reject(new Error('api down')),
    });
    const w = await s.wd.wake('manual');
    expect(w.rechecked).toBe(0);
    expect(w.verified).toBe(1);
    expect(s.wd.selfHealth().errors['wake:cluster recheck']).toBe(1);
  });

  it('health() runs the registered checkers with the built-in ones and aggregates', async () => {
    const s = setup({ checkTimeoutMs: 50 });
    s.wd.components.register('clusters', () => ({ state: 'Healthy', reason: 'ok' }));
    s.wd.components.register('stuck', () => new Promise(() => {}));
    const h = await s.wd.health();
    expect(h.components.map((c) => c.name).sort()).toEqual([
      'clusters',
      'event-loop',
      'orphan-guard',
      'stuck',
    ]);
    expect(h.components.find((c) => c.name === 'stuck')).toMatchObject({
      timedOut: true,
      reason: 'no answer within 50 ms',
    });
    expect(h.state).toBe('Degraded');
    expect(h.self.errors['checker-timeout:stuck']).toBe(1);
    expect(h.self.pid).toBe(process.pid);
  });
});
