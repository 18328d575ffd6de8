import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_CONFIG,
  HEALTH_BOUNDS,
  HealthConfigSchema,
  MAX_WATCH_NAMESPACES,
  type NumericSetting,
} from '../../domain/healthConfig';
import {
  HealthConfigError,
  healthTimings,
  mergeHealthConfig,
  parseHealthConfig,
  parseHealthOverride,
  resolveHealthConfig,
} from './config';

function errorsOf(raw: unknown): string[] {
  const r = parseHealthOverride(raw);
  return r.ok ? [] : r.errors;
}

describe('defaults', () => {
  it('follow LocalPort where it has a value, plus the fast probe', () => {
    expect(DEFAULT_HEALTH_CONFIG).toEqual({
      enabled: true,
      interval: 240,
      probeInterval: 30,
      timeout: 30,
      probeTimeout: 2,
      retryAttempts: 2,
      retryDelay: 1,
      failureThreshold: 3,
      successThreshold: 2,
      checks: { clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true },
      namespaces: 'all',
    });
    expect(HealthConfigSchema.parse(DEFAULT_HEALTH_CONFIG)).toEqual(DEFAULT_HEALTH_CONFIG);
  });

  it('are frozen', () => {
    expect(Object.isFrozen(DEFAULT_HEALTH_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_HEALTH_CONFIG.checks)).toBe(true);
  });

  it('every default is inside its bounds', () => {
    for (const [field, bound] of Object.entries(HEALTH_BOUNDS)) {
      const value = DEFAULT_HEALTH_CONFIG[field as NumericSetting];
      expect(value).toBeGreaterThanOrEqual(bound.min);
      expect(value).toBeLessThanOrEqual(bound.max);
    }
  });

  it('timings in milliseconds', () => {
    expect(healthTimings(DEFAULT_HEALTH_CONFIG)).toEqual({
      intervalMs: 240_000,
      probeIntervalMs: 30_000,
      timeoutMs: 30_000,
      probeTimeoutMs: 2_000,
      retryDelayMs: 1_000,
      retryAttempts: 2,
      failureThreshold: 3,
      successThreshold: 2,
    });
  });
});

describe('validation messages name the field and the bound', () => {
  it.each([
    [{ interval: 2 }, 'interval must be between 10 and 3600 seconds (got 2)'],
    [{ interval: 3601 }, 'interval must be between 10 and 3600 seconds (got 3601)'],
    [{ probeInterval: 1 }, 'probeInterval must be between 5 and 600 seconds (got 1)'],
    [{ timeout: 0 }, 'timeout must be between 1 and 300 seconds (got 0)'],
    [{ probeTimeout: 0.1 }, 'probeTimeout must be between 0.2 and 60 seconds (got 0.1)'],
    [{ retryAttempts: 11 }, 'retryAttempts must be a whole number between 0 and 10 (got 11)'],
    [{ retryAttempts: 1.5 }, 'retryAttempts must be a whole number between 0 and 10 (got 1.5)'],
    [{ retryDelay: 0 }, 'retryDelay must be between 0.1 and 60 seconds (got 0)'],
    [{ failureThreshold: 0 }, 'failureThreshold must be a whole number between 1 and 100 (got 0)'],
    [{ successThreshold: 101 }, 'successThreshold must be a whole number between 1 and 100 (got 101)'],
    [{ interval: '240' }, 'interval must be a number between 10 and 3600 seconds (got "240")'],
    [{ interval: null }, 'interval must be a number between 10 and 3600 seconds (got null)'],
    [{ interval: Number.NaN }, 'interval must be a number between 10 and 3600 seconds (got NaN)'],
    [{ interval: Infinity }, 'interval must be a number between 10 and 3600 seconds (got Infinity)'],
    [{ enabled: 'yes' }, 'enabled must be true or false (got "yes")'],
    [{ checks: { nodeStatus: 1 } }, 'checks.nodeStatus must be true or false (got 1)'],
    [{ checks: { kubectl: true } }, 'checks: unknown setting "kubectl"'],
    [{ checks: [] }, 'checks must be a map of check names to true/false (got [])'],
    [{ intervall: 5 }, 'unknown setting "intervall"'],
    [
      { namespaces: 'default' },
      'namespaces must be "all" or a non-empty list of namespace names (got "default")',
    ],
    [{ namespaces: [] }, 'namespaces must be "all" or a non-empty list of namespace names (got [])'],
    [
      { namespaces: ['ok', 'Not_OK'] },
      'namespaces[1] must be a namespace name: lower-case letters, digits and \'-\', at most 63 (got "Not_OK")',
    ],
    [7, 'cluster health settings must be a map (got 7)'],
  ])('%j → %s', (raw, message) => {
    expect(errorsOf(raw)).toEqual([message]);
  });

  it('bounds are inclusive', () => {
    for (const [field, bound] of Object.entries(HEALTH_BOUNDS)) {
      expect(errorsOf({ [field]: bound.min })).toEqual([]);
      expect(errorsOf({ [field]: bound.max })).toEqual([]);
    }
  });

  it('reports every problem at once', () => {
    expect(errorsOf({ interval: 1, timeout: 1000, retryAttempts: -1 })).toHaveLength(3);
  });

  it('namespace names: 63 chars ok, 64 not; duplicates removed', () => {
    expect(errorsOf({ namespaces: ['a'.repeat(63)] })).toEqual([]);
    expect(errorsOf({ namespaces: ['a'.repeat(64)] })).toHaveLength(1);
    const r = parseHealthOverride({ namespaces: ['a', 'b', 'a'] });
    expect(r.ok && r.value.namespaces).toEqual(['a', 'b']);
  });
});

