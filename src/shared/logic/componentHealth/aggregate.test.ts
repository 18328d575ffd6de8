import { describe, expect, it } from 'vitest';
import { aggregateHealth, worstState, type ComponentVerdict } from './aggregate';

const c = (name: string, state: ComponentVerdict['state'], timedOut = false): ComponentVerdict => ({
  name,
  state,
  timedOut,
});

describe('aggregateHealth', () => {
  it('is Unknown with no components, or when none has a verdict', () => {
    expect(aggregateHealth([]).state).toBe('Unknown');
    expect(aggregateHealth([c('a', 'Unknown'), c('b', 'Unknown')]).state).toBe('Unknown');
  });

  it('is Unhealthy when any component is, and names it', () => {
    const r = aggregateHealth([c('clusters', 'Healthy'), c('forwards', 'Unhealthy'), c('x', 'Degraded')]);
    expect(r).toEqual({ state: 'Unhealthy', reason: 'unhealthy: forwards' });
  });

  it('is Degraded when any component is Degraded', () => {
    expect(aggregateHealth([c('a', 'Healthy'), c('b', 'Degraded')])).toEqual({
      state: 'Degraded',
      reason: 'degraded: b',
    });
  });

  it('is Degraded when a checker timed out, even if the rest is healthy', () => {
    const r = aggregateHealth([c('a', 'Healthy'), c('slow', 'Unknown', true)]);
    expect(r.state).toBe('Degraded');
    expect(r.reason).toBe('check timed out: slow');
  });

  it('ignores components not checked yet while others have a verdict', () => {
    const r = aggregateHealth([c('a', 'Healthy'), c('b', 'Unknown')]);
    expect(r).toEqual({ state: 'Healthy', reason: 'healthy (not checked yet: b)' });
  });

  it('is Healthy when all are', () => {
    expect(aggregateHealth([c('a', 'Healthy')])).toEqual({
      state: 'Healthy',
      reason: 'all components healthy',
    });
  });
});

describe('worstState', () => {
  it('ranks Healthy < Unknown < Degraded < Unhealthy and is Healthy for nothing', () => {
    expect(worstState([])).toBe('Healthy');
    expect(worstState(['Healthy', 'Unknown'])).toBe('Unknown');
    expect(worstState(['Unknown', 'Degraded', 'Healthy'])).toBe('Degraded');
    expect(worstState(['Degraded', 'Unhealthy'])).toBe('Unhealthy');
  });
});
