import { describe, expect, it } from 'vitest';
import {
  accessVerdict,
  bothVerbs,
  MAX_WATCHED_NAMESPACES,
  needsNamespaces,
  planAccess,
  planDenials,
  planForbiddenChecks,
  planLimitedAccess,
  rulesVerdict,
  scopeMessage,
  watchCandidates,
  type AccessPlanInput,
  type RulesReviewStatus,
} from './accessPlan';

// Review answers as kube-apiserver v1.36 sends them (authorization.k8s.io/v1), for a
// ServiceAccount bound by a RoleBinding in "payments" to a Role that reads pods and events.

/** SelfSubjectAccessReview for `list pods` at cluster scope: RBAC has no rule, so no opinion. */
const ssarListPodsRefused = {
  kind: 'SelfSubjectAccessReview',
  apiVersion: 'authorization.k8s.io/v1',
  metadata: { creationTimestamp: null },
  spec: { resourceAttributes: { verb: 'list', resource: 'pods' } },
  status: { allowed: false },
};
/** The same review for a cluster-admin. */
const ssarListPodsAllowed = {
  ...ssarListPodsRefused,
  status: {
    allowed: true,
    reason:
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
  },
};
/** A webhook authorizer that failed: the review cannot tell. */
const ssarWebhookError = {
  ...ssarListPodsRefused,
  status: { allowed: false, evaluationError: 'webhook authorizer: connection refused' },
};
/** An explicit deny (a webhook authorizer that denies). */
const ssarDenied = { ...ssarListPodsRefused, status: { allowed: false, denied: true, reason: 'no' } };

/** The system:basic-user rules every authenticated user has, in every namespace. */
const basicUserRules = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];

/** SelfSubjectRulesReview in "payments": the Role's rules, then the cluster-wide ones. */
const ssrrPayments = {
  kind: 'SelfSubjectRulesReview',
  apiVersion: 'authorization.k8s.io/v1',
  metadata: { creationTimestamp: null },
  spec: { namespace: 'payments' },
  status: {
    resourceRules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'events'] },
      ...basicUserRules,
    ],
    nonResourceRules: [
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    ],
    incomplete: false,
  },
};
/** The same user's review in "web", where it has no binding. */
const ssrrWeb = {
  ...ssrrPayments,
  spec: { namespace: 'web' },
  status: { ...ssrrPayments.status, resourceRules: basicUserRules },
};

const allOn = { pods: true, events: true, nodes: true };

function input(over: Partial<AccessPlanInput>): AccessPlanInput {
  return { on: allOn, cluster: {}, namespaces: [], rules: new Map(), denials: [], ...over };
}

