import { describe, expect, it } from 'vitest';
import { transition } from './forwardRules';
import { active, config, exited, last, resolved, run, up } from './rulesTestKit';

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

describe('forward rules: the pod informer between looks', () => {
  const pods = (tunnelPodServing: boolean | null, anyMatchingServing = false) =>
    ({ type: 'pods-changed', tunnelPodServing, anyMatchingServing }) as const;
  const waitingForPod = () =>
    last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'unresolved', why: 'no-ready-pod', message: '0 pods match app=web' }],
      ]),
    ).state;

  it("the tunnel's pod stopped serving → a look at once, nothing else changes", () => {
    const s = active();
    expect(transition(s, pods(false), 200, config)).toEqual({ state: s, effects: [{ type: 'look' }] });
  });

  it("the tunnel's pod still serves → nothing to do, whatever else changed", () => {
    const s = active();
    expect(transition(s, pods(true, true), 200, config)).toEqual({ state: s, effects: [] });
  });

  it('waiting for a ready pod and one now serves → a look at once, before the planned one', () => {
    const s = waitingForPod();
    expect(s.nextRetryAt).toBe(5_010);
    expect(transition(s, pods(null, true), 200, config)).toEqual({ state: s, effects: [{ type: 'look' }] });
  });

  it('waiting for a ready pod and none serves yet → the planned look is soon enough', () => {
    const s = waitingForPod();
    expect(transition(s, pods(null, false), 200, config).effects).toEqual([]);
  });

  it('waiting for something else (the cluster, 403) → pod news brings no look', () => {
    const s = last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'unresolved', why: 'forbidden', message: 'pods is forbidden' }],
      ]),
    ).state;
    expect(transition(s, pods(null, true), 200, config).effects).toEqual([]);
  });

  it('a Failed forward (a missing Service, or given up) ignores pod news', () => {
    const s = last(
      run([
        [0, { type: 'start' }],
        [10, { type: 'unresolved', why: 'target-missing', message: 'service "web" not found' }],
      ]),
    ).state;
    expect(transition(s, pods(null, true), 200, config).effects).toEqual([]);
    expect(transition({ ...active(), state: 'Failed' }, pods(false), 200, config).effects).toEqual([]);
  });

  it('a stopped forward ignores pod news', () => {
    const s = transition(active(), { type: 'stop', why: null }, 300, config).state;
    expect(transition(s, pods(false, true), 400, config)).toEqual({ state: s, effects: [] });
  });
});
