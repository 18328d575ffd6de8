import { describe, expect, it } from 'vitest';
import { transition } from './forwardRules';
import type { ForwardEvent } from './rulesEvents';
import { active, config, run } from './rulesTestKit';

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
