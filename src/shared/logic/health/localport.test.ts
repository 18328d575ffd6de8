import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeVectors, readVector } from '../../../../test/support/vectors';
import { DEFAULT_HEALTH_CONFIG } from '../../domain/healthConfig';
import { resolveHealthConfig } from './config';
import { fromLocalPortClusterHealth, importLocalPortHealth } from './localport';

describe('fromLocalPortClusterHealth', () => {
  it('maps snake_case keys and boolean commands', () => {
    const r = fromLocalPortClusterHealth({
      enabled: true,
      interval: 240,
      timeout: 30,
      retry_attempts: 2,
      failure_threshold: 3,
      commands: { cluster_info: true, pod_status: true, node_status: false, events_on_failure: true },
    });
    expect(r).toEqual({
      ok: true,
      notes: [],
      value: {
        enabled: true,
        interval: 240,
        timeout: 30,
        retryAttempts: 2,
        failureThreshold: 3,
        checks: { clusterInfo: true, podStatus: true, nodeStatus: false, eventsOnFailure: true },
      },
    });
  });

  it('accepts {enabled, command} command entries and notes the ignored command', () => {
    const r = fromLocalPortClusterHealth({
      commands: {
        events_on_failure: {
          enabled: true,
          command: ['kubectl', 'get', 'events', '--namespace=postgres', '--limit=20'],
        },
        node_status: { enabled: false },
        pod_status: { command: ['kubectl', 'get', 'pods'] },
      },
    });
    expect(r.ok && r.value.checks).toEqual({ eventsOnFailure: true, nodeStatus: false, podStatus: true });
    expect(r.notes).toEqual([
      'cluster_health.commands.events_on_failure.command is ignored: Tether uses the Kubernetes API, not kubectl',
      'cluster_health.commands.pod_status.command is ignored: Tether uses the Kubernetes API, not kubectl',
    ]);
  });

  it('accepts our own keys and the Tether-only snake keys too', () => {
    const r = fromLocalPortClusterHealth({
      probe_interval: 20,
      probe_timeout: 1.5,
      retry_delay: 0.5,
      success_threshold: 1,
      retryAttempts: 1,
      checks: { nodeStatus: false },
    });
    expect(r.ok && r.value).toEqual({
      probeInterval: 20,
      probeTimeout: 1.5,
      retryDelay: 0.5,
      successThreshold: 1,
      retryAttempts: 1,
      checks: { nodeStatus: false },
    });
  });

  it('errors use the names the user wrote', () => {
    const r = fromLocalPortClusterHealth(
      { interval: 2, retry_attempts: 20, commands: { node_status: 'yes' } },
      'cluster_contexts.minikube.cluster_health',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'cluster_contexts.minikube.cluster_health: interval must be between 10 and 3600 seconds (got 2)',
      'cluster_contexts.minikube.cluster_health: retry_attempts must be a whole number between 0 and 10 (got 20)',
      'cluster_contexts.minikube.cluster_health: commands.node_status must be true or false (got "yes")',
    ]);
  });

  it('unknown settings and unknown commands are errors, as in LocalPort', () => {
    const r = fromLocalPortClusterHealth({ intervall: 5, commands: { describe_pod: true } });
    expect(!r.ok && r.errors).toEqual([
      'cluster_health.intervall is not a known setting',
      'cluster_health.commands.describe_pod is not a known check (known: cluster_info, pod_status, node_status, events_on_failure)',
    ]);
  });

  it('missing block is an empty override; a non-map is an error', () => {
    expect(fromLocalPortClusterHealth(undefined)).toEqual({ ok: true, value: {}, notes: [] });
    expect(fromLocalPortClusterHealth(null)).toEqual({ ok: true, value: {}, notes: [] });
    expect(fromLocalPortClusterHealth('fast')).toMatchObject({
      ok: false,
      errors: ['cluster_health must be a map (got string)'],
    });
  });
});

describe('importLocalPortHealth: whole files', () => {
  it('reads defaults and per-context overrides, ignoring the rest of the file', () => {
    const r = importLocalPortHealth({
      version: '1.0',
      services: [],
      defaults: { health_check: { type: 'tcp' }, cluster_health: { interval: 120 } },
      cluster_contexts: { prod: { cluster_health: { failure_threshold: 5 } }, dev: {} },
    });
    expect(r).toEqual({
      warnings: [],
      layers: { defaults: { interval: 120 }, overrides: { prod: { failureThreshold: 5 } } },
    });
  });

  it('names every block left out and why', () => {
    const r = importLocalPortHealth({
      defaults: { cluster_health: { timeout: 0 } },
      cluster_contexts: { a: { cluster_health: { interval: 1 } } },
    });
    expect(r).toEqual({
      layers: { defaults: {}, overrides: {} },
      warnings: [
        'defaults.cluster_health was not applied: timeout must be between 1 and 300 seconds (got 0)',
        'cluster_contexts.a.cluster_health was not applied: interval must be between 10 and 3600 seconds (got 1)',
      ],
    });
  });

  it('an empty document carries no layers', () => {
    expect(importLocalPortHealth(undefined)).toEqual({ layers: undefined, warnings: [] });
  });
});

describeVectors('LocalPort test-cluster-health-config.yaml', () => {
  it('maps to the same settings LocalPort would use', () => {
    const r = importLocalPortHealth(parse(readVector('localport', 'test-cluster-health-config.yaml')));
    expect(r.warnings).toEqual([]);
    const { defaults, overrides } = r.layers!;

    const minikube = resolveHealthConfig(defaults, overrides, 'minikube');
    expect(minikube).toMatchObject({
      enabled: true,
      interval: 180,
      timeout: 20,
      retryAttempts: 2,
      failureThreshold: 3,
    });
    expect(minikube.checks).toEqual({
      clusterInfo: true,
      podStatus: true,
      nodeStatus: false,
      eventsOnFailure: true,
    });

    const docker = resolveHealthConfig(defaults, overrides, 'docker-desktop');
    expect(docker).toMatchObject({ interval: 300, timeout: 45 });
    expect(docker.checks.nodeStatus).toBe(false);

    const other = resolveHealthConfig(defaults, overrides, 'somewhere-else');
    expect(other).toMatchObject({ interval: 240, timeout: 30 });
    // Tether-only settings keep their defaults.
    expect(other.probeInterval).toBe(DEFAULT_HEALTH_CONFIG.probeInterval);
  });
});

describe('importLocalPortHealth', () => {
  it('applies the good blocks, names each left-out block and why, and maps context names', () => {
    const r = importLocalPortHealth(
      {
        defaults: {
          cluster_health: { interval: 120, commands: { pod_status: { command: 'kubectl get po' } } },
        },
        cluster_contexts: {
          kind: { cluster_health: { timeout: 20 } },
          prod: { cluster_health: { interval: 1 } },
          empty: {},
        },
      },
      (c) => (c === 'kind' ? 'kind-local' : c),
    );
    expect(r.layers).toEqual({
      defaults: { interval: 120, checks: { podStatus: true } },
      overrides: { 'kind-local': { timeout: 20 } },
    });
    expect(r.warnings).toEqual([
      'defaults.cluster_health.commands.pod_status.command is ignored: Tether uses the Kubernetes API, not kubectl',
      'cluster_contexts.prod.cluster_health was not applied: interval must be between 10 and 3600 seconds (got 1)',
    ]);
  });

  it('is nothing, with no warning, for a file without either block', () => {
    expect(importLocalPortHealth({ services: [] })).toEqual({ layers: undefined, warnings: [] });
  });
});
