import { describe, expect, it } from 'vitest';
import { transition } from './forwardRules';
import { visibleChange, type RulesState } from './rulesState';
import { active, config, exited, last, resolved, run, up } from './rulesTestKit';

describe('forward rules: start and stop', () => {
  it('start → Starting and a look; the pod found → a tunnel to start; up → Active, probing at once', () => {
    const [started, found, upped] = run([
      [0, { type: 'start' }],
      [50, resolved()],
      [100, up()],
    ]);
    expect(started!.state).toMatchObject({
      state: 'Starting',
      reason: null,
      problem: null,
      nextRetryAt: null,
    });
    expect(started!.effects).toEqual([{ type: 'look' }]);
    expect(found!.state.state).toBe('Starting');
    expect(found!.effects).toEqual([
      { type: 'hold-clients' },
      { type: 'start-tunnel', pod: 'web-1', port: 8080 },
    ]);
    expect(upped!.state).toMatchObject({
      state: 'Active',
      tunnel: { pod: 'web-1', port: 8080, startedAt: 100 },
      restarts: 0,
    });
    expect(upped!.effects).toEqual([{ type: 'use-tunnel' }, { type: 'probe', inMs: 0 }]);
  });

  it('a second start while running changes nothing', () => {
    const s = active();
    expect(transition(s, { type: 'start' }, 200, config)).toEqual({ state: s, effects: [] });
  });

  it('stop → Stopped with the given reason, keeping the restart count; events after it are ignored', () => {
    const s = { ...active(), restarts: 3 };
    const stopped = transition(
      s,
      { type: 'stop', why: 'stopped after 5 min without connections' },
      300,
      config,
    );
    expect(stopped.state).toMatchObject({
      state: 'Stopped',
      reason: 'stopped after 5 min without connections',
      tunnel: null,
      restarts: 3,
      nextRetryAt: null,
    });
    for (const e of [exited(), { type: 'retry-due' } as const, { type: 'retry-now' } as const, up()]) {
      expect(transition(stopped.state, e, 400, config)).toEqual({ state: stopped.state, effects: [] });
    }
  });

  it('start after a stop begins from zero', () => {
    const s = { ...active(), restarts: 3, failures: 2 };
    const [, again] = run(
      [
        [300, { type: 'stop', why: null }],
        [400, { type: 'start' }],
      ],
      s,
    );
    expect(again!.state).toMatchObject({ state: 'Starting', restarts: 0, failures: 0, everUp: false });
  });
});
describe('forward rules: retry now', () => {
  it('a waiting forward looks at once and forgets its planned time', () => {
    const waiting = last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'unresolved', why: 'no-ready-pod', message: 'none' }],
      ]),
    ).state;
    const t = transition(waiting, { type: 'retry-now' }, 100, config);
    expect(t.effects).toEqual([{ type: 'look' }]);
    expect(t.state.nextRetryAt).toBeNull();
  });

  it('a forward that gave up starts a fresh round of attempts', () => {
    const gaveUp: RulesState = {
      ...active(),
      tunnel: null,
      state: 'Failed',
      problem: 'tunnel-dead',
      reason: 'kubectl exited (gave up after 5 failed restarts)',
      failures: 5,
    };
    const t = transition(gaveUp, { type: 'retry-now' }, 100, config);
    expect(t.state).toMatchObject({ state: 'Reconnecting', reason: 'retrying now', failures: 0 });
    expect(t.effects).toEqual([{ type: 'look' }]);
    // The next failure is attempt 1 again, not a give-up.
    const next = transition(t.state, { type: 'tunnel-start-failed', message: 'boom' }, 200, config);
    expect(next.state).toMatchObject({ state: 'Reconnecting', failures: 1 });
  });

  it('a healthy forward has nothing to retry', () => {
    expect(transition(active(), { type: 'retry-now' }, 100, config).effects).toEqual([]);
  });

  it('a look that crashed is tried again later', () => {
    const s = last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'look-crashed' }],
      ]),
    ).state;
    expect(s.nextRetryAt).toBe(5_010);
  });
});

describe('forward rules: what clients see change', () => {
  it('a state, reason, problem, retry plan or restart count change is visible; counters alone are not', () => {
    const s = active();
    expect(visibleChange(s, { ...s })).toBe(false);
    expect(visibleChange(s, { ...s, probeFailures: 1, failures: 1, appExits: 1 })).toBe(false);
    for (const patch of [
      { state: 'Reconnecting' as const },
      { reason: 'x' },
      { problem: 'tunnel-dead' as const },
      { nextRetryAt: 5 },
      { restarts: 1 },
    ])
      expect(visibleChange(s, { ...s, ...patch })).toBe(true);
  });
});
