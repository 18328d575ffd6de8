import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTER_HEALTH, mergeClusterHealth, readClusterHealth } from './clusterHealth';

const identity = (c: string): string => c;

function collect(): { warnings: string[]; warn: (w: string) => void } {
  const warnings: string[] = [];
  return { warnings, warn: (w) => warnings.push(w) };
}

describe('cluster health settings', () => {
  it('is absent when the file has neither block', () => {
    expect(readClusterHealth({ services: [] }, [], identity, () => undefined)).toBeUndefined();
  });

  it('fills LocalPort built-ins under a partial defaults block', () => {
    const { warnings, warn } = collect();
    const result = readClusterHealth(
      { defaults: { cluster_health: { interval: 120 } } },
      ['kind'],
      identity,
      warn,
    );
    expect(result).toEqual({
      defaults: { ...DEFAULT_CLUSTER_HEALTH, intervalMs: 120_000 },
      contexts: {},
      monitoredContexts: ['kind'],
      source: { defaults: { interval: 120 }, contexts: {} },
    });
    expect(warnings).toEqual([]);
  });

  it('merges a context override over the defaults, commands key by key', () => {
    const { warn } = collect();
    const result = readClusterHealth(
      {
        defaults: {
          cluster_health: { timeout: 10, commands: { node_status: false, pod_status: { enabled: false } } },
        },
        cluster_contexts: {
          prod: { cluster_health: { retry_attempts: 0, commands: { node_status: true } } },
        },
      },
      [],
      (c) => (c === 'prod' ? 'prod-local' : c),
      warn,
    );
    expect(result?.source.contexts).toEqual({
      'prod-local': { retry_attempts: 0, commands: { node_status: true } },
    });
    expect(result?.contexts).toEqual({
      'prod-local': {
        ...DEFAULT_CLUSTER_HEALTH,
        timeoutMs: 10_000,
        retryAttempts: 0,
        commands: { clusterInfo: true, podStatus: false, nodeStatus: true, eventsOnFailure: true },
      },
    });
  });

  it('turns every check off when disabled, but lets a context enable it again', () => {
    const result = readClusterHealth(
      {
        defaults: { cluster_health: { enabled: false } },
        cluster_contexts: { dev: { cluster_health: { enabled: true } } },
      },
      [],
      identity,
      () => undefined,
    );
    expect(result?.defaults.commands).toEqual({
      clusterInfo: false,
      podStatus: false,
      nodeStatus: false,
      eventsOnFailure: false,
    });
    expect(result?.contexts['dev']?.commands.clusterInfo).toBe(true);
  });

  it('keeps the inherited value and warns about anything out of range or unknown', () => {
    const { warnings, warn } = collect();
    const merged = mergeClusterHealth(
      DEFAULT_CLUSTER_HEALTH,
      {
        interval: 30,
        timeout: 'soon',
        enabled: 'yes',
        commands: { describe_pods: true, events_on_failure: 'x' },
        colour: 'red',
      },
      'defaults.cluster_health',
      warn,
    );
    expect(merged).toEqual(DEFAULT_CLUSTER_HEALTH);
    expect(warnings).toEqual([
      'defaults.cluster_health.interval must be a number from 60 to 3600, got 30; kept the default',
      'defaults.cluster_health.timeout must be a number from 5 to 300, got "soon"; kept the default',
      'defaults.cluster_health.enabled must be true or false, got "yes"; kept true',
      'defaults.cluster_health.commands.describe_pods is not a known check (cluster_info, pod_status, node_status and events_on_failure); ignored',
      'defaults.cluster_health.commands.events_on_failure must be true/false or {enabled: true/false}; ignored',
      'defaults.cluster_health.colour is not a cluster health setting; ignored',
    ]);
  });

  it('warns about malformed blocks instead of failing', () => {
    const { warnings, warn } = collect();
    const result = readClusterHealth(
      {
        defaults: { cluster_health: 'on' },
        cluster_contexts: { a: 'x', b: { cluster_health: { commands: [] } } },
      },
      [],
      identity,
      warn,
    );
    expect(result?.defaults).toEqual(DEFAULT_CLUSTER_HEALTH);
    expect(result?.contexts).toEqual({ a: DEFAULT_CLUSTER_HEALTH, b: DEFAULT_CLUSTER_HEALTH });
    expect(warnings).toHaveLength(3);
    const listed = collect();
    readClusterHealth({ cluster_contexts: ['a'] }, [], identity, listed.warn);
    expect(listed.warnings).toEqual(['cluster_contexts must be a map, got a list; ignored']);
  });
});
