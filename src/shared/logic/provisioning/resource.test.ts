import { describe, expect, it } from 'vitest';
import { apiGroupOf, provisioningKindOf, readProvisioningObject } from './resource';

describe('readProvisioningObject', () => {
  it('recognises ClusterDeployments of every group/version and HMC ManagedClusters', () => {
    expect(provisioningKindOf('ClusterDeployment', 'k0rdent.mirantis.com/v1alpha1')).toBe(
      'ClusterDeployment',
    );
    expect(provisioningKindOf('ClusterDeployment', 'hmc.mirantis.com/v1alpha1')).toBe('ClusterDeployment');
    expect(provisioningKindOf('ManagedCluster', 'hmc.mirantis.com/v1alpha1')).toBe('ClusterDeployment');
    expect(provisioningKindOf('ClusterDeployment', undefined)).toBe('ClusterDeployment');
    expect(provisioningKindOf('ClusterDeployment', 'example.com/v1')).toBeUndefined();
  });

  it('recognises CAPI Clusters and nothing else called Cluster', () => {
    expect(provisioningKindOf('Cluster', 'cluster.x-k8s.io/v1beta2')).toBe('CAPICluster');
    expect(provisioningKindOf('Cluster', 'cluster.x-k8s.io/v1alpha3')).toBe('CAPICluster');
    expect(provisioningKindOf('Cluster', 'postgresql.cnpg.io/v1')).toBeUndefined();
    expect(apiGroupOf('v1')).toBe('');
  });

  it('reads metadata leniently', () => {
    const result = readProvisioningObject({
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: {
        name: 'dev',
        generation: '4',
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionTimestamp: '2026-01-02T00:00:00Z',
      },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        v1beta2: { conditions: [{ type: 'Available', status: 'False' }] },
      },
    });
    expect(result).toEqual({
      ok: true,
      object: {
        kind: 'CAPICluster',
        apiVersion: 'cluster.x-k8s.io/v1beta1',
        name: 'dev',
        namespace: 'default',
        generation: 4,
        createdAtMs: Date.parse('2026-01-01T00:00:00Z'),
        deletionRequestedAtMs: Date.parse('2026-01-02T00:00:00Z'),
        status: expect.any(Object) as unknown,
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Available', status: 'False' },
        ],
      },
    });
  });

  it('explains what it cannot watch', () => {
    expect(readProvisioningObject('x')).toEqual({
      ok: false,
      error: 'Not a Kubernetes object (expected a mapping).',
    });
    expect(readProvisioningObject({ services: [] })).toEqual({
      ok: false,
      error: 'Not a Kubernetes object: it has no kind.',
    });
    expect(readProvisioningObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toEqual({
      ok: false,
      error: 'Not a ClusterDeployment or Cluster API Cluster: v1 Pod.',
    });
    expect(
      readProvisioningObject({ apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: {} }),
    ).toEqual({
      ok: false,
      error: 'The Cluster has no metadata.name.',
    });
  });

  it('a non-object status is no status', () => {
    const result = readProvisioningObject({
      kind: 'ClusterDeployment',
      metadata: { name: 'x' },
      status: 'pending',
    });
    expect(result.ok && result.object.status).toBeUndefined();
  });
});
