import { CheckNameSchema, type CheckName, type DisabledCheck } from '../../domain/health';
import { denialMessage, type PermissionDenial } from './permissions';

// Which content checks run where, decided from what the user may do rather than by trial and
// error: a SelfSubjectAccessReview per resource and verb at cluster scope, and, where that is
// refused, a SelfSubjectRulesReview per namespace the user cares about. 403s the engine met
// anyway (an authorizer that disagrees with its own review) are kept and win over the reviews,
// so a refused watch is never retried in a loop.

/** The lists the health checks keep. */
export type WatchedResource = 'pods' | 'events' | 'nodes';
export const WATCHED_RESOURCES: readonly WatchedResource[] = ['pods', 'nodes', 'events'];

/** What a review says: allowed, denied, or it could not tell (then the engine tries). */
export type Verdict = 'allowed' | 'denied' | 'unknown';

/** The verbs an informer needs. */
const INFORMER_VERBS = ['list', 'watch'] as const;

/** Most namespaces watched per context when cluster-wide lists are refused (two watches each). */
export const MAX_WATCHED_NAMESPACES = 50;

/** `status` of a SelfSubjectAccessReview (authorization.k8s.io/v1). */
export interface AccessReviewStatus {
  readonly allowed?: boolean;
  readonly denied?: boolean;
  readonly reason?: string;
  readonly evaluationError?: string;
}

