import { describe, expect, it } from 'vitest';
import { summary } from '../testing/fakeEngine';
import { overallLabel, stateClass, stateLabel, worstState } from './state';

describe('state wording', () => {
  it('the worst state wins; Unknown only without a verdict', () => {
    expect(worstState([])).toBe('Unknown');
    expect(worstState([summary('a'), summary('b', { state: 'Degraded' })])).toBe('Degraded');
    expect(worstState([summary('a', { state: 'Unhealthy' }), summary('b', { state: 'Degraded' })])).toBe(
      'Unhealthy',
    );
    expect(worstState([summary('a'), summary('b', { state: 'Unknown' })])).toBe('Unknown');
  });
  it('the header says how many are in which state', () => {
    expect(overallLabel([])).toBe('No clusters monitored');
    expect(overallLabel([summary('a')])).toBe('Healthy');
    expect(overallLabel([summary('a'), summary('b')])).toBe('All 2 healthy');
    expect(
      overallLabel([summary('a', { state: 'Unhealthy' }), summary('b', { state: 'Degraded' }), summary('c')]),
    ).toBe('1 unhealthy, 1 degraded');
  });
  it('a label for every state, and a colour class', () => {
    expect(stateLabel('Off')).toBe('Not monitored');
    expect(stateLabel('Degraded')).toBe('Degraded');
    expect(stateClass('Unhealthy')).toBe('state-unhealthy');
  });
});
