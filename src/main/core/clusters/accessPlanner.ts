import {
  addDenial,
  needsNamespaces,
  planAccess,
  WATCHED_RESOURCES,
  type AccessPlan,
  type HealthConfig,
  type PermissionDenial,
} from '../../../shared/logic/health';
import { background } from '../app/background';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { clusterVerdicts, namespaceRules, whoAmI } from './accessReview';
import { sameList, type Check } from './monitorRules';

/** Access reviews answer in one round trip; a server that takes longer is tried as if they failed. */
const REVIEW_TIMEOUT_MS = 10_000;

/** What the planner needs from its monitor. */
export interface PlannerDeps {
  context: string;
  client: ApiClient;
  log: Logger;
  config(): HealthConfig;
  timeoutMs(): number;
  /** Candidate namespaces when a resource is refused cluster-wide (see accessPlan.ts watchCandidates). */
  namespaces?: (() => readonly string[]) | undefined;
  running(): boolean;
  /** A new plan: start and stop informers to match it. */
  apply(plan: AccessPlan): void;
}

/**
 * Where a monitor watches what: an access plan (accessPlan.ts) made from the API server's own
 * access reviews when the monitor starts, again after a 403 it did not expect, and when the
 * candidate namespaces change. It remembers the 403s met (they win over the reviews), the API
 * server's words for a refusal at cluster scope, and who the server says we are.
 */
export class AccessPlanner {
  private readonly d: PlannerDeps;
  /** Where each resource is watched; null until the first plan is made. */
  plan: AccessPlan | null = null;
  /** Who the API server says we are, once something was refused (to word refusals as it does). */
  username: string | undefined;
  /** 403s met on lists and watches: they win over the access reviews (accessPlan.ts). */
  private denials: PermissionDenial[] = [];
  /** The API server's words for a 403 met at cluster scope. */
  private readonly refusals = new Map<Check, string | undefined>();
  private planning: Promise<void> | undefined;
  private again = false;
  /** The candidate namespaces the current plan was made with; null when it needed none. */
  private plannedNamespaces: string[] | null = null;
  /** Bumped by reset(): a plan made for an earlier run is dropped. */
  private runs = 0;

  constructor(deps: PlannerDeps) {
    this.d = deps;
  }

  /** The monitor stopped: no plan until the next one is made (the 403s met are kept). */
  reset(): void {
    this.runs++;
    this.plan = null;
    this.plannedNamespaces = null;
  }

  /** The server's words for a refusal of `check` at cluster scope, if one was met. */
  refusal(check: Check): string | undefined {
    return this.refusals.get(check);
  }

  /**
   * A 403 the plan did not expect: remembered, and the plan made again (access may have
   * changed under us) unless it was known already.
   */
  refused(
    check: Check,
    namespace: string | null,
    denial: PermissionDenial,
    serverMessage: string | undefined,
  ): void {
    if (namespace === null) this.refusals.set(check, serverMessage);
    const { denials, added } = addDenial(this.denials, { ...denial, namespace });
    this.denials = [...denials];
    if (added) this.replan(`403 on ${denial.verb} ${check}${namespace ? ` in ${namespace}` : ''}`);
  }

  /** The candidate namespaces may have changed (a forward added or removed): plan again if they did. */
  namespacesChanged(): void {
    const before = this.plannedNamespaces;
    // Only a plan that looked at namespaces depends on them.
    if (!this.d.running() || !this.plan || before === null || this.planning) return;
    const now = this.d.namespaces?.() ?? [];
    if (!sameList(before, now)) this.replan('namespaces changed');
  }

  /** Plans again in the background (coalesced: one plan at a time, one more if asked meanwhile). */
  replan(why: string): void {
    if (!this.d.running()) return;
    if (this.planning) {
      this.again = true;
      return;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.make(why);
      } while (this.again && this.d.running());
    };
    this.planning = run().finally(() => {
      this.planning = undefined;
    });
    background(this.planning, this.d.log, `access plan ${this.d.context}`);
  }

  /** Asks the API server what this user may list and watch (accessReview.ts), then makes the plan. */
  private async make(why: string) {
    const runs = this.runs;
    const current = () => this.d.running() && runs === this.runs;
    const checks = this.d.config().checks;
    const on = { pods: checks.podStatus, nodes: checks.nodeStatus, events: checks.eventsOnFailure };
    const wanted = WATCHED_RESOURCES.filter((r) => on[r]);
    const timeoutMs = Math.min(this.d.timeoutMs(), REVIEW_TIMEOUT_MS);
    const client = this.d.client;
    const cluster = wanted.length > 0 ? await clusterVerdicts(client, wanted, timeoutMs) : {};
    if (!current()) return;
    const scoped = needsNamespaces({ on, cluster, denials: this.denials });
    const namespaces = scoped.length > 0 ? [...(this.d.namespaces?.() ?? [])] : [];
    const rules = namespaces.length > 0 ? await namespaceRules(client, namespaces, timeoutMs) : new Map();
    if (!current()) return;
    const plan = planAccess({ on, cluster, namespaces, rules, denials: this.denials });
    this.plannedNamespaces = scoped.length > 0 ? namespaces : null;
    if (this.username === undefined && Object.values(plan).some((p) => p.scope !== 'cluster'))
      this.username = await whoAmI(client, timeoutMs);
    if (!current()) return;
    this.logChanges(this.plan, plan, why);
    this.plan = plan;
    this.d.apply(plan);
  }

  /** A check switched off or scoped to namespaces is stated once, when it becomes so. */
  private logChanges(before: AccessPlan | null, plan: AccessPlan, why: string) {
    for (const resource of WATCHED_RESOURCES) {
      const p = plan[resource];
      const was = before?.[resource];
      if (p.scope === 'off' && p.why === 'forbidden' && !(was?.scope === 'off' && was.why === 'forbidden')) {
        // Stated once: the check is off for this context until a plan finds it allowed again.
        this.d.log.warn('check switched off', {
          context: this.d.context,
          check: resource,
          reason: p.message,
        });
      }
      if (
        p.scope === 'namespaces' &&
        !(was?.scope === 'namespaces' && sameList(was.namespaces, p.namespaces))
      ) {
        this.d.log.info('watching namespaces only', {
          context: this.d.context,
          check: resource,
          namespaces: p.namespaces.join(','),
          refused: p.refused.join(','),
          why,
        });
      }
    }
  }
}