describe('review verdicts', () => {
  it('access reviews: allowed, no opinion and denied refuse, an evaluation error cannot tell', () => {
    expect(accessVerdict(ssarListPodsAllowed.status)).toBe('allowed');
    expect(accessVerdict(ssarListPodsRefused.status)).toBe('denied');
    expect(accessVerdict(ssarDenied.status)).toBe('denied');
    expect(accessVerdict(ssarWebhookError.status)).toBe('unknown');
    expect(accessVerdict(undefined)).toBe('unknown');
  });

  it('an informer needs both list and watch', () => {
    expect(bothVerbs('allowed', 'allowed')).toBe('allowed');
    expect(bothVerbs('allowed', 'denied')).toBe('denied');
    expect(bothVerbs('unknown', 'denied')).toBe('denied');
    expect(bothVerbs('allowed', 'unknown')).toBe('unknown');
  });

  it('rules reviews: a Role that reads pods and events allows both, not nodes', () => {
    expect(rulesVerdict(ssrrPayments.status, 'pods')).toBe('allowed');
    expect(rulesVerdict(ssrrPayments.status, 'events')).toBe('allowed');
    expect(rulesVerdict(ssrrPayments.status, 'configmaps')).toBe('denied');
    expect(rulesVerdict(ssrrWeb.status, 'pods')).toBe('denied');
  });

  it('rules reviews: wildcards allow, list without watch does not, named objects never allow a list', () => {
    const rules = (resourceRules: RulesReviewStatus['resourceRules']): RulesReviewStatus => ({
      resourceRules,
      incomplete: false,
    });
    expect(rulesVerdict(rules([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]), 'pods')).toBe(
      'allowed',
    );
    expect(rulesVerdict(rules([{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]), 'pods')).toBe(
      'denied',
    );
    expect(
      rulesVerdict(
        rules([
          { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
          { verbs: ['watch'], apiGroups: [''], resources: ['pods'] },
        ]),
        'pods',
      ),
    ).toBe('allowed');
    expect(
      rulesVerdict(
        rules([{ verbs: ['list', 'watch'], apiGroups: [''], resources: ['pods'], resourceNames: ['web-0'] }]),
        'pods',
      ),
    ).toBe('denied');
    // events.k8s.io events are not the core events the engine watches.
    expect(
      rulesVerdict(
        rules([{ verbs: ['list', 'watch'], apiGroups: ['events.k8s.io'], resources: ['events'] }]),
        'events',
      ),
    ).toBe('denied');
  });

  it('an incomplete rules review that does not allow cannot tell; one that allows does', () => {
    const incomplete = { ...ssrrWeb.status, incomplete: true, evaluationError: 'webhook: no rules' };
    expect(rulesVerdict(incomplete, 'pods')).toBe('unknown');
    expect(rulesVerdict({ ...ssrrPayments.status, incomplete: true }, 'pods')).toBe('allowed');
    expect(rulesVerdict(undefined, 'pods')).toBe('unknown');
  });
});

describe('planAccess', () => {
  it('a cluster-admin: everything cluster-wide, nothing to say', () => {
    const v = accessVerdict(ssarListPodsAllowed.status);
    const plan = planAccess(input({ cluster: { pods: v, events: v, nodes: v }, namespaces: ['default'] }));
    expect(plan).toEqual({
      pods: { scope: 'cluster' },
      nodes: { scope: 'cluster' },
      events: { scope: 'cluster' },
    });
    expect(planDenials(plan)).toEqual([]);
    expect(planForbiddenChecks(plan)).toEqual([]);
    expect(planLimitedAccess(plan)).toBeNull();
    expect(scopeMessage(plan)).toBeNull();
  });

  it('a namespace-scoped user: pods and events where the Role allows them, nodes off with the reason', () => {
    const refused = accessVerdict(ssarListPodsRefused.status);
    const cluster = { pods: refused, events: refused, nodes: refused };
    expect(needsNamespaces({ on: allOn, cluster, denials: [] })).toEqual(['pods', 'events']);
    const plan = planAccess(
      input({
        cluster,
        namespaces: ['payments', 'web'],
        rules: new Map([
          ['payments', ssrrPayments.status],
          ['web', ssrrWeb.status],
        ]),
      }),
    );
    expect(plan.pods).toEqual({ scope: 'namespaces', namespaces: ['payments'], refused: ['web'] });
    expect(plan.events).toEqual({ scope: 'namespaces', namespaces: ['payments'], refused: ['web'] });
    expect(plan.nodes).toEqual({ scope: 'off', why: 'forbidden', message: 'no permission to list nodes' });
    expect(scopeMessage(plan)).toBe('pods, events in payments (no cluster-wide access)');
    expect(planForbiddenChecks(plan)).toEqual([
      { check: 'nodeStatus', reason: 'forbidden', message: 'no permission to list nodes' },
    ]);
    expect(planLimitedAccess(plan)).toBeNull();
    expect(planDenials(plan)).toEqual([
      { verb: 'list', resource: 'pods', namespace: 'web' },
      { verb: 'list', resource: 'nodes', namespace: null },
      { verb: 'list', resource: 'events', namespace: 'web' },
    ]);
  });

  it('pods cluster-wide but events only per namespace: the words say which is scoped', () => {
    const plan = planAccess(
      input({
        cluster: { pods: 'allowed', events: 'denied', nodes: 'allowed' },
        namespaces: ['payments', 'web'],
        rules: new Map([
          ['payments', ssrrPayments.status],
          ['web', ssrrPayments.status],
        ]),
      }),
    );
    expect(plan.pods).toEqual({ scope: 'cluster' });
    expect(scopeMessage(plan)).toBe('events in payments, web (no cluster-wide access)');
  });

  it('pods and events in different namespaces are named apart', () => {
    const eventsOnlyInPayments = {
      ...ssrrWeb.status,
      resourceRules: [{ verbs: ['list', 'watch'], apiGroups: [''], resources: ['pods'] }],
    };
    const plan = planAccess(
      input({
        cluster: { pods: 'denied', events: 'denied', nodes: 'denied' },
        namespaces: ['payments', 'web'],
        rules: new Map([
          ['payments', ssrrPayments.status],
          ['web', eventsOnlyInPayments],
        ]),
      }),
    );
    expect(scopeMessage(plan)).toBe('pods in payments, web; events in payments (no cluster-wide access)');
  });

  it('no namespace the user may read: every check off, limited access', () => {
    const plan = planAccess(
      input({
        cluster: { pods: 'denied', events: 'denied', nodes: 'denied' },
        namespaces: ['web'],
        rules: new Map([['web', ssrrWeb.status]]),
      }),
    );
    expect(plan.pods).toEqual({
      scope: 'off',
      why: 'forbidden',
      message: 'no permission to list pods cluster-wide or in web',
    });
    expect(planLimitedAccess(plan)).toEqual(['pods', 'nodes', 'events']);
    expect(planForbiddenChecks(plan).map((c) => c.check)).toEqual([
      'podStatus',
      'nodeStatus',
      'eventsOnFailure',
    ]);
  });

  it('a check switched off in settings is off for that reason and does not make access "limited"', () => {
    const plan = planAccess(
      input({
        on: { pods: true, events: false, nodes: true },
        cluster: { pods: 'denied', events: 'denied', nodes: 'denied' },
      }),
    );
    expect(plan.events).toMatchObject({ scope: 'off', why: 'settings' });
    expect(planLimitedAccess(plan)).toEqual(['pods', 'nodes']);
    expect(
      needsNamespaces({
        on: { pods: true, events: false, nodes: true },
        cluster: { pods: 'denied' },
        denials: [],
      }),
    ).toEqual(['pods']);
  });

  it('a review that cannot tell is tried (cluster-wide, or in the namespace)', () => {
    const plan = planAccess(
      input({ cluster: { pods: 'unknown', events: 'denied' }, namespaces: ['payments'], rules: new Map() }),
    );
    expect(plan.pods).toEqual({ scope: 'cluster' });
    expect(plan.events).toEqual({ scope: 'namespaces', namespaces: ['payments'], refused: [] });
    // nodes were not reviewed: tried cluster-wide.
    expect(plan.nodes).toEqual({ scope: 'cluster' });
  });

  it('a 403 met anyway wins over a review that allowed, so the refused watch is not retried', () => {
    const plan = planAccess(
      input({
        cluster: { pods: 'allowed', events: 'allowed', nodes: 'allowed' },
        namespaces: ['payments', 'web'],
        rules: new Map([
          ['payments', ssrrPayments.status],
          ['web', ssrrPayments.status],
        ]),
        denials: [
          { verb: 'watch', resource: 'pods', namespace: null },
          { verb: 'list', resource: 'pods', namespace: 'web' },
          { verb: 'list', resource: 'nodes', namespace: null },
        ],
      }),
    );
    expect(plan.pods).toEqual({ scope: 'namespaces', namespaces: ['payments'], refused: ['web'] });
    expect(plan.nodes).toMatchObject({ scope: 'off', why: 'forbidden' });
    expect(plan.events).toEqual({ scope: 'cluster' });
  });
});

describe('watchCandidates', () => {
  it("the context's namespace first (kubectl's default when none), then the user's, then the forwards', each once", () => {
    expect(
      watchCandidates({
        contextNamespace: 'payments',
        configured: ['web', 'payments'],
        forwards: ['db', 'web'],
      }),
    ).toEqual(['payments', 'web', 'db']);
    expect(watchCandidates({ contextNamespace: undefined, configured: [], forwards: [] })).toEqual([
      'default',
    ]);
    expect(watchCandidates({ contextNamespace: '', configured: ['a'], forwards: [] })).toEqual([
      'default',
      'a',
    ]);
  });

  it('drops what is not a namespace name and stops at the bound', () => {
    expect(
      watchCandidates({
        contextNamespace: 'ok',
        configured: ['Bad_Name', 'x'.repeat(64)],
        forwards: ['-no'],
      }),
    ).toEqual(['ok']);
    const many = Array.from({ length: 80 }, (_, i) => `ns-${i}`);
    const out = watchCandidates({ contextNamespace: 'ok', configured: [], forwards: many });
    expect(out).toHaveLength(MAX_WATCHED_NAMESPACES);
    expect(out[0]).toBe('ok');
  });
});
