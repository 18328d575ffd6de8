// How the rules take a native tunnel that would not start: its own words (no "kubectl:" in
// front), and RBAC refusing every protocol as a permission to wait for, not a failure to count.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY } from '../../../../shared/domain/forward';
import { transition } from './forwardRules';
import type { ForwardEvent } from './rulesEvents';
import { initialRules, type RulesConfig, type RulesState } from './rulesState';

const config: RulesConfig = {
  context: 'dev',
  restart: { ...DEFAULT_RESTART_POLICY, maxAttempts: 2 },
  clusterPollMs: 1_000,
  waitMs: 5_000,
  watchMs: 10_000,
};

/** Started, the pod found, a tunnel being started (t=10). */
function starting(): RulesState {
  let s = initialRules();
  for (const [now, e] of [
    [0, { type: 'start' }],
    [10, { type: 'resolved', pod: 'web-1', port: 8080, tunnelAlive: false }],
  ] as [number, ForwardEvent][])
    s = transition(s, e, now, config).state;
  return s;
}

const FORBIDDEN =
  'may not port-forward to pod shop/web-1 (403) with any protocol — SPDY: pods "web-1" is forbidden';

describe('a native tunnel that would not start', () => {
  it('is reported in its own words, with no kubectl in front', () => {
    const t = transition(
      starting(),
      { type: 'tunnel-start-failed', message: 'pod shop/web-1 is gone (404)', native: true },
      20,
      config,
    );
    expect(t.state).toMatchObject({ state: 'Reconnecting', problem: 'tunnel-dead', failures: 1 });
    expect(t.state.reason).toBe('pod shop/web-1 is gone (404)');
  });

  it('refused by RBAC for every protocol: Reconnecting with problem forbidden, looked at again, never given up', () => {
    let s = starting();
    for (let i = 0; i < 5; i++) {
      const now = 20 + i * 10_000;
      const t = transition(
        s,
        { type: 'tunnel-start-failed', message: FORBIDDEN, native: true, forbidden: true },
        now,
        config,
      );
      expect(t.state).toMatchObject({
        state: 'Reconnecting',
        problem: 'forbidden',
        reason: FORBIDDEN,
        failures: 0,
        nextRetryAt: now + config.waitMs,
      });
      expect(t.effects).toEqual([{ type: 'look-at', at: now + config.waitMs }]);
      s = transition(
        t.state,
        { type: 'resolved', pod: 'web-1', port: 8080, tunnelAlive: false },
        now + 5_000,
        config,
      ).state;
    }
  });

  it('once the verb is granted, the tunnel comes up and the forbidden problem goes', () => {
    const refused = transition(
      starting(),
      { type: 'tunnel-start-failed', message: FORBIDDEN, native: true, forbidden: true },
      20,
      config,
    ).state;
    const looked = transition(
      refused,
      { type: 'resolved', pod: 'web-1', port: 8080, tunnelAlive: false },
      5_020,
      config,
    );
    expect(looked.effects).toContainEqual({ type: 'start-tunnel', pod: 'web-1', port: 8080 });
    const up = transition(looked.state, { type: 'tunnel-up', pod: 'web-1', port: 8080 }, 5_100, config);
    expect(up.state).toMatchObject({ state: 'Active', problem: null, reason: null });
  });
});
