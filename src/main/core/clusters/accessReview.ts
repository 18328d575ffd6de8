import {
  accessVerdict,
  bothVerbs,
  type AccessReviewStatus,
  type RulesReviewStatus,
  type Verdict,
  type WatchedResource,
} from '../../../shared/logic/health';
import type { ApiClient } from '../kube/apiClient';

// Asks the API server what this user may do (authorization.k8s.io/v1): every authenticated
// user may create these reviews (system:basic-user), and they change nothing. A review that
// fails (an old or locked-down server) answers "unknown", and the planner then tries the
// list itself, as before reviews were asked.

const AUTHZ = '/apis/authorization.k8s.io/v1';

/** list and watch of each resource at cluster scope: six reviews, sent at once over the one connection. */
export async function clusterVerdicts(
  client: ApiClient,
  resources: readonly WatchedResource[],
  timeoutMs: number,
): Promise<Partial<Record<WatchedResource, Verdict>>> {
  const ask = async (resource: string, verb: string): Promise<Verdict> => {
    try {
      const r = await client.postJson<{ status?: AccessReviewStatus }>(
        `${AUTHZ}/selfsubjectaccessreviews`,
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, resource } },
        },
        { timeoutMs },
      );
      return accessVerdict(r.status);
    } catch {
      return 'unknown';
    }
  };
  const out: Partial<Record<WatchedResource, Verdict>> = {};
  await Promise.all(
    resources.map(async (resource) => {
      const [list, watch] = await Promise.all([ask(resource, 'list'), ask(resource, 'watch')]);
      out[resource] = bothVerbs(list, watch);
    }),
  );
  return out;
}

/** The rules review of each namespace; a failed review is left out (the planner then tries). */
export async function namespaceRules(
  client: ApiClient,
  namespaces: readonly string[],
  timeoutMs: number,
): Promise<Map<string, RulesReviewStatus | undefined>> {
  const out = new Map<string, RulesReviewStatus | undefined>();
  await Promise.all(
    namespaces.map(async (namespace) => {
      try {
        const r = await client.postJson<{ status?: RulesReviewStatus }>(
          `${AUTHZ}/selfsubjectrulesreviews`,
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectRulesReview',
            spec: { namespace },
          },
          { timeoutMs },
        );
        out.set(namespace, r.status);
      } catch {
        out.set(namespace, undefined);
      }
    }),
  );
  return out;
}

/** The user the API server sees (SelfSubjectReview), to word its refusals as it does; undefined if it will not say. */
export async function whoAmI(client: ApiClient, timeoutMs: number): Promise<string | undefined> {
  try {
    const r = await client.postJson<{ status?: { userInfo?: { username?: unknown } } }>(
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      { timeoutMs },
    );
    const name = r.status?.userInfo?.username;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}
