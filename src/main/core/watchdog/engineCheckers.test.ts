import { describe, expect, it } from 'vitest';
import { clustersCheck, forwardsCheck, provisioningCheck } from './engineCheckers';

describe('engine checkers', () => {
  it('clusters: a down cluster degrades the component (named), never makes it Unhealthy', () => {
    expect(clustersCheck([])).toEqual({ state: 'Healthy', reason: 'no cluster monitored' });
    expect(
      clustersCheck([
        { context: 'a', state: 'Healthy' },
        { context: 'b', state: 'Unhealthy' },
      ]),
    ).toEqual({
      state: 'Degraded',
      reason: 'b Unhealthy',
    });
    expect(clustersCheck([{ context: 'a', state: 'Unknown' }])).toEqual({
      state: 'Unknown',
      reason: '1 cluster not checked yet',
    });
    expect(
      clustersCheck([
        { context: 'a', state: 'Healthy' },
        { context: 'b', state: 'Healthy' },
      ]).reason,
    ).toBe('2 clusters healthy');
  });

  it('forwards: Failed → Unhealthy, Reconnecting → Degraded, stopped ones do not count', () => {
    const f = (name: string, state: string, reason: string | null = null) => ({
      spec: { name },
      state,
      reason,
    });
    expect(forwardsCheck([f('a', 'Stopped')])).toEqual({ state: 'Healthy', reason: 'no forward running' });
    expect(forwardsCheck([f('a', 'Active'), f('b', 'Reconnecting')])).toEqual({
      state: 'Degraded',
      reason: 'b Reconnecting',
    });
    expect(forwardsCheck([f('a', 'Failed', 'kubectl exited'), f('b', 'Reconnecting')])).toEqual({
      state: 'Unhealthy',
      reason: 'a failed: kubectl exited',
    });
    expect(forwardsCheck([f('a', 'Active')]).reason).toBe('1 forward active');
  });

  it('provisioning: counts', () => {
    expect(provisioningCheck({ watchers: 2, openStreams: 1, subscriptions: 0 }).reason).toBe(
      '2 watchers, 1 open stream, 0 subscriptions',
    );
  });
});
