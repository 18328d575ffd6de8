import type { ConditionStatus, ProvisioningCondition } from '../../domain/provisioning';
import { stageOfCapiCondition } from './capiSummary';
import { conditionAgeMs } from './conditions';

/**
 * k0rdent's Ready roll-up for a ClusterDeployment, recomputed from the other conditions with
 * the rules of current kcm (UpdateReadyCondition + handleClusterDeploymentFailedConditions).
 *
 * Why recompute instead of reading `Ready`: older kcm releases reported Ready=False/`Failed`
 * for the whole of a normal provisioning (CAPI simply not done yet). Recomputing tells a real
 * error (bad credential, failed Helm install, CAPI stuck for over 30 minutes) from a cluster
 * that is merely still coming up, whichever kcm version wrote the status.
 */

/** kcm treats a False CAPIClusterSummary as a warning for this long, then as an error. */
export const CAPI_SUMMARY_GRACE_MS = 30 * 60_000;

/** Conditions whose False status is always an error (not a "still working on it"). */
const ERROR_WHEN_FALSE = new Set([
  'CredentialReady',
  'HelmReleaseReady',
  'HelmChartReady',
  'TemplateReady',
  'DataSourceReady',
  'ClusterDataSourceReady',
  'ClusterAuthenticationReady',
  'ClusterAuditPolicyReady',
]);

/** One condition that keeps Ready from being True. */
export interface RollupIssue {
  type: string;
  message: string;
}

/** The recomputed Ready condition and the issues behind it. */
export interface ReadyRollup {
  status: ConditionStatus;
  reason: 'Succeeded' | 'Failed' | 'Progressing' | 'Deleting';
  message: string;
  errors: RollupIssue[];
  warnings: RollupIssue[];
  unknowns: RollupIssue[];
  /** How many conditions (other than Ready, Deleting and an inactive Paused) were weighed. */
  considered: number;
}

/** Options for rollUpReady. */
export interface ReadyRollupOptions {
  /** How long a False CAPIClusterSummary is only a warning; default 30 min like kcm. */
  capiGraceMs?: number;
}

function textOf(condition: ProvisioningCondition): string {
  return condition.message ?? `${condition.type}: ${condition.reason ?? condition.status}`;
}

/** Recomputes a ClusterDeployment's Ready condition from its other conditions at time `nowMs`. */
export function rollUpReady(
  conditions: readonly ProvisioningCondition[],
  nowMs: number,
  options: ReadyRollupOptions = {},
): ReadyRollup {
  const graceMs = options.capiGraceMs ?? CAPI_SUMMARY_GRACE_MS;
  const errors: RollupIssue[] = [];
  const warnings: RollupIssue[] = [];
  const unknowns: RollupIssue[] = [];
  let considered = 0;

  const deleting = conditions.find((c) => c.type === 'Deleting' && c.status === 'True');
  if (deleting !== undefined) {
    return {
      status: 'False',
      reason: 'Deleting',
      message: deleting.message ?? '',
      errors,
      warnings,
      unknowns,
      considered,
    };
  }

  for (const condition of conditions) {
    if (condition.type === 'Ready' || condition.type === 'Deleting') continue;
    if (condition.type === 'Paused') {
      // Paused only matters when it is actually pausing; False/NotPaused is not a readiness signal.
      if (condition.status === 'True' && condition.reason === 'Paused') {
        considered += 1;
        errors.push({ type: condition.type, message: textOf(condition) });
      }
      continue;
    }
    considered += 1;
    if (condition.status === 'True') continue;
    if (condition.status === 'Unknown') {
      unknowns.push({ type: condition.type, message: condition.message ?? '' });
      continue;
    }
    if (ERROR_WHEN_FALSE.has(condition.type)) {
      errors.push({ type: condition.type, message: textOf(condition) });
    } else if (
      condition.type === 'CAPIClusterSummary' ||
      stageOfCapiCondition(condition.type) !== undefined
    ) {
      // Our addition: CAPI milestone conditions carried directly (older HMC objects) are
      // progress, judged like the summary kcm builds from them.
      // An unknown transition time gives the benefit of the doubt: no evidence it is stuck.
      const age = conditionAgeMs(condition, nowMs);
      if (age === undefined || age <= graceMs) {
        warnings.push({ type: condition.type, message: condition.message ?? '' });
      } else {
        errors.push({
          type: condition.type,
          message: `Cluster is not ready. Check the provider logs for more details.\n${condition.message ?? ''}`,
        });
      }
    } else if (condition.type === 'ServicesInReadyState') {
      warnings.push({
        type: condition.type,
        message: `${condition.message ?? ''} Services are ready.`.trim(),
      });
    } else {
      errors.push({ type: condition.type, message: textOf(condition) });
    }
  }

  const join = (issues: readonly RollupIssue[]): string =>
    issues
      .map((i) => i.message)
      .filter((m) => m !== '')
      .join('. ');
  if (errors.length > 0) {
    return {
      status: 'False',
      reason: 'Failed',
      message: join(errors),
      errors,
      warnings,
      unknowns,
      considered,
    };
  }
  if (warnings.length > 0) {
    return {
      status: 'False',
      reason: 'Progressing',
      message: join(warnings),
      errors,
      warnings,
      unknowns,
      considered,
    };
  }
  if (considered === 0 || unknowns.length > 0) {
    return {
      status: 'Unknown',
      reason: 'Progressing',
      message: join(unknowns),
      errors,
      warnings,
      unknowns,
      considered,
    };
  }
  return {
    status: 'True',
    reason: 'Succeeded',
    message: 'Object is ready',
    errors,
    warnings,
    unknowns,
    considered,
  };
}
