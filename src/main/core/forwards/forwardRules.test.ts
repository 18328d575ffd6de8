import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY } from '../../../shared/domain/forward';
import {
  initialRules,
  retryAttempt,
  transition,
  type ForwardEvent,
  type RulesConfig,
  type RulesState,
} from './forwardRules';
import { STABLE_TUNNEL_MS } from './restartPolicy';

const config: RulesConfig = {
  context: 'dev',
  restart: { ...DEFAULT_RESTART_POLICY },
  clusterPollMs: 1_000,
  waitMs: 5_000,
  watchMs: 10_000,
};

/** Feeds events in order (each at its own time), returning every step's result. */
function run(events: [number, ForwardEvent][], from: RulesState = initialRules(), c = config) {
  let s = from;
  return events.map(([now, e]) => {
    const t = transition(s, e, now, c);
    s = t.state;
    return t;
  });
}
const last = <T>(xs: T[]): T => xs[xs.length - 1]!;

const resolved = (pod = 'web-1', port = 8080, tunnelAlive = false): ForwardEvent => ({
  type: 'resolved',
  pod,
  port,
  tunnelAlive,
});
const up = (pod = 'web-1', port = 8080): ForwardEvent => ({ type: 'tunnel-up', pod, port });
const exited = (patch: Partial<Extract<ForwardEvent, { type: 'tunnel-exited' }>> = {}): ForwardEvent => ({
  type: 'tunnel-exited',
  message: 'kubectl port-forward exited',
  podServing: true,
  clusterUnhealthy: false,
  appRefused: false,
  ...patch,
});

/** A forward that started and is Active on web-1:8080 since t=100. */
function active(): RulesState {
  return last(
    run([
      [0, { type: 'start' }],
      [50, resolved()],
      [100, up()],
    ]),
  ).state;
}

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

describe('forward rules: the cluster', () => {
  it('cluster Unhealthy with no tunnel → "waiting for cluster", polled, no tunnel started', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'cluster-unhealthy' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Reconnecting',
      reason: 'waiting for cluster dev',
      problem: 'cluster-down',
      nextRetryAt: 1_010,
    });
    expect(t!.effects).toEqual([{ type: 'hold-clients' }, { type: 'look-at', at: 1_010 }]);
  });

  it('cluster Unhealthy or the API silent while a tunnel runs: keep it, look again soon', () => {
    const s = active();
    for (const e of [
      { type: 'cluster-unhealthy' } as const,
      { type: 'unresolved', why: 'cluster-down', message: 'ECONNREFUSED' } as const,
    ]) {
      const t = transition(s, e, 500, config);
      expect(t.state.state).toBe('Active');
      expect(t.state.tunnel).not.toBeNull();
      expect(t.effects).toEqual([{ type: 'look-at', at: 1_500 }]);
    }
  });

  it('the API unreachable with no tunnel → waiting, with the cause', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'unresolved', why: 'cluster-down', message: 'Cannot reach the API: ECONNREFUSED' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'cluster-down',
      reason: 'waiting for cluster: Cannot reach the API: ECONNREFUSED',
      nextRetryAt: 1_010,
    });
  });

  it('the tunnel dies while the cluster is Unhealthy → no attempt counted, a look instead', () => {
    const t = transition(active(), exited({ clusterUnhealthy: true }), 500, config);
    expect(t.state.failures).toBe(0);
    expect(t.effects).toEqual([{ type: 'hold-clients' }, { type: 'look' }]);
  });

  it('the cluster comes back → Active again once the same tunnel is seen', () => {
    const s = { ...active(), reason: 'waiting for cluster dev', problem: 'cluster-down' as const };
    const t = transition(s, resolved('web-1', 8080, true), 900, config);
    expect(t.state).toMatchObject({ state: 'Active', reason: null, problem: null });
  });

  it('an unusable context fails with its reason and plans no look', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'context-unusable', message: 'Context "x" is not in your kubeconfig' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Failed',
      reason: 'Context "x" is not in your kubeconfig',
      nextRetryAt: null,
    });
  });
});

