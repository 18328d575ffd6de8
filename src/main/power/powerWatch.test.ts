import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/app/log';
import { watchPower, type PowerMonitorLike } from './powerWatch';

function setup() {
  const pm = new EventEmitter() as EventEmitter & PowerMonitorLike;
  const calls: string[] = [];
  let release: (() => void) | undefined;
  let slow = false;
  const hook = vi.fn(async (reason: string) => {
    calls.push(reason);
    if (slow) await new Promise<void>((r) => (release = r));
  });
  const dispose = watchPower(pm, hook, { debounceMs: 1000, log: silentLogger });
  return { pm, calls, hook, dispose, makeSlow: () => (slow = true), release: () => release?.() };
}

describe('watchPower', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resume followed by unlock-screen runs the hook once, after the quiet time', async () => {
    const { pm, calls } = setup();
    pm.emit('suspend');
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(500);
    pm.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['unlock-screen']);
  });

  it('suspend cancels a pending run', async () => {
    const { pm, calls } = setup();
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(500);
    pm.emit('suspend');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
  });

  it('never runs twice at once: a wake during a run runs once more afterwards', async () => {
    const { pm, calls, makeSlow, release } = setup();
    makeSlow();
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['resume']);
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(1000);
    pm.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['resume']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['resume', 'unlock-screen']);
  });

  it('a failing hook is logged, not thrown, and the next wake still runs', async () => {
    const pm = new EventEmitter() as EventEmitter & PowerMonitorLike;
    const hook = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined);
    watchPower(pm, hook, { debounceMs: 10, log: silentLogger });
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(10);
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(10);
    expect(hook).toHaveBeenCalledTimes(2);
  });

  it('dispose removes the listeners and the pending timer', async () => {
    const { pm, calls, dispose } = setup();
    pm.emit('resume');
    dispose();
    await vi.advanceTimersByTimeAsync(5000);
    pm.emit('resume');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
    expect(pm.listenerCount('resume')).toBe(0);
  });
});
