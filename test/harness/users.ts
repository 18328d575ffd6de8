// Two non-admin identities per cluster, so RBAC is exercised for real:
// - restricted: a ServiceAccount token bound (per namespace) to a ClusterRole that may
//   read workloads and port-forward, but not nodes or events → 403 on those.
// - badtoken: the same token with one signature character changed → 401.
import type { ClusterHandle } from './cluster.ts';

/** Namespace holding the ServiceAccount. */
export const USERS_NAMESPACE = 'tether-system';
/** ServiceAccount and ClusterRole name of the restricted user. */
export const RESTRICTED = 'tether-restricted';

const readVerbs = ['get', 'list', 'watch'];

const restrictedRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: RESTRICTED },
  rules: [
    {
      apiGroups: [''],
      resources: ['pods', 'pods/log', 'services', 'endpoints', 'configmaps'],
      verbs: readVerbs,
    },
    { apiGroups: [''], resources: ['pods/portforward'], verbs: ['get', 'create'] },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
      verbs: readVerbs,
    },
  ],
};

/** RoleBinding that gives the restricted user its role in one namespace. */
export function restrictedBinding(namespace: string): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: RESTRICTED, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: RESTRICTED },
    subjects: [{ kind: 'ServiceAccount', name: RESTRICTED, namespace: USERS_NAMESPACE }],
  };
}

/**
 * Changes one character in the middle of the JWT signature. Not the last character:
 * its low bits are padding that a lenient base64 decoder ignores, which could leave
 * the signature valid.
 */
export function corruptToken(token: string): string {
  const sigStart = token.lastIndexOf('.') + 1;
  const i = sigStart + Math.floor((token.length - sigStart) / 2);
  const swapped = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + swapped + token.slice(i + 1);
}

/**
 * Creates the restricted ServiceAccount, its role and bindings in `namespaces`, and
 * returns the tokens to put in the kubeconfig (keys become context suffixes).
 */
export async function setupUsers(
  cluster: ClusterHandle,
  namespaces: string[],
): Promise<{ restricted: string; badtoken: string }> {
  await cluster.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: USERS_NAMESPACE } },
    ...namespaces
      .filter((n) => n !== USERS_NAMESPACE)
      .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: RESTRICTED, namespace: USERS_NAMESPACE } },
    restrictedRole,
    ...namespaces.map(restrictedBinding),
  ]);
  const r = await cluster.kubectl([
    'create',
    'token',
    RESTRICTED,
    '-n',
    USERS_NAMESPACE,
    '--duration',
    '48h',
  ]);
  const token = String(r.stdout).trim();
  return { restricted: token, badtoken: corruptToken(token) };
}
