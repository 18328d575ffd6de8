import { describe, expect, it } from 'vitest';
import { layerOverride, withImportedHealth } from './importedHealth';

describe('withImportedHealth', () => {
  it('lays the file over the stored settings, keeping what the file does not set', () => {
    const stored = {
      defaults: { probeInterval: 15, checks: { podStatus: false } },
      contexts: { kind: { interval: 60, namespaces: ['a'] }, other: { timeout: 9 } },
    };
    const next = withImportedHealth(stored, {
      defaults: { retryAttempts: 4, checks: { nodeStatus: false } },
      overrides: { kind: { interval: 180, timeout: 20 }, fresh: { failureThreshold: 5 } },
    });
    expect(next).toEqual({
      defaults: { probeInterval: 15, retryAttempts: 4, checks: { podStatus: false, nodeStatus: false } },
      contexts: {
        kind: { interval: 180, timeout: 20, namespaces: ['a'] },
        other: { timeout: 9 },
        fresh: { failureThreshold: 5 },
      },
    });
  });

  it('changes nothing for empty layers', () => {
    expect(withImportedHealth({}, { defaults: {}, overrides: {} })).toEqual({});
    const stored = { defaults: { interval: 100 } };
    expect(withImportedHealth(stored, { defaults: {}, overrides: {} })).toEqual(stored);
  });
});

describe('layerOverride', () => {
  it('merges checks key by key and adds none when neither side has them', () => {
    expect(layerOverride({ checks: { podStatus: false } }, { checks: { nodeStatus: false } })).toEqual({
      checks: { podStatus: false, nodeStatus: false },
    });
    expect(layerOverride(undefined, { interval: 30 })).toEqual({ interval: 30 });
  });
});
