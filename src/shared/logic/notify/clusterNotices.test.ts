import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../domain/health';
import { ClusterTransitions, clusterTransitionNotice, type NoticeCluster } from './clusterNotices';

const s = (state: HealthState, reasons: NoticeCluster['reasons'] = [], context = 'prod'): NoticeCluster => ({
  context,
  state,
  reasons,
  lastCheckAt: 1000,
});

describe('clusterTransitionNotice', () => {
  it('Healthy → Unhealthy says why, in the engine’s words, and targets the cluster', () => {
    const n = clusterTransitionNotice(
      'Healthy',
      s('Unhealthy', [{ message: 'API unreachable', detail: 'connect ECONNREFUSED 10.0.0.1:6443' }]),
    );
    expect(n).toMatchObject({
      kind: 'cluster.unhealthy',
      severity: 'error',
      title: 'prod is unhealthy',
      body: 'API unreachable — connect ECONNREFUSED 10.0.0.1:6443',
      context: 'prod',
      target: { view: 'cluster', params: { context: 'prod' } },
    });
  });

  it('counts the other reasons and leaves out a long detail', () => {
    const n = clusterTransitionNotice(
      'Degraded',
      s('Unhealthy', [{ message: 'pod payments-7f9 OOMKilled', detail: 'x'.repeat(500) }, { message: 'b' }]),
    );
    expect(n?.body).toBe('pod payments-7f9 OOMKilled (+1 more)');
  });

  it('a cluster already down at start-up (Unknown → Unhealthy) is news', () => {
    expect(clusterTransitionNotice(undefined, s('Unhealthy'))?.kind).toBe('cluster.unhealthy');
    expect(clusterTransitionNotice('Unknown', s('Unhealthy'))?.kind).toBe('cluster.unhealthy');
  });

  it('Unhealthy → Healthy or Degraded is a recovery; to Degraded it says what is still wrong', () => {
    expect(clusterTransitionNotice('Unhealthy', s('Healthy'))).toMatchObject({
      kind: 'cluster.recovered',
      body: 'Healthy again.',
    });
    expect(
      clusterTransitionNotice('Unhealthy', s('Degraded', [{ message: '1 of 3 nodes NotReady' }]))?.body,
    ).toBe('Reachable again, still degraded: 1 of 3 nodes NotReady');
  });

  it('other transitions are not news', () => {
    expect(clusterTransitionNotice('Healthy', s('Degraded'))).toBeUndefined();
    expect(clusterTransitionNotice('Unhealthy', s('Unknown'))).toBeUndefined();
    expect(clusterTransitionNotice('Unknown', s('Healthy'))).toBeUndefined();
  });
});

describe('ClusterTransitions', () => {
  it('notifies once per transition, not per summary, and per context', () => {
    const t = new ClusterTransitions();
    expect(t.next(s('Healthy'))).toBeUndefined();
    expect(t.next(s('Unhealthy'))?.kind).toBe('cluster.unhealthy');
    expect(t.next(s('Unhealthy', [{ message: 'still down' }]))).toBeUndefined();
    expect(t.next(s('Unhealthy', [], 'staging'))?.context).toBe('staging');
    expect(t.next(s('Healthy'))?.kind).toBe('cluster.recovered');
  });

  it('forget makes the next summary start fresh', () => {
    const t = new ClusterTransitions();
    t.next(s('Unhealthy'));
    t.forget('prod');
    expect(t.next(s('Healthy'))).toBeUndefined();
  });
});
