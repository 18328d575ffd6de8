import { describe, expect, it } from 'vitest';
import { createListGate } from './listGate';

describe('createListGate', () => {
  it('runs at most `concurrency` lists at once and all of them in the end, in order', async () => {
    const gate = createListGate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      gate(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running--;
        return i;
      });
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map(task));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order).toHaveLength(6);
  });

  it('a failing list frees its slot', async () => {
    const gate = createListGate(1);
    await expect(gate(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate(async () => 'next')).resolves.toBe('next');
  });
});

describe('createListGate hooks', () => {
  it('tidies after every list and reports idle only when the last one ends with none waiting', async () => {
    const events: string[] = [];
    const gate = createListGate(2, {
      afterEach: () => events.push('page'),
      onIdle: () => events.push('idle'),
    });
    const slow = (ms: number) => gate(() => new Promise((r) => setTimeout(r, ms)));
    await Promise.all([slow(5), slow(10), slow(15)]);
    expect(events).toEqual(['page', 'page', 'page', 'idle']);
    await gate(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(events.slice(4)).toEqual(['page', 'idle']);
  });
});
