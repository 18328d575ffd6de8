import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CONFIG } from '../../../shared/domain/healthConfig';
import { CHECK_FIELDS, draftFrom, inLabelWords, namespacesTyped, overridesFrom } from './healthForm';

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

describe('namespaces to watch', () => {
  const view = {
    context: 'dev',
    overrides: { probeInterval: 10 },
    defaults: DEFAULT_HEALTH_CONFIG,
    effective: { ...DEFAULT_HEALTH_CONFIG, probeInterval: 10, watchNamespaces: ['payments'] },
  };

  it('are shown comma separated and sent as a list; emptied, the setting goes', () => {
    const draft = draftFrom(view.effective);
    expect(draft.watchNamespaces).toBe('payments');
    expect(overridesFrom({ ...draft, watchNamespaces: ' payments,web  db ' }, view)).toEqual({
      probeInterval: 10,
      watchNamespaces: ['payments', 'web', 'db'],
    });
    expect(overridesFrom({ ...draft, watchNamespaces: ' , ' }, view)).toEqual({ probeInterval: 10 });
    expect(namespacesTyped('a, b,,c')).toEqual(['a', 'b', 'c']);
  });

  it('engine messages about them use the label', () => {
    expect(inLabelWords('watchNamespaces[1] must be a namespace name')).toBe(
      'Namespaces to watch[1] must be a namespace name',
    );
  });
});
