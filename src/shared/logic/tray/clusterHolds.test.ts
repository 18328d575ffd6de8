import { describe, expect, it } from 'vitest';
import { forwardChangeMovesClusters, type ForwardSeen } from './clusterHolds';

const active: ForwardSeen = { state: 'Active', context: 'a' };

describe('forwardChangeMovesClusters', () => {
  it('a traffic update (same state, same context) does not', () => {
    expect(forwardChangeMovesClusters(active, { state: 'Active', context: 'a' })).toBe(false);
  });

  it.each<[string, ForwardSeen | undefined, ForwardSeen | undefined]>([
    ['a new forward', undefined, active],
    ['a deleted forward', active, undefined],
    ['a forward stopping', active, { state: 'Stopped', context: 'a' }],
    ['a forward starting', { state: 'Stopped', context: 'a' }, { state: 'Starting', context: 'a' }],
    ['a forward moved to another context', active, { state: 'Active', context: 'b' }],
  ])('%s does', (_label, prev, next) => {
    expect(forwardChangeMovesClusters(prev, next)).toBe(true);
  });

  it('nothing before and nothing after does not', () => {
    expect(forwardChangeMovesClusters(undefined, undefined)).toBe(false);
  });
});
