import { describe, expect, it } from 'vitest';
import type { Dispatch, Reply } from '../../shared/contract';
import { silentLogger } from '../core/app/log';
import { engineActions } from './trayActions';

function fakeDispatch(replies: Record<string, Reply>) {
  const calls: [unknown, unknown, unknown][] = [];
  const dispatch = (async (channel: unknown, payload: unknown, ctx: unknown) => {
    calls.push([channel, payload, ctx]);
    return replies[String(channel)] ?? { ok: true, value: {} };
  }) as Dispatch;
  return { dispatch, calls };
}

describe('engineActions (the tray menu’s engine calls)', () => {
  it('calls forwards:startAll, forwards:stopAll and clusters:recheck through the contract', async () => {
    const { dispatch, calls } = fakeDispatch({});
    const a = engineActions(dispatch, silentLogger, () => {});
    await a.startAllForwards();
    await a.stopAllForwards();
    await a.recheckAll();
    expect(calls).toEqual([
      ['forwards:startAll', {}, { transport: 'in-process' }],
      ['forwards:stopAll', {}, { transport: 'in-process' }],
      ['clusters:recheck', {}, { transport: 'in-process' }],
    ]);
  });

  it('reports a refused call and per-forward errors to the user', async () => {
    const { dispatch } = fakeDispatch({
      'clusters:recheck': { ok: false, error: { code: 'internal', message: 'engine stopped' } },
      'forwards:startAll': {
        ok: true,
        value: { forwards: [], errors: [{ id: 'api', message: 'port 8080 in use' }] },
      },
    });
    const told: [string, string][] = [];
    const a = engineActions(dispatch, silentLogger, (t, m) => told.push([t, m]));
    await a.recheckAll();
    await a.startAllForwards();
    expect(told).toEqual([
      ['Recheck failed', 'engine stopped'],
      ['Could not start all forwards', 'api: port 8080 in use'],
    ]);
  });
});