describe('forward rules: the target', () => {
  it('a missing Service → Failed with the reason, clients refused, and watched for', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'unresolved', why: 'target-missing', message: 'Service web not found in namespace shop' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Failed',
      problem: 'target-missing',
      reason: 'Service web not found in namespace shop',
      nextRetryAt: 10_010,
    });
    expect(t!.effects).toEqual([
      { type: 'hold-clients' },
      { type: 'drop-held' },
      { type: 'look-at', at: 10_010 },
    ]);
  });

  it('the watched-for Service appears → it resumes by itself', () => {
    const steps = run([
      [0, { type: 'start' }],
      [10, { type: 'unresolved', why: 'target-missing', message: 'Service web not found in namespace shop' }],
      [10_010, { type: 'retry-due' }],
      [
        10_020,
        { type: 'unresolved', why: 'target-missing', message: 'Service web not found in namespace shop' },
      ],
      [20_020, { type: 'retry-due' }],
      [20_030, resolved()],
      [20_040, up()],
    ]);
    expect(steps[2]!.effects).toEqual([{ type: 'look' }]);
    expect(steps[3]!.state).toMatchObject({ state: 'Failed', nextRetryAt: 20_020 });
    expect(steps[5]!.state).toMatchObject({ state: 'Reconnecting', reason: 'connecting to pod web-1' });
    expect(last(steps).state).toMatchObject({ state: 'Active', problem: null, reason: null, restarts: 0 });
  });

  it('the Service vanishes under a running tunnel → the tunnel is retired, Failed, watched', () => {
    const t = transition(
      active(),
      { type: 'unresolved', why: 'target-missing', message: 'Service web has no port 80; its ports: 8080' },
      500,
      config,
    );
    expect(t.state).toMatchObject({ state: 'Failed', tunnel: null, problem: 'target-missing' });
    expect(t.effects[0]).toEqual({ type: 'retire-tunnel' });
  });

  it('a Cluster outage does not turn a missing Service into "waiting for cluster"', () => {
    const failed = last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'unresolved', why: 'target-missing', message: 'gone' }],
      ]),
    ).state;
    const t = transition(failed, { type: 'cluster-unhealthy' }, 100, config);
    expect(t.state).toMatchObject({ state: 'Failed', problem: 'target-missing', nextRetryAt: 10_100 });
  });

  it('no ready pod (a selector with 0 pods) is a wait with its reason, not a failure', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'unresolved', why: 'no-ready-pod', message: 'No running and ready pod for app=web' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'no-ready-pod',
      reason: 'No running and ready pod for app=web',
      nextRetryAt: 5_010,
    });
  });

  it('403 is a wait with its reason, not a configuration error', () => {
    const [, t] = run([
      [0, { type: 'start' }],
      [10, { type: 'unresolved', why: 'forbidden', message: 'Not allowed: services "web" is forbidden' }],
    ]);
    expect(t!.state).toMatchObject({
      state: 'Reconnecting',
      problem: 'forbidden',
      reason: 'Not allowed: services "web" is forbidden',
      nextRetryAt: 5_010,
    });
  });
});

describe('forward rules: probes', () => {
  const failed = (problem: 'tunnel-dead' | 'app-not-answering', clusterUnhealthy = false): ForwardEvent => ({
    type: 'probe-failed',
    problem,
    message:
      problem === 'tunnel-dead' ? "kubectl's port refused the connection" : 'GET /healthz answered 500',
    clusterUnhealthy,
    threshold: 2,
  });

  it('below the threshold nothing shows', () => {
    const t = transition(active(), failed('app-not-answering'), 500, config);
    expect(t.state).toMatchObject({ state: 'Active', problem: null, probeFailures: 1 });
  });

  it('the app not answering: Active with the reason, tunnel kept; a good probe clears it', () => {
    const steps = run(
      [
        [500, failed('app-not-answering')],
        [600, failed('app-not-answering')],
        [700, { type: 'probe-ok' }],
      ],
      active(),
    );
    expect(steps[1]!.state).toMatchObject({
      state: 'Active',
      problem: 'app-not-answering',
      reason: 'GET /healthz answered 500',
    });
    expect(steps[1]!.effects).toEqual([]);
    expect(steps[2]!.state).toMatchObject({ state: 'Active', problem: null, reason: null, probeFailures: 0 });
  });

  it('the tunnel dead: Reconnecting and kubectl ended so its exit restarts it', () => {
    const steps = run(
      [
        [500, failed('tunnel-dead')],
        [600, failed('tunnel-dead')],
      ],
      active(),
    );
    expect(steps[1]!.state).toMatchObject({ state: 'Reconnecting', problem: 'tunnel-dead' });
    expect(steps[1]!.effects).toEqual([{ type: 'kill-tunnel' }]);
  });

  it('probes failing while the cluster is Unhealthy: "waiting for cluster", nothing killed', () => {
    const steps = run(
      [
        [500, failed('tunnel-dead', true)],
        [600, failed('tunnel-dead', true)],
      ],
      active(),
    );
    expect(steps[1]!.state).toMatchObject({
      state: 'Active',
      problem: 'cluster-down',
      reason: 'waiting for cluster dev',
    });
    expect(steps[1]!.effects).toEqual([]);
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
