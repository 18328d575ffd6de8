import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ComponentRegistry } from './componentRegistry';

describe('ComponentRegistry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a hanging checker does not block the others and is reported with its timeout', async () => {
    const failures: string[] = [];
    const reg = new ComponentRegistry({ timeoutMs: 1_000, onFailure: (n, k) => failures.push(`${n}:${k}`) });
    let aborted = false;
    reg.register('clusters', () => ({ state: 'Healthy', reason: '2 clusters healthy' }));
    reg.register('hangs', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => {}); // never answers
    });
    reg.register('forwards', async () => {
      await new Promise((r) => setTimeout(r, 200));
      return { state: 'Degraded', reason: '1 forward reconnecting' };
    });
    const pending = reg.check();
    let result: Awaited<typeof pending> | undefined;
    void pending.then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(999);
    expect(result).toBeUndefined(); // waits for the slow-but-in-time one and the timeout, no longer
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBeDefined();
    const by = Object.fromEntries(result!.components.map((c) => [c.name, c]));
    expect(by.clusters).toMatchObject({ state: 'Healthy', timedOut: false });
    expect(by.forwards).toMatchObject({ state: 'Degraded', timedOut: false, durationMs: 200 });
    expect(by.hangs).toMatchObject({
      state: 'Unknown',
      timedOut: true,
      reason: 'no answer within 1000 ms',
      durationMs: 1000,
    });
    expect(aborted).toBe(true);
    expect(failures).toEqual(['hangs:timed-out']);
    expect(result!.state).toBe('Degraded');
    expect(result!.reason).toBe('degraded: forwards; check timed out: hangs');
  });

  it('checkers run in parallel: total time is the slowest, not the sum', async () => {
    const reg = new ComponentRegistry({ timeoutMs: 5_000 });
    for (const n of ['a', 'b', 'c']) {
      reg.register(n, async () => {
        await new Promise((r) => setTimeout(r, 300));
        return { state: 'Healthy', reason: 'ok' };
      });
    }
    let done = false;
    void reg.check().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(300);
    expect(done).toBe(true);
  });

  it('a checker that throws (even synchronously) is Unhealthy with its message; per-checker timeouts apply', async () => {
    const reg = new ComponentRegistry({ timeoutMs: 5_000 });
    reg.register('boom', () => {
      throw new Error('kaput');
    });
    reg.register('short', () => new Promise(() => {}), { timeoutMs: 50 });
    const p = reg.check();
    await vi.advanceTimersByTimeAsync(50);
    const r = await p;
    expect(r.components.find((c) => c.name === 'boom')).toMatchObject({
      state: 'Unhealthy',
      reason: 'check failed: kaput',
    });
    expect(r.components.find((c) => c.name === 'short')).toMatchObject({
      timedOut: true,
      reason: 'no answer within 50 ms',
    });
    expect(r.state).toBe('Unhealthy');
  });

  it('unregister removes only its own registration; no components → Unknown', async () => {
    const reg = new ComponentRegistry();
    const off = reg.register('x', () => ({ state: 'Healthy', reason: '' }));
    const offOld = off;
    reg.register('x', () => ({ state: 'Degraded', reason: 'new' }));
    offOld(); // the replaced one: no effect
    expect(reg.names()).toEqual(['x']);
    reg.register('x', () => ({ state: 'Healthy', reason: '' }))();
    expect(reg.names()).toEqual([]);
    expect((await reg.check()).state).toBe('Unknown');
  });
});
