import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../domain/health';
import { forwardCounts } from './forwardCounts';
import { trayView, type TrayCluster } from './trayState';

const c = (context: string, state: HealthState, reason?: string): TrayCluster => ({
  context,
  state,
  reasons: reason ? [{ message: reason }] : [],
});

describe('trayView (icon-state mapping)', () => {
  it('nothing watched → unknown, and the tooltip says so', () => {
    expect(trayView({ clusters: [] })).toEqual({
      state: 'unknown',
      tooltip: 'Tether — no clusters monitored',
    });
  });

  it('all healthy → healthy', () => {
    expect(trayView({ clusters: [c('a', 'Healthy'), c('b', 'Healthy')] })).toEqual({
      state: 'healthy',
      tooltip: 'Tether — 2 clusters healthy',
    });
  });

  it('one cluster not checked yet → unknown', () => {
    expect(trayView({ clusters: [c('a', 'Healthy'), c('b', 'Unknown')] }).state).toBe('unknown');
  });

  it('a degraded cluster → degraded, with its reason in the tooltip', () => {
    expect(trayView({ clusters: [c('a', 'Healthy'), c('b', 'Degraded', '1 of 3 nodes NotReady')] })).toEqual({
      state: 'degraded',
      tooltip: 'Tether — b degraded: 1 of 3 nodes NotReady',
    });
  });

  it('unhealthy beats degraded, busy and unknown', () => {
    const v = trayView({
      clusters: [c('a', 'Unhealthy', 'API unreachable'), c('b', 'Degraded'), c('c', 'Unknown')],
      forwards: { total: 2, failed: 0, reconnecting: 1 },
      provisioning: 1,
    });
    expect(v.state).toBe('unhealthy');
    expect(v.tooltip).toBe(
      'Tether — 1 unhealthy, 1 degraded of 3 clusters · 1 forward reconnecting · 1 provisioning',
    );
  });

  it('a forward that failed after its retries makes the icon unhealthy even if clusters are fine', () => {
    const v = trayView({ clusters: [c('a', 'Healthy')], forwards: { total: 3, failed: 1, reconnecting: 0 } });
    expect(v).toEqual({ state: 'unhealthy', tooltip: 'Tether — 1 cluster healthy · 1 forward failed' });
  });

  it('provisioning or reconnecting forwards → busy (over degraded)', () => {
    expect(trayView({ clusters: [c('a', 'Degraded')], provisioning: 2 }).state).toBe('busy');
    expect(
      trayView({ clusters: [c('a', 'Healthy')], forwards: { total: 1, failed: 0, reconnecting: 1 } }).state,
    ).toBe('busy');
  });

  it('healthy with forwards up says how many', () => {
    expect(
      trayView({ clusters: [c('a', 'Healthy')], forwards: { total: 2, failed: 0, reconnecting: 0 } }).tooltip,
    ).toBe('Tether — 1 cluster healthy · 2 forwards up');
  });

  it('forwards only, no clusters monitored → healthy when they are up', () => {
    expect(trayView({ clusters: [], forwards: { total: 1, failed: 0, reconnecting: 0 } }).state).toBe(
      'healthy',
    );
  });
});

describe('forwardCounts', () => {
  it('ignores stopped forwards, counts failed and in-progress ones', () => {
    expect(forwardCounts(['Stopped', 'Active', 'Failed', 'Starting', 'Reconnecting', 'Active'])).toEqual({
      total: 5,
      failed: 1,
      reconnecting: 2,
    });
  });
});