describe('parseHealthConfig and mergeHealthConfig', () => {
  it('fills gaps from the defaults', () => {
    const r = parseHealthConfig({ interval: 120, checks: { nodeStatus: false } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.interval).toBe(120);
    expect(r.value.probeInterval).toBe(30);
    expect(r.value.checks).toEqual({
      clusterInfo: true,
      podStatus: true,
      nodeStatus: false,
      eventsOnFailure: true,
    });
  });

  it('an empty object is the defaults', () => {
    expect(parseHealthConfig({})).toEqual({ ok: true, value: DEFAULT_HEALTH_CONFIG });
  });

  it('merge ignores undefined fields and merges checks key by key', () => {
    const merged = mergeHealthConfig(DEFAULT_HEALTH_CONFIG, {
      interval: undefined,
      timeout: 10,
      checks: { podStatus: false, nodeStatus: undefined },
    });
    expect(merged.interval).toBe(240);
    expect(merged.timeout).toBe(10);
    expect(merged.checks).toEqual({
      clusterInfo: true,
      podStatus: false,
      nodeStatus: true,
      eventsOnFailure: true,
    });
    expect(mergeHealthConfig(DEFAULT_HEALTH_CONFIG, undefined)).toBe(DEFAULT_HEALTH_CONFIG);
  });
});

describe('resolveHealthConfig', () => {
  const overrides = {
    minikube: { interval: 180, timeout: 20, checks: { nodeStatus: false } },
    'docker-desktop': { interval: 300, timeout: 45 },
  };

  it('defaults ← user defaults ← context override', () => {
    const c = resolveHealthConfig(
      { retryAttempts: 3, checks: { eventsOnFailure: false } },
      overrides,
      'minikube',
    );
    expect(c).toMatchObject({ interval: 180, timeout: 20, retryAttempts: 3, failureThreshold: 3 });
    expect(c.checks).toEqual({
      clusterInfo: true,
      podStatus: true,
      nodeStatus: false,
      eventsOnFailure: false,
    });
  });

  it('contexts without an override get the defaults', () => {
    expect(resolveHealthConfig(undefined, overrides, 'prod')).toEqual(DEFAULT_HEALTH_CONFIG);
    expect(resolveHealthConfig(undefined, undefined, 'prod')).toEqual(DEFAULT_HEALTH_CONFIG);
  });

  it('an override can change every value, including namespaces and enabled', () => {
    const c = resolveHealthConfig(
      {},
      { dev: { enabled: false, namespaces: ['payments'], successThreshold: 1 } },
      'dev',
    );
    expect(c).toMatchObject({ enabled: false, namespaces: ['payments'], successThreshold: 1 });
  });

  it('does not look up inherited keys', () => {
    expect(resolveHealthConfig({}, overrides, 'toString')).toEqual(DEFAULT_HEALTH_CONFIG);
  });

  it('throws one error listing every problem, saying where', () => {
    const bad = { prod: { interval: 2 } };
    try {
      resolveHealthConfig({ timeout: 0 }, bad, 'prod');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HealthConfigError);
      const err = e as HealthConfigError;
      expect(err.issues).toEqual([
        'defaults: timeout must be between 1 and 300 seconds (got 0)',
        'context "prod": interval must be between 10 and 3600 seconds (got 2)',
      ]);
      expect(err.message).toContain('interval must be between 10 and 3600 seconds (got 2)');
    }
  });

  it('a bad override for another context does not matter', () => {
    expect(() => resolveHealthConfig({}, { other: { interval: 2 } }, 'prod')).not.toThrow();
  });
});

describe('watchNamespaces (namespaces watched when cluster-wide lists are refused)', () => {
  it('takes DNS-1123 labels, each once, and leaves the full config without it by default', () => {
    const r = parseHealthOverride({ watchNamespaces: ['payments', 'web', 'payments'] });
    expect(r.ok && r.value.watchNamespaces).toEqual(['payments', 'web']);
    expect(errorsOf({ watchNamespaces: [] })).toEqual([]);
    expect(DEFAULT_HEALTH_CONFIG.watchNamespaces).toBeUndefined();
    expect(resolveHealthConfig({}, { dev: { watchNamespaces: ['web'] } }, 'dev').watchNamespaces).toEqual([
      'web',
    ]);
  });

  it('refuses what is not a namespace name, saying which entry and why', () => {
    expect(errorsOf({ watchNamespaces: 'payments' })).toEqual([
      'watchNamespaces must be a list of namespace names (got "payments")',
    ]);
    expect(errorsOf({ watchNamespaces: ['ok', 'Web', '-x', 'a'.repeat(64), 7] })).toEqual([
      expect.stringMatching(/^watchNamespaces\[1\] must be a namespace name: .*\(got "Web"\)$/),
      expect.stringMatching(/^watchNamespaces\[2\] must be a namespace name/),
      expect.stringMatching(/^watchNamespaces\[3\] must be a namespace name/),
      expect.stringMatching(/^watchNamespaces\[4\] must be a namespace name: .*\(got 7\)$/),
    ]);
  });

  it('takes at most MAX_WATCH_NAMESPACES', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `ns-${i}`);
    expect(errorsOf({ watchNamespaces: names(MAX_WATCH_NAMESPACES) })).toEqual([]);
    expect(errorsOf({ watchNamespaces: names(MAX_WATCH_NAMESPACES + 1) })).toEqual([
      `watchNamespaces takes at most ${MAX_WATCH_NAMESPACES} namespaces (got ${MAX_WATCH_NAMESPACES + 1})`,
    ]);
  });
});
