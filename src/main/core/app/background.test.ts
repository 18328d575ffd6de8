import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { background } from './background';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('background', () => {
  it('logs a rejection with its stack and runs recover, so the loop goes on', async () => {
    const log = memoryLogger();
    const recovered: unknown[] = [];
    background(Promise.reject(new Error('probe blew up')), log, 'probe', (e) => recovered.push(e));
    await settle();
    expect(recovered).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ level: 'error', msg: 'probe failed' });
    expect(String(log.records[0]!.fields.error)).toContain('Error: probe blew up\n');
  });

  it('a recover that throws is logged too, never left unhandled', async () => {
    const log = memoryLogger();
    background(Promise.reject(new Error('a')), log, 'loop', () => {
      throw new Error('b');
    });
    await settle();
    expect(log.records.map((r) => r.msg)).toEqual(['loop failed', 'loop: recovery failed']);
  });

  it('a fulfilled promise logs nothing', async () => {
    const log = memoryLogger();
    background(Promise.resolve(1), log, 'x');
    await settle();
    expect(log.records).toEqual([]);
  });
});
