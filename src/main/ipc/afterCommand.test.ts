import { describe, expect, it } from 'vitest';
import type { Dispatch, Reply } from '../../shared/contract';
import { afterCommand } from './afterCommand';

const answering = (reply: Reply) => (async () => reply) as unknown as Dispatch;
const ctx = { transport: 'ipc' } as const;

describe('afterCommand', () => {
  it('calls back after a successful call on its channel, and passes the reply through', async () => {
    let told = 0;
    const d = afterCommand(answering({ ok: true, value: { n: 1 } }), 'clusters:monitor', () => told++);
    expect(await d('clusters:monitor', {}, ctx)).toEqual({ ok: true, value: { n: 1 } });
    expect(told).toBe(1);
  });

  it('stays silent for other channels and for failed calls', async () => {
    let told = 0;
    const ok = afterCommand(answering({ ok: true, value: {} }), 'clusters:monitor', () => told++);
    await ok('clusters:list', {}, ctx);
    const failed = afterCommand(
      answering({ ok: false, error: { code: 'not-found', message: 'no' } }),
      'clusters:monitor',
      () => told++,
    );
    expect(await failed('clusters:monitor', {}, ctx)).toMatchObject({ ok: false });
    expect(told).toBe(0);
  });
});
