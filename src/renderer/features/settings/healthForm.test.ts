import { describe, expect, it } from 'vitest';
import { CHECK_FIELDS, inLabelWords } from './healthForm';

describe('inLabelWords', () => {
  it('says the engine’s setting keys in the labels’ words', () => {
    expect(inLabelWords('probeInterval must be between 5 and 600 seconds (got 0)')).toBe(
      'Probe every (s) must be between 5 and 600 seconds (got 0)',
    );
    expect(inLabelWords('failureThreshold must be at least 1')).toBe(
      'Failures before Unhealthy must be at least 1',
    );
    expect(inLabelWords('checks.nodeStatus must be true or false')).toBe('Node status must be true or false');
  });

  it('leaves other words alone', () => {
    expect(inLabelWords('The interval is too short')).toBe('The interval is too short');
    expect(inLabelWords('interval must be at least probeTimeout')).toBe(
      'Full check every (s) must be at least Probe timeout (s)',
    );
  });

  it('check labels carry no internal names', () => {
    for (const f of CHECK_FIELDS) expect(f.label).not.toMatch(/[_(]/);
  });
});
