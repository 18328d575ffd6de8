import { describe, expect, it } from 'vitest';
import { formatElapsed, orderSnapshots, phaseTone, stepStates } from './phaseSteps';

const ev = (indicates?: 'Initializing' | 'Provisioning' | 'Bootstrapping') => ({
  at: '2026-01-01T00:00:00Z',
  type: 'Normal' as const,
  reason: 'r',
  message: 'm',
  object: { name: 'x' },
  count: 1,
  ...(indicates ? { indicates } : {}),
});

describe('provisioning stepper', () => {
  it('marks earlier steps done, the phase current, later ones to do', () => {
    expect(stepStates({ phase: 'Bootstrapping', progress: 40, events: [] })).toEqual([
      'done',
      'done',
      'current',
      'todo',
      'todo',
      'todo',
    ]);
  });
  it('Ready completes every step', () => {
    expect(stepStates({ phase: 'Ready', progress: 100, events: [] })).toEqual(Array(6).fill('done'));
  });
  it('Failed marks the step after the furthest one the events prove', () => {
    expect(stepStates({ phase: 'Failed', progress: 20, events: [ev('Provisioning'), ev()] })).toEqual([
      'done',
      'done',
      'failed',
      'todo',
      'todo',
      'todo',
    ]);
    expect(stepStates({ phase: 'Failed', progress: 0, events: [] })[0]).toBe('failed');
  });
  it('says the phase in words with a tone', () => {
    expect(phaseTone({ phase: 'Ready', timedOut: false, deleted: false })).toEqual({
      label: 'Ready',
      tone: 'Healthy',
    });
    expect(phaseTone({ phase: 'Scaling', timedOut: true, deleted: false }).label).toBe('Scaling (timed out)');
    expect(phaseTone({ phase: 'Ready', timedOut: false, deleted: true }).label).toBe('Deleted');
  });
  it('formats elapsed time and orders in-progress first', () => {
    expect(formatElapsed(45_000)).toBe('45 s');
    expect(formatElapsed(723_000)).toBe('12 min 3 s');
    expect(formatElapsed(7_500_000)).toBe('2 h 5 min');
    const items = [
      { name: 'done', terminal: true, phase: 'Ready' as const, startedAt: '2026-01-03' },
      { name: 'fail', terminal: true, phase: 'Failed' as const, startedAt: '2026-01-01' },
      { name: 'busy', terminal: false, phase: 'Scaling' as const, startedAt: '2026-01-02' },
    ];
    expect(orderSnapshots(items).map((i) => i.name)).toEqual(['busy', 'fail', 'done']);
  });
});
