import { describe, expect, it } from 'vitest';
import { ApiError } from '../kube/apiErrors';
import { discoverProvisioningApis, type DiscoveryClient } from './discovery';

/** A fake discovery endpoint: path → body, or an error to throw. */
function fakeClient(routes: Record<string, unknown>): DiscoveryClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    getJson: async <T>(path: string) => {
      asked.push(path);
      if (!(path in routes)) throw new ApiError(404, 'the server could not find the requested resource');
      const r = routes[path];
      if (r instanceof Error) throw r;
      return r as T;
    },
  };
}

const group = (...versions: string[]) => ({ versions: versions.map((version) => ({ version })) });
const resources = (...names: string[]) => ({ resources: names.map((name) => ({ name })) });

describe('discoverProvisioningApis', () => {
  it('finds k0rdent v1beta1 and CAPI v1beta1', async () => {
    const r = await discoverProvisioningApis(
      fakeClient({
        '/apis/k0rdent.mirantis.com': group('v1beta1', 'v1alpha1'),
        '/apis/k0rdent.mirantis.com/v1beta1': resources('clusterdeployments', 'clusterdeployments/status'),
        '/apis/cluster.x-k8s.io': group('v1beta1'),
        '/apis/cluster.x-k8s.io/v1beta1': resources('clusters', 'machines'),
      }),
    );
    expect(r).toEqual({
      available: true,
      clusterDeployments: {
        apiVersion: 'k0rdent.mirantis.com/v1beta1',
        path: '/apis/k0rdent.mirantis.com/v1beta1/clusterdeployments',
      },
      clusters: { apiVersion: 'cluster.x-k8s.io/v1beta1', path: '/apis/cluster.x-k8s.io/v1beta1/clusters' },
    });
  });

  it('falls back to v1alpha1 when that is what the server serves', async () => {
    const r = await discoverProvisioningApis(
      fakeClient({
        '/apis/k0rdent.mirantis.com': group('v1alpha1'),
        '/apis/k0rdent.mirantis.com/v1alpha1': resources('clusterdeployments'),
      }),
    );
    expect(r).toMatchObject({
      available: true,
      clusterDeployments: { apiVersion: 'k0rdent.mirantis.com/v1alpha1' },
    });
    expect(r.available && r.clusters).toBeFalsy();
  });

  it('a group without the resource does not count', async () => {
    const r = await discoverProvisioningApis(
      fakeClient({
        '/apis/cluster.x-k8s.io': group('v1beta1'),
        '/apis/cluster.x-k8s.io/v1beta1': resources('machines'),
      }),
    );
    expect(r).toMatchObject({ available: false, transient: false });
  });

  it('neither group: unavailable with a reason, not transient', async () => {
    const r = await discoverProvisioningApis(fakeClient({}));
    expect(r.available).toBe(false);
    if (!r.available) {
      expect(r.transient).toBe(false);
      expect(r.reason).toMatch(/neither k0rdent ClusterDeployments .* nor Cluster API Clusters/);
    }
  });

  it('an unreachable server is transient; a forbidden one is not', async () => {
    const down = await discoverProvisioningApis(
      fakeClient({ '/apis/k0rdent.mirantis.com': new Error('connect ECONNREFUSED 127.0.0.1:6443') }),
    );
    expect(down).toMatchObject({ available: false, transient: true });
    const denied = await discoverProvisioningApis(
      fakeClient({ '/apis/k0rdent.mirantis.com': new ApiError(403, 'forbidden') }),
    );
    expect(denied).toMatchObject({ available: false, transient: false });
  });
});
