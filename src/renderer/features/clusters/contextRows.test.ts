import { describe, expect, it } from 'vitest';
import { contextRows } from './contextRows';

describe('contextRows', () => {
  it('folds the unmonitored contexts once something is monitored, keeping the kubeconfig order', () => {
    expect(contextRows(['a', 'b-badtoken', 'b', 'a-restricted'], ['b', 'a'])).toEqual({
      shown: ['a', 'b'],
      folded: ['b-badtoken', 'a-restricted'],
    });
  });

  it('shows everything while nothing is monitored, so there is something to switch on', () => {
    expect(contextRows(['a', 'b', 'c'], [])).toEqual({ shown: ['a', 'b', 'c'], folded: [] });
  });

  it('never folds a single context into a row of its own', () => {
    expect(contextRows(['a', 'b'], ['a'])).toEqual({ shown: ['a', 'b'], folded: [] });
  });

  it('a monitored context the kubeconfig lost is still a row', () => {
    expect(contextRows(['a', 'x', 'y', 'gone'], ['a', 'gone'])).toEqual({
      shown: ['a', 'gone'],
      folded: ['x', 'y'],
    });
  });
});
