import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY } from '../../../../shared/domain/forward';
import { transition } from './forwardRules';
import { STABLE_TUNNEL_MS } from './restartPolicy';
import { retryAttempt } from './rulesState';
import { active, config, exited, last, resolved, run, up } from './rulesTestKit';

describe('forward rules: the tunnel goes down and comes back', () => {
  it('kubectl exits on its own → Reconnecting (tunnel-dead) with the policy delay and its time', () => {
    const t = transition(active(), exited(), 1_000, config);
    expect(t.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'tunnel-dead',
      reason: 'kubectl exited: kubectl port-forward exited',
      tunnel: null,
      failures: 1,
      nextRetryAt: 2_000,
    });
    expect(t.effects).toEqual([{ type: 'hold-clients' }, { type: 'look-at', at: 2_000 }]);
    expect(retryAttempt(t.state, config.restart)).toEqual({ attempt: 1, of: 5 });
  });

  it("the engine's own tunnel closes (its session missed the ping deadline) → Reconnecting saying the tunnel closed and why", () => {
    const t = transition(
      active(),
      exited({ native: true, message: 'the API server stopped answering pings for 10 s' }),
      1_000,
      config,
    );
    expect(t.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'tunnel-dead',
      reason: 'the tunnel closed: the API server stopped answering pings for 10 s',
      nextRetryAt: 2_000,
    });
    expect(t.effects).toEqual([{ type: 'hold-clients' }, { type: 'look-at', at: 2_000 }]);
  });

  it("the engine's own tunnel closes after one of its connections got an error text → the tunnel's reason, not the app's (that connection alone ended)", () => {
    const t = transition(
      active(),
      exited({
        native: true,
        appRefused: true,
        message: "the connection to the API server failed: the tunnel's connection failed (ECONNRESET)",
      }),
      1_000,
      config,
    );
    expect(t.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'tunnel-dead',
      reason: "the tunnel closed: the connection to the API server failed: the tunnel's connection failed (ECONNRESET)",
      appExits: 0,
      failures: 1,
    });
  });

  it('the retry comes due → a look; the tunnel back up counts one restart and clears the trouble', () => {
    const steps = run(
      [
        [1_000, exited()],
        [2_000, { type: 'retry-due' }],
        [2_050, resolved()],
        [2_100, up()],
      ],
      active(),
    );
    expect(steps[1]!.effects).toEqual([{ type: 'look' }]);
    expect(steps[1]!.state.nextRetryAt).toBeNull();
    expect(steps[2]!.state).toMatchObject({ state: 'Reconnecting', reason: 'connecting to pod web-1' });
    expect(last(steps).state).toMatchObject({ state: 'Active', problem: null, reason: null, restarts: 1 });
  });

  it('delays grow by the policy and the forward gives up after maxAttempts; restarts and attempts never pass it', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, maxAttempts: 3 };
    const c = { ...config, restart: policy };
    let s = active();
    let now = 1_000;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = transition(s, exited(), now, c);
      s = t.state;
      expect(s.state).toBe('Reconnecting');
      delays.push(s.nextRetryAt! - now);
      expect(retryAttempt(s, policy)).toEqual({ attempt: i + 1, of: 3 });
      now += 1_000;
      s = last(
        run(
          [
            [now, resolved()],
            [now + 10, up()],
          ],
          s,
          c,
        ),
      ).state;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(s.restarts).toBe(3);
    const gaveUp = transition(s, exited(), now + 100, c);
    expect(gaveUp.state).toMatchObject({
      state: 'Failed',
      problem: 'tunnel-dead',
      reason: 'kubectl exited: kubectl port-forward exited (gave up after 3 failed restarts)',
      nextRetryAt: null,
      restarts: 3,
    });
    expect(retryAttempt(gaveUp.state, policy)).toEqual({ attempt: 3, of: 3 });
    expect(gaveUp.effects).toEqual([{ type: 'hold-clients' }, { type: 'drop-held' }]);
    // Given up: no look comes due on its own.
    expect(transition(gaveUp.state, { type: 'retry-due' }, now + 10_000, c).effects).toEqual([]);
  });

  it('a tunnel that carried traffic for a while starts the count again', () => {
    let s = { ...active(), failures: 4 };
    const t = transition(s, exited(), 100 + STABLE_TUNNEL_MS, config);
    s = t.state;
    expect(s.failures).toBe(1);
  });

  it('restarts off: the first failure is Failed at once', () => {
    const c = { ...config, restart: { ...DEFAULT_RESTART_POLICY, enabled: false } };
    const t = transition(active(), exited(), 1_000, c);
    expect(t.state).toMatchObject({ state: 'Failed', problem: 'tunnel-dead' });
    expect(t.state.reason).toContain('automatic restart is off');
  });

  it('kubectl that will not start counts as a failed attempt', () => {
    const [, , failed] = run([
      [0, { type: 'start' }],
      [10, resolved()],
      [20, { type: 'tunnel-start-failed', message: 'spawn kubectl ENOENT' }],
    ]);
    expect(failed!.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'tunnel-dead',
      reason: 'kubectl: spawn kubectl ENOENT',
      failures: 1,
      nextRetryAt: 1_020,
    });
  });

  it('the pod went away → Reconnecting and a look at once, no attempt counted', () => {
    const t = transition({ ...active(), failures: 2 }, exited({ podServing: false }), 500, config);
    expect(t.state).toMatchObject({
      state: 'Reconnecting',
      reason: 'pod web-1 went away',
      problem: null,
      failures: 2,
    });
    expect(t.effects).toEqual([{ type: 'hold-clients' }, { type: 'look' }]);
  });

  it('pod replaced: the new pod resolves, the tunnel switches, one restart counted', () => {
    const steps = run(
      [
        [500, resolved('web-2', 8080, true)],
        [600, up('web-2')],
      ],
      active(),
    );
    expect(steps[0]!.state).toMatchObject({ state: 'Reconnecting', reason: 'switching to pod web-2' });
    expect(steps[0]!.effects).toContainEqual({ type: 'start-tunnel', pod: 'web-2', port: 8080 });
    expect(steps[1]!.state).toMatchObject({ state: 'Active', restarts: 1, tunnel: { pod: 'web-2' } });
  });

  it('the same pod and port with a live tunnel: nothing to do', () => {
    const s = active();
    const t = transition(s, resolved('web-1', 8080, true), 500, config);
    expect(t.effects).toEqual([]);
    expect(t.state.state).toBe('Active');
  });

  it('the app refuses: kubectl is brought back slower each time, never given up, not counted as attempts', () => {
    let s = active();
    const delays: number[] = [];
    let now = 1_000;
    for (let i = 0; i < 12; i++) {
      const t = transition(s, exited({ appRefused: true }), now, config);
      s = t.state;
      expect(s).toMatchObject({
        state: 'Reconnecting',
        problem: 'app-not-answering',
        reason: 'the app in pod web-1 refused the connection',
      });
      delays.push(s.nextRetryAt! - now);
      now = s.nextRetryAt!;
      s = last(
        run(
          [
            [now, resolved()],
            [now + 10, up()],
          ],
          s,
        ),
      ).state;
      // Still reported while no probe got through.
      expect(s).toMatchObject({ state: 'Active', problem: 'app-not-answering' });
    }
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(s.state).not.toBe('Failed');
    expect(s.failures).toBe(0);
    expect(retryAttempt(s, config.restart)).toBeNull();
    // A good probe clears it and resets the app's backoff.
    const ok = transition(s, { type: 'probe-ok' }, now + 20, config).state;
    expect(ok).toMatchObject({ state: 'Active', problem: null, reason: null, appExits: 0 });
  });
});
