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
