import type { Notification, ProvisioningEndReason } from '../../../shared/contract';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';

/**
 * The desktop notifications a provisioning watch deserves: Ready, Failed (with the failing
 * condition's message), timeout, and a watch that could not be kept. Unsubscribing or a
 * deletion the user asked for are not news.
 */

function label(s: ProvisioningSnapshot): string {
  return `${s.kind === 'CAPICluster' ? 'Cluster' : 'ClusterDeployment'} ${s.namespace}/${s.name}`;
}

/** The message of the condition that failed, else the snapshot's summary. */
export function failureMessage(s: ProvisioningSnapshot): string {
  const decided =
    s.decidedBy.source === 'condition' ? s.conditions.find((c) => c.type === s.decidedBy.name) : undefined;
  const failing =
    (decided?.status === 'False' ? decided : undefined) ??
    s.conditions.find((c) => c.type !== 'Ready' && c.status === 'False' && c.message) ??
    s.conditions.find((c) => c.status === 'False' && c.message);
  return failing?.message ? `${failing.type}: ${failing.message}` : s.summary;
}

/** The notification for a subscription's end, or undefined when it is not worth one. */
export function provisioningNotification(
  reason: ProvisioningEndReason,
  s: ProvisioningSnapshot,
  warning: string | undefined,
): Notification | undefined {
  const base = {
    id: `provisioning:${reason}:${s.context}:${s.kind}/${s.namespace}/${s.name}:${s.observedAt}`,
    context: s.context,
    target: {
      view: 'provisioning',
      params: { context: s.context, kind: s.kind, namespace: s.namespace, name: s.name },
    },
  };
  switch (reason) {
    case 'ready':
      return {
        ...base,
        kind: 'provisioning.ready',
        severity: 'info',
        title: `${s.name} is Ready`,
        body: `${label(s)} in ${s.context} finished provisioning.`,
      };
    case 'failed':
      return {
        ...base,
        kind: 'provisioning.failed',
        severity: 'error',
        title: `${s.name} failed`,
        body: failureMessage(s).slice(0, 2000),
      };
    case 'timeout':
      return {
        ...base,
        kind: 'provisioning.timeout',
        severity: 'warning',
        title: `${s.name} is taking too long`,
        body: `${label(s)} is still ${s.phase} (${s.progress}%). ${warning ?? ''}`.trim().slice(0, 2000),
      };
    case 'watch-failed':
      return {
        ...base,
        kind: 'provisioning.watch-failed',
        severity: 'warning',
        title: `Lost track of ${s.name}`,
        body: (warning ?? `The watch of ${label(s)} failed.`).slice(0, 2000),
      };
    default:
      return undefined;
  }
}
