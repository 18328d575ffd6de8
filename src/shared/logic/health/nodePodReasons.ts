import type { HealthReasonCode, PodSummary, Severity } from '../../domain/health';
import { NODE_PRESSURES, type NodeDigest } from './nodes';
import { BLOCKING_WAITING_REASONS, podReasonPriority } from './podProblems';
import { plural } from './raw';
import { rank, reason, type Ranked } from './reasonOrder';

// What the cluster's nodes and problem pods say as health reasons: NotReady and pressured
// nodes, and problem pods grouped per reason and namespace.

/** The reason code for a pod problem reason. */
export function podReasonCode(podReason: string): HealthReasonCode {
  switch (podReason) {
    case 'CrashLoopBackOff':
      return 'pods-crash-looping';
    case 'OOMKilled':
      return 'pods-oom-killed';
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'ErrImageNeverPull':
    case 'InvalidImageName':
      return 'pods-image-pull';
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
    case 'RunContainerError':
      return 'pods-config-error';
    case 'Error':
      return 'pods-error';
    case 'Evicted':
      return 'pods-evicted';
    case 'Unschedulable':
      return 'pods-unschedulable';
    case 'Pending':
      return 'pods-pending';
    case 'Unknown':
      return 'pods-unknown';
    default:
      return 'pods-failed';
  }
}

export function nodeReasons(nodes: NodeDigest): Ranked[] {
  const out: Ranked[] = [];
  const { total, notReady } = nodes.counts;
  if (total === 0) {
    out.push(rank(reason('no-nodes', 'info', 'no nodes registered')));
    return out;
  }
  if (notReady > 0) {
    const severity: Severity = notReady === total ? 'critical' : 'warning';
    const names = nodes.notReady.slice(0, 5).join(', ') + (nodes.notReady.length > 5 ? ', …' : '');
    const text = `${notReady} of ${total} ${total === 1 ? 'node' : 'nodes'} NotReady`;
    out.push(rank(reason('nodes-not-ready', severity, text, names), notReady));
  }
  NODE_PRESSURES.forEach((pressure, i) => {
    const n = nodes.pressureByType[pressure];
    if (n === 0) return;
    const text =
      pressure === 'NetworkUnavailable'
        ? `${plural(n, 'node')} with network unavailable`
        : `${plural(n, 'node')} under ${pressure}`;
    out.push(rank(reason('node-pressure', 'warning', text), n, i));
  });
  return out;
}

/**
 * How a reason names a problem pod: by kubectl's STATUS word (`pod.status`), the word users
 * know, plus the cause where the word alone hides it (a Pending pod the scheduler cannot
 * place; a Running pod that restarted after an error).
 */
function podPhrase(pod: PodSummary): string {
  const word = pod.status;
  const base =
    word === 'CrashLoopBackOff' || BLOCKING_WAITING_REASONS.has(word) || word.startsWith('Init:')
      ? `in ${word}`
      : word === 'Unknown'
        ? 'in Unknown state'
        : word;
  if (pod.reason === null || pod.reason === word) return base;
  if (pod.reason === 'Unschedulable') return `${base} (unschedulable)`;
  if (word === 'Running' || word === 'NotReady') return `${base}, restarted after ${pod.reason}`;
  return base;
}

export function podReasons(problems: readonly PodSummary[], max: number): Ranked[] {
  const groups = new Map<string, PodSummary[]>();
  for (const pod of problems) {
    if (pod.reason === null) continue;
    const key = `${pod.reason}\u0000${pod.namespace}\u0000${podPhrase(pod)}`;
    const group = groups.get(key);
    if (group) group.push(pod);
    else groups.set(key, [pod]);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      podReasonPriority(a[0]?.reason ?? null) - podReasonPriority(b[0]?.reason ?? null) ||
      b.length - a.length ||
      (a[0]?.namespace ?? '').localeCompare(b[0]?.namespace ?? ''),
  );
  const limit = Math.max(0, Math.trunc(max));
  const out: Ranked[] = [];
  ordered.slice(0, limit).forEach((group, i) => {
    const first = group[0];
    if (!first || first.reason === null) return;
    const phrase = podPhrase(first);
    const text =
      group.length === 1
        ? `pod ${first.name} ${phrase}`
        : `${group.length} pods ${phrase} in ${first.namespace}`;
    const detail =
      group.length === 1
        ? `${first.namespace}/${first.name}${first.message ? `: ${first.message}` : ''}`
        : group
            .map((p) => p.name)
            .slice(0, 5)
            .join(', ') + (group.length > 5 ? ', …' : '');
    // `order` keeps the group order computed above (reason priority, then size).
    out.push(rank(reason(podReasonCode(first.reason), 'warning', text, detail), group.length, i));
  });
  const rest = ordered.slice(limit);
  if (rest.length > 0) {
    const pods = rest.reduce((n, g) => n + g.length, 0);
    const namespaces = new Set(rest.map((g) => g[0]?.namespace)).size;
    const text = `${plural(pods, 'more problem pod')} in ${plural(namespaces, 'namespace')}`;
    out.push(rank(reason('pods-more', 'warning', text), pods, limit));
  }
  return out;
}
