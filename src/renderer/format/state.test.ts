import { describe, expect, it } from 'vitest';
import { summary } from '../testing/fakeEngine';
import { headerState, headerVerdict, overallLabel, stateClass, stateLabel, worstState } from './state';

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
  it('the header adds forwards in trouble to the clusters’ verdict, as the tray does', () => {
    const none = { total: 0, failed: 0, reconnecting: 0 };
    const clusters = [summary('a', { state: 'Degraded' }), summary('b')];
    expect(headerVerdict(clusters, none)).toBe('1 degraded');
    expect(headerVerdict(clusters, { total: 4, failed: 0, reconnecting: 3 })).toBe(
      '1 degraded · 3 forwards reconnecting',
    );
    expect(headerVerdict([], { total: 2, failed: 1, reconnecting: 1 })).toBe(
      'No clusters monitored · 1 forward failed · 1 forward reconnecting',
    );
    expect(headerVerdict(clusters, { total: 2, failed: 0, reconnecting: 0 })).toBe('1 degraded');
  });
  it('the header dot is the worst of clusters and forwards', () => {
    const none = { total: 0, failed: 0, reconnecting: 0 };
    expect(headerState([summary('a')], none)).toBe('Healthy');
    expect(headerState([summary('a')], { total: 1, failed: 0, reconnecting: 1 })).toBe('Degraded');
    expect(
      headerState([summary('a', { state: 'Unhealthy' })], { total: 1, failed: 0, reconnecting: 1 }),
    ).toBe('Unhealthy');
    expect(headerState([], { total: 1, failed: 1, reconnecting: 0 })).toBe('Unhealthy');
    expect(headerState([], none)).toBe('Off');
  });
});
