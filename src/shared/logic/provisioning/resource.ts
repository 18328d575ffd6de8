import type { ProvisioningCondition, ProvisioningKind } from '../../domain/provisioning';
import { mergeConditions, readConditions } from './conditions';
import { asNonEmptyString, asNumber, asRecord, asTimeMs, dig } from './lenient';

/**
 * Recognising the watched object: a k0rdent ClusterDeployment (any served version, and the
 * pre-k0rdent HMC `ManagedCluster`) or a Cluster API `Cluster` (v1alpha3 … v1beta2). Only the
 * fields the progress logic needs are read, leniently; `status` is taken from the top level
 * only (a `status` nested under `spec`, as in a k0rdent docs sample, is not a status).
 */

/** The parts of a watched object the provisioning logic reads. */
export interface ProvisioningObject {
  kind: ProvisioningKind;
  apiVersion: string;
  name: string;
  namespace: string;
  /** metadata.generation, when the server set it. */
  generation?: number;
  /** Epoch ms of metadata.creationTimestamp. */
  createdAtMs?: number;
  /** Epoch ms of metadata.deletionTimestamp: deletion was requested. */
  deletionRequestedAtMs?: number;
  /** The top-level `status`, or undefined when the object has none. */
  status?: Record<string, unknown>;
  /** status.conditions (CAPI: plus the mirrored v1beta2 / deprecated v1beta1 lists). */
  conditions: ProvisioningCondition[];
}

/** Either the object, or why it cannot be watched for provisioning progress. */
export type ReadObjectResult = { ok: true; object: ProvisioningObject } | { ok: false; error: string };

const K0RDENT_GROUPS = new Set(['k0rdent.mirantis.com', 'hmc.mirantis.com']);
const CAPI_GROUP = 'cluster.x-k8s.io';

/** The API group of an apiVersion ("cluster.x-k8s.io/v1beta1" → "cluster.x-k8s.io"; "v1" → ""). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Which provisioning kind a (kind, apiVersion) pair is, if any. */
export function provisioningKindOf(
  kind: string,
  apiVersion: string | undefined,
): ProvisioningKind | undefined {
  const group = apiVersion === undefined ? undefined : apiGroupOf(apiVersion);
  if (kind === 'ClusterDeployment' && (group === undefined || K0RDENT_GROUPS.has(group))) {
    return 'ClusterDeployment';
  }
  // HMC, k0rdent's predecessor, called the same object ManagedCluster.
  if (kind === 'ManagedCluster' && group === 'hmc.mirantis.com') return 'ClusterDeployment';
  if (kind === 'Cluster' && (group === undefined || group === CAPI_GROUP)) return 'CAPICluster';
  return undefined;
}

/** Reads a ClusterDeployment or CAPI Cluster from whatever the API (or a YAML file) gave. */
export function readProvisioningObject(value: unknown): ReadObjectResult {
  const raw = asRecord(value);
  if (raw === undefined) return { ok: false, error: 'Not a Kubernetes object (expected a mapping).' };
  const kindText = asNonEmptyString(raw.kind);
  if (kindText === undefined) return { ok: false, error: 'Not a Kubernetes object: it has no kind.' };
  const apiVersion = asNonEmptyString(raw.apiVersion);
  const kind = provisioningKindOf(kindText, apiVersion);
  if (kind === undefined) {
    return {
      ok: false,
      error: `Not a ClusterDeployment or Cluster API Cluster: ${apiVersion ?? '?'} ${kindText}.`,
    };
  }
  const metadata = asRecord(raw.metadata);
  const name = asNonEmptyString(metadata?.name);
  if (name === undefined) return { ok: false, error: `The ${kindText} has no metadata.name.` };

  const status = asRecord(raw.status);
  const own = readConditions(status?.conditions);
  const conditions =
    kind === 'CAPICluster'
      ? mergeConditions(
          own,
          readConditions(dig(status, 'v1beta2', 'conditions')),
          readConditions(dig(status, 'deprecated', 'v1beta1', 'conditions')),
        )
      : own;

  const object: ProvisioningObject = {
    kind,
    apiVersion: apiVersion ?? '',
    name,
    namespace: asNonEmptyString(metadata?.namespace) ?? 'default',
    conditions,
  };
  const generation = asNumber(metadata?.generation);
  if (generation !== undefined) object.generation = generation;
  const createdAtMs = asTimeMs(metadata?.creationTimestamp);
  if (createdAtMs !== undefined) object.createdAtMs = createdAtMs;
  const deletionRequestedAtMs = asTimeMs(metadata?.deletionTimestamp);
  if (deletionRequestedAtMs !== undefined) object.deletionRequestedAtMs = deletionRequestedAtMs;
  if (status !== undefined) object.status = status;
  return { ok: true, object };
}
