import { describe, expect, it } from 'vitest';
import { readKubeEvent } from './events';

describe('readKubeEvent', () => {
  it('reads a core/v1 Event', () => {
    expect(
      readKubeEvent({
        metadata: { name: 'dev.17a', namespace: 'kcm-system', uid: 'u1' },
        involvedObject: { kind: 'Cluster', name: 'dev', namespace: 'kcm-system' },
        reason: 'Provisioned',
        message: 'Cluster dev is Provisioned\n',
        type: 'Normal',
        count: 2,
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:01:00Z',
      }),
    ).toEqual({
      uid: 'u1',
      namespace: 'kcm-system',
      type: 'Normal',
      reason: 'Provisioned',
      message: 'Cluster dev is Provisioned',
      object: { kind: 'Cluster', name: 'dev', namespace: 'kcm-system' },
      count: 2,
      atMs: Date.parse('2026-01-01T00:01:00Z'),
    });
  });

  it('reads an events.k8s.io/v1 Event (regarding, note, series)', () => {
    expect(
      readKubeEvent({
        metadata: { namespace: 'kcm-system' },
        regarding: { kind: 'Machine', name: 'dev-md-0' },
        reason: 'SuccessfulSetNodeRef',
        note: 'ip-10-0-1-1',
        type: 'Normal',
        eventTime: '2026-01-01T00:00:00.000000Z',
        series: { count: 3, lastObservedTime: '2026-01-01T00:05:00.000000Z' },
      }),
    ).toMatchObject({
      object: { kind: 'Machine', name: 'dev-md-0' },
      message: 'ip-10-0-1-1',
      count: 3,
      atMs: Date.parse('2026-01-01T00:05:00Z'),
    });
  });

  it('defaults: Normal, count 1, empty reason; "warning" in any case is a Warning', () => {
    expect(readKubeEvent({ involvedObject: { name: 'x' }, type: 'warning' })).toEqual({
      type: 'Warning',
      reason: '',
      message: '',
      object: { name: 'x' },
      count: 1,
    });
    expect(readKubeEvent({ involvedObject: { name: 'x' }, count: 0 })?.count).toBe(1);
  });

  it('an event about nothing is no event', () => {
    expect(readKubeEvent({ reason: 'X' })).toBeUndefined();
    expect(readKubeEvent(null)).toBeUndefined();
    expect(readKubeEvent([])).toBeUndefined();
  });
});
