import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';

/**
 * Discovery of the provisioning APIs a cluster serves: k0rdent's ClusterDeployment
 * (`k0rdent.mirantis.com`, v1beta1, else v1alpha1) and Cluster API's Cluster
 * (`cluster.x-k8s.io/v1beta1`). Two or four small GETs per context, once.
 */

/** One served resource: where to list and watch it. */
export interface ServedResource {
  /** e.g. `k0rdent.mirantis.com/v1beta1`. */
  apiVersion: string;
  /** e.g. `/apis/k0rdent.mirantis.com/v1beta1/clusterdeployments`. */
  path: string;
}

/** What discovery found. `transient` failures (network, 5xx) are worth asking again later. */
export type ProvisioningApis =
  | { available: true; clusterDeployments?: ServedResource; clusters?: ServedResource }
  | { available: false; reason: string; transient: boolean };

/** Only what discovery needs from the API client (tests pass a fake). */
export type DiscoveryClient = Pick<ApiClient, 'getJson'>;

interface ApiGroup {
  versions?: { version?: string }[];
}
interface ResourceList {
  resources?: { name?: string }[];
}

const K0RDENT_GROUP = 'k0rdent.mirantis.com';
const K0RDENT_VERSIONS = ['v1beta1', 'v1alpha1'];
const CAPI_GROUP = 'cluster.x-k8s.io';
const CAPI_VERSIONS = ['v1beta1'];

/** The first wanted version of `group` that serves `plural`, undefined when none does (404). */
async function findServed(
  client: DiscoveryClient,
  group: string,
  versions: readonly string[],
  plural: string,
  timeoutMs: number,
): Promise<ServedResource | undefined> {
  let served: string[];
  try {
    const g = await client.getJson<ApiGroup>(`/apis/${group}`, { timeoutMs });
    served = (g.versions ?? []).flatMap((v) => (v.version ? [v.version] : []));
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) return undefined;
    throw err;
  }
  for (const version of versions) {
    if (!served.includes(version)) continue;
    try {
      const list = await client.getJson<ResourceList>(`/apis/${group}/${version}`, { timeoutMs });
      if ((list.resources ?? []).some((r) => r.name === plural)) {
        return { apiVersion: `${group}/${version}`, path: `/apis/${group}/${version}/${plural}` };
      }
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) continue;
      throw err;
    }
  }
  return undefined;
}

/** Asks the server which provisioning APIs it serves. Never throws. */
export async function discoverProvisioningApis(
  client: DiscoveryClient,
  timeoutMs = 10_000,
): Promise<ProvisioningApis> {
  try {
    const [clusterDeployments, clusters] = await Promise.all([
      findServed(client, K0RDENT_GROUP, K0RDENT_VERSIONS, 'clusterdeployments', timeoutMs),
      findServed(client, CAPI_GROUP, CAPI_VERSIONS, 'clusters', timeoutMs),
    ]);
    if (!clusterDeployments && !clusters) {
      return {
        available: false,
        transient: false,
        reason: `The cluster serves neither k0rdent ClusterDeployments (${K0RDENT_GROUP}) nor Cluster API Clusters (${CAPI_GROUP}/v1beta1).`,
      };
    }
    return {
      available: true,
      ...(clusterDeployments ? { clusterDeployments } : {}),
      ...(clusters ? { clusters } : {}),
    };
  } catch (err) {
    const status = err instanceof ApiError ? err.statusCode : undefined;
    const message = err instanceof Error ? err.message : String(err);
    if (status === 401 || status === 403) {
      return {
        available: false,
        transient: false,
        reason: `Cannot read the cluster's API groups: ${message}`,
      };
    }
    return {
      available: false,
      transient: true,
      reason: `Could not ask the cluster which APIs it serves: ${message}`,
    };
  }
}
