import { describe, expect, it } from 'vitest';
import { ProvisioningServiceSchema } from '../../domain/provisioning';
import { parseReadyCount, readServices, readServiceState, serviceHealth, tallyServices } from './services';

describe('readServices: current shape (v1beta1 ServiceState)', () => {
  it('reads three services in different states', () => {
    const services = readServices({
      services: [
        {
          type: 'Helm',
          name: 'ingress-nginx',
          namespace: 'ingress-nginx',
          template: 'ingress-nginx-4-11-3',
          version: '4.11.3',
          state: 'Deployed',
          lastStateTransitionTime: '2025-01-01T00:00:00Z',
        },
        { type: 'Kustomize', name: 'app', namespace: 'apps', template: 'app-1', state: 'Provisioning' },
        {
          type: 'Helm',
          name: 'kyverno',
          namespace: 'kyverno',
          template: 'kyverno-3-2-6',
          state: 'Failed',
          failureMessage: 'context deadline exceeded',
          conditions: [{ type: 'Helm', status: 'False', reason: 'Failed', message: 'install failed' }],
        },
      ],
    });
    expect(services.map((s) => [s.name, s.type, s.state, s.health, s.message])).toEqual([
      ['ingress-nginx', 'Helm', 'Deployed', 'healthy', undefined],
      ['app', 'Kustomize', 'Provisioning', 'progressing', undefined],
      ['kyverno', 'Helm', 'Failed', 'failed', 'context deadline exceeded'],
    ]);
    expect(services[0]?.lastTransitionTime).toBe('2025-01-01T00:00:00.000Z');
    for (const s of services) expect(ProvisioningServiceSchema.parse(s)).toEqual(s);
    expect(tallyServices(services)).toEqual({ ready: 1, total: 3, failed: 1, conflicts: 0 });
  });

  it('a Deployed service with a failing health condition is degraded', () => {
    const [service] = readServices({
      services: [
        {
          name: 'podinfo',
          state: 'Deployed',
          conditions: [
            { type: 'ServiceHealthPod', status: 'False', reason: 'PodUnhealthy', message: '1 Pod unhealthy' },
          ],
        },
      ],
    });
    expect(service).toMatchObject({ health: 'degraded', message: '1 Pod unhealthy' });
  });

  it('missing fields degrade to less information, never to a crash', () => {
    const services = readServices({
      services: [
        {},
        { template: 'only-template' },
        null,
        'garbage',
        { name: 'x', state: 'deployed' },
        { name: 'y', state: 'Exploded' },
      ],
    });
    expect(services.map((s) => [s.name, s.state, s.health])).toEqual([
      ['(unnamed)', 'Unknown', 'unknown'],
      ['only-template', 'Unknown', 'unknown'],
      ['x', 'Deployed', 'healthy'],
      ['y', 'Unknown', 'unknown'],
    ]);
  });

  it('no services: empty list, null tally', () => {
    expect(readServices({})).toEqual([]);
    expect(readServices(undefined)).toEqual([]);
    expect(readServices({ services: null })).toEqual([]);
    expect(readServices({ services: [] })).toEqual([]);
    expect(tallyServices([])).toBeNull();
  });

  it('Deleting and Deleted services are not counted (kcm rule)', () => {
    const services = readServices({
      services: [
        { name: 'a', state: 'Deployed' },
        { name: 'b', state: 'Deleting' },
        { name: 'c', state: 'Deleted' },
      ],
    });
    expect(services.map((s) => s.health)).toEqual(['healthy', 'deleting', 'deleting']);
    expect(tallyServices(services)).toEqual({ ready: 1, total: 1, failed: 0, conflicts: 0 });
  });

  it('a conflict reported in the current shape is failed and counted', () => {
    const [service] = readServices({
      services: [
        {
          name: 'ingress-nginx',
          state: 'Provisioning',
          conditions: [
            {
              type: 'ingress-nginx.ingress-nginx/SveltosHelmReleaseReady',
              status: 'False',
              reason: 'Conflict',
              message: 'managed by another profile',
            },
          ],
        },
      ],
    });
    expect(service).toMatchObject({
      conflict: true,
      health: 'failed',
      message: 'managed by another profile',
    });
  });
});

describe('readServices: legacy shape {clusterName, clusterNamespace, conditions}', () => {
  it('turns each Sveltos release condition into a service', () => {
    const services = readServices({
      services: [
        {
          clusterName: 'dev',
          clusterNamespace: 'kcm-system',
          conditions: [
            { type: 'Helm', status: 'True', reason: 'Provisioned' },
            {
              type: 'kyverno.kyverno/SveltosHelmReleaseReady',
              status: 'True',
              reason: 'Managing',
              message: 'Release kyverno/kyverno',
            },
            {
              type: 'cert-manager.cert.manager.v1/SveltosHelmReleaseReady',
              status: 'False',
              reason: 'Provisioning',
              message: 'installing',
            },
          ],
        },
      ],
    });
    expect(services.map((s) => [s.namespace, s.name, s.state, s.health, s.shape])).toEqual([
      ['kyverno', 'kyverno', 'Deployed', 'healthy', 'legacy'],
      // Release names may contain dots; namespaces cannot.
      ['cert-manager', 'cert.manager.v1', 'Provisioning', 'progressing', 'legacy'],
    ]);
  });

  it('without release conditions, the feature conditions are the services', () => {
    const services = readServices({
      services: [
        {
          clusterName: 'dev',
          conditions: [{ type: 'Helm', status: 'False', reason: 'Failed', message: 'chart not found' }],
        },
      ],
    });
    expect(services).toEqual([
      expect.objectContaining({
        name: 'Helm',
        type: 'Helm',
        state: 'Failed',
        health: 'failed',
        message: 'chart not found',
      }),
    ]);
  });

  it('a legacy entry with no conditions yields nothing', () => {
    expect(readServices({ services: [{ clusterName: 'dev', clusterNamespace: 'kcm-system' }] })).toEqual([]);
  });
});

describe('service state helpers', () => {
  it('readServiceState normalises case and rejects unknown states', () => {
    expect(readServiceState('PENDING')).toBe('Pending');
    expect(readServiceState(undefined)).toBe('Unknown');
    expect(readServiceState('Upgrading')).toBe('Unknown');
  });

  it('serviceHealth: deleting beats conflict, conflict beats Deployed', () => {
    expect(serviceHealth('Deleting', [], true)).toBe('deleting');
    expect(serviceHealth('Deployed', [], true)).toBe('failed');
    expect(serviceHealth('Pending', [], false)).toBe('progressing');
  });

  it('parseReadyCount reads "n/m" only', () => {
    expect(parseReadyCount('2/3')).toEqual({ ready: 2, total: 3 });
    expect(parseReadyCount(' 0 / 0 ')).toEqual({ ready: 0, total: 0 });
    expect(parseReadyCount('3/2')).toBeUndefined();
    expect(parseReadyCount('2/3 Services are ready.')).toBeUndefined();
    expect(parseReadyCount(undefined)).toBeUndefined();
  });
});