/** One rule of a SelfSubjectRulesReview's `status.resourceRules`. */
export interface ResourceRule {
  readonly verbs?: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** `status` of a SelfSubjectRulesReview (authorization.k8s.io/v1). */
export interface RulesReviewStatus {
  readonly resourceRules?: readonly ResourceRule[];
  readonly incomplete?: boolean;
  readonly evaluationError?: string;
}

/**
 * A SelfSubjectAccessReview's answer. "No opinion" (neither allowed nor denied) is a refusal:
 * the API server refuses what no authorizer allows. An evaluation error without a verdict
 * (a webhook authorizer that failed) cannot tell.
 */
export function accessVerdict(status: AccessReviewStatus | undefined): Verdict {
  if (!status) return 'unknown';
  if (status.allowed === true) return 'allowed';
  if (status.denied !== true && status.evaluationError) return 'unknown';
  return 'denied';
}

/** Both verbs an informer needs: denied if either is, allowed if both are. */
export function bothVerbs(list: Verdict, watch: Verdict): Verdict {
  if (list === 'denied' || watch === 'denied') return 'denied';
  return list === 'allowed' && watch === 'allowed' ? 'allowed' : 'unknown';
}

function ruleAllows(rule: ResourceRule, verb: string, resource: string): boolean {
  const has = (list: readonly string[] | undefined, v: string) =>
    (list ?? []).some((x) => x === '*' || x === v);
  // A rule naming objects never allows a list (RBAC matches list/watch only without names).
  if ((rule.resourceNames ?? []).length > 0) return false;
  return has(rule.verbs, verb) && has(rule.apiGroups, '') && has(rule.resources, resource);
}

/**
 * May the user list and watch a core resource in the namespace the rules review was asked
 * for? The rules of all the user's bindings there are listed (cluster-wide ones included); an
 * incomplete review (another authorizer beside RBAC) that does not allow it cannot tell.
 */
export function rulesVerdict(status: RulesReviewStatus | undefined, resource: string): Verdict {
  if (!status) return 'unknown';
  const rules = status.resourceRules ?? [];
  const allowed = INFORMER_VERBS.every((verb) => rules.some((r) => ruleAllows(r, verb, resource)));
  if (allowed) return 'allowed';
  return status.incomplete ? 'unknown' : 'denied';
}

/** Where one resource is watched. */
export type ResourcePlan =
  | { readonly scope: 'cluster' }
  | {
      readonly scope: 'namespaces';
      /** Watched, one list+watch each; never empty. */
      readonly namespaces: readonly string[];
      /** Candidates the user may not list there. */
      readonly refused: readonly string[];
    }
  | { readonly scope: 'off'; readonly why: 'settings' | 'forbidden'; readonly message: string };

/** The access plan of one context. */
export type AccessPlan = Readonly<Record<WatchedResource, ResourcePlan>>;

/** What the planner looks at. */
export interface AccessPlanInput {
  /** The checks switched on in settings. */
  readonly on: Readonly<Record<WatchedResource, boolean>>;
  /** list+watch at cluster scope, per resource (bothVerbs of the two access reviews); missing: unknown. */
  readonly cluster: Readonly<Partial<Record<WatchedResource, Verdict>>>;
  /** Where to watch pods and events when the cluster-wide list is refused, in order (watchCandidates). */
  readonly namespaces: readonly string[];
  /** The rules review of each candidate namespace; missing: not asked or failed (then tried). */
  readonly rules: ReadonlyMap<string, RulesReviewStatus | undefined>;
  /** 403s met on lists and watches; they win over the reviews. */
  readonly denials: readonly PermissionDenial[];
}

/** Which resources need rules reviews per namespace: those refused at cluster scope. */
export function needsNamespaces(input: Omit<AccessPlanInput, 'namespaces' | 'rules'>): WatchedResource[] {
  return (['pods', 'events'] as const).filter(
    (r) => input.on[r] && clusterVerdict(input.cluster, input.denials, r) === 'denied',
  );
}

function clusterVerdict(
  cluster: AccessPlanInput['cluster'],
  denials: readonly PermissionDenial[],
  resource: WatchedResource,
): Verdict {
  if (denials.some((d) => d.namespace === null && d.resource.toLowerCase() === resource)) return 'denied';
  return cluster[resource] ?? 'unknown';
}

/**
 * The plan (see the file comment): a resource the user may list and watch cluster-wide (or
 * whose review could not tell) is watched cluster-wide; nodes refused are off; pods and events
 * refused cluster-wide are watched in each candidate namespace the rules review does not refuse
 * and no 403 closed, and are off when there is none.
 */
export function planAccess(input: AccessPlanInput): AccessPlan {
  const plan = (resource: WatchedResource): ResourcePlan => {
    if (!input.on[resource]) {
      return { scope: 'off', why: 'settings', message: `the ${resource} check is switched off in settings` };
    }
    if (clusterVerdict(input.cluster, input.denials, resource) !== 'denied') return { scope: 'cluster' };
    const refusal = denialMessage({ verb: 'list', resource, namespace: null });
    if (resource === 'nodes') return { scope: 'off', why: 'forbidden', message: refusal };
    const namespaces: string[] = [];
    const refused: string[] = [];
    for (const ns of input.namespaces) {
      const closed =
        input.denials.some((d) => d.namespace === ns && d.resource.toLowerCase() === resource) ||
        rulesVerdict(input.rules.get(ns), resource) === 'denied';
      (closed ? refused : namespaces).push(ns);
    }
    if (namespaces.length > 0) return { scope: 'namespaces', namespaces, refused };
    const where = refused.length > 0 ? ` cluster-wide or in ${refused.join(', ')}` : '';
    return { scope: 'off', why: 'forbidden', message: `${refusal}${where}` };
  };
  return { pods: plan('pods'), nodes: plan('nodes'), events: plan('events') };
}

/**
 * The namespaces to watch where cluster-wide lists are refused: the context's own (kubeconfig;
 * kubectl's `default` when it names none), those the user added for this cluster, those of the
 * context's forwards; valid names only, each once, in that order, at most MAX_WATCHED_NAMESPACES.
 */
export function watchCandidates(sources: {
  readonly contextNamespace: string | undefined;
  readonly configured: readonly string[];
  readonly forwards: readonly string[];
}): string[] {
  const all = [sources.contextNamespace || 'default', ...sources.configured, ...sources.forwards];
  const out: string[] = [];
  for (const ns of all) {
    if (!isNamespaceName(ns) || out.includes(ns)) continue;
    out.push(ns);
    if (out.length === MAX_WATCHED_NAMESPACES) break;
  }
  return out;
}

/** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
export function isNamespaceName(s: string): boolean {
  return s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

/** The refusals the plan stands on, for the summary's info reasons ("no permission to list nodes"). */
export function planDenials(plan: AccessPlan): PermissionDenial[] {
  const out: PermissionDenial[] = [];
  for (const resource of WATCHED_RESOURCES) {
    const p = plan[resource];
    if (p.scope === 'off' && p.why === 'forbidden') out.push({ verb: 'list', resource, namespace: null });
    if (p.scope === 'namespaces')
      for (const ns of p.refused) out.push({ verb: 'list', resource, namespace: ns });
  }
  return out;
}

const CHECK_OF: Readonly<Record<WatchedResource, CheckName>> = {
  pods: 'podStatus',
  nodes: 'nodeStatus',
  events: 'eventsOnFailure',
};

/** The checks switched off by the plan's refusals (settings and monitoring-off are permissions.ts's). */
export function planForbiddenChecks(plan: AccessPlan): DisabledCheck[] {
  return WATCHED_RESOURCES.flatMap((resource) => {
    const p = plan[resource];
    return p.scope === 'off' && p.why === 'forbidden'
      ? [{ check: CHECK_OF[resource], reason: 'forbidden' as const, message: p.message }]
      : [];
  }).sort((a, b) => CheckNameSchema.options.indexOf(a.check) - CheckNameSchema.options.indexOf(b.check));
}

/**
 * Every content check that is on is refused everywhere: the resources ("pods", "nodes",
 * "events"), so the verdict can say "limited access"; null when something is watched.
 */
export function planLimitedAccess(plan: AccessPlan): WatchedResource[] | null {
  const on = WATCHED_RESOURCES.filter((r) => !(plan[r].scope === 'off' && plan[r].why === 'settings'));
  if (on.length === 0) return null;
  const refused = on.filter((r) => plan[r].scope === 'off');
  return refused.length === on.length ? refused : null;
}

/**
 * The summary's plain words for a namespace-scoped view: "pods in payments, web (no
 * cluster-wide access)", "pods, events in payments (…)" when both share their namespaces,
 * "pods in payments, web; events in payments (…)" otherwise. null when nothing is scoped.
 */
export function scopeMessage(plan: AccessPlan): string | null {
  const scoped = (['pods', 'events'] as const).flatMap((r) => {
    const p = plan[r];
    return p.scope === 'namespaces' ? [{ resource: r, where: p.namespaces.join(', ') }] : [];
  });
  if (scoped.length === 0) return null;
  const [first, second] = scoped;
  const text =
    second && first && second.where === first.where
      ? `pods, events in ${first.where}`
      : scoped.map((s) => `${s.resource} in ${s.where}`).join('; ');
  return `${text} (no cluster-wide access)`;
}

/**
 * The API server's own sentence for a refused list, as kubectl prints it after "Error from
 * server (Forbidden): ", for a list the plan never tried: `pods is forbidden: User "dev" cannot
 * list resource "pods" in API group "" at the cluster scope` (or `in the namespace "web"`).
 */
export function forbiddenSentence(resource: string, user: string, namespace: string | null): string {
  const where = namespace === null ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return `${resource} is forbidden: User "${user}" cannot list resource "${resource}" in API group "" ${where}`;
}
