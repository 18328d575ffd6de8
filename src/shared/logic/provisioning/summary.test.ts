import { describe, expect, it } from 'vitest';
import { composeSummary, flattenMessage, isProblem } from './summary';

describe('flattenMessage', () => {
  it('joins bullet lines into one line', () => {
    expect(
      flattenMessage('* InfrastructureReady:\n    * LoadBalancerAvailable: x\n* WorkersAvailable: y'),
    ).toBe('InfrastructureReady: LoadBalancerAvailable: x; WorkersAvailable: y');
    expect(flattenMessage('Cluster is not ready.\n* A: b')).toBe('Cluster is not ready. A: b');
    expect(flattenMessage('  a   b  ')).toBe('a b');
    expect(flattenMessage(undefined)).toBe('');
  });
});

describe('composeSummary', () => {
  it('appends the other problems once each, healthy negative-polarity conditions left out', () => {
    const summary = composeSummary(
      'lead',
      [
        { type: 'A', status: 'False', message: 'a' },
        { type: 'B', status: 'False', message: 'a' },
        { type: 'C', status: 'True', message: 'fine' },
        { type: 'Deleting', status: 'False', message: 'not deleting' },
        { type: 'Lead', status: 'False', message: 'lead' },
        { type: 'D', status: 'Unknown', message: 'd' },
      ],
      'Lead',
    );
    expect(summary).toBe('lead: a, d');
    expect(composeSummary('only', [])).toBe('only');
  });

  it('isProblem knows both polarities', () => {
    expect(isProblem({ type: 'ScalingUp', status: 'True' })).toBe(true);
    expect(isProblem({ type: 'ScalingUp', status: 'False' })).toBe(false);
    expect(isProblem({ type: 'Ready', status: 'Unknown' })).toBe(true);
  });
});
