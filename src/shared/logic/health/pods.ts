import type { ContainerSummary, PodCounts, PodPhase, PodSummary } from '../../domain/health';
import { summarizeContainer } from './containerStatus';
import { kubectlPodRow } from './kubectlPod';
import { detectProblem, podReasonPriority, type ProblemOptions } from './podProblems';
import { arr, at, str, timeMs } from './raw';

// Pod digestion: raw pods (V1Pod-like) → PodSummary + counts. Succeeded pods are left out, as
// LocalPort's `--field-selector=status.phase!=Succeeded`: finished Jobs are not a problem. Which
// pods are problems is decided in podProblems.ts; PodSummaryCache (podSummaryCache.ts) reuses summaries.

/** Options for digestion; `now` is injected so results do not depend on the wall clock. */
export interface PodDigestOptions extends ProblemOptions {
  /** Only these namespaces count ('all' or undefined: every namespace). */
  readonly namespaces?: 'all' | readonly string[];
}

/** Counts plus the problem pods (sorted by reason priority, then namespace, then name). */
export interface PodDigest {
  readonly counts: PodCounts;
  readonly problems: readonly PodSummary[];
}

const PHASES: ReadonlySet<string> = new Set(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);

/** One raw pod as a PodSummary (reason = its problem or null); null when it is not pod-shaped. */
export function summarizePod(raw: unknown, options: PodDigestOptions): PodSummary | null {
  const name = str(at(raw, 'metadata', 'name'));
  if (name === undefined) return null;
  const namespace = str(at(raw, 'metadata', 'namespace')) ?? 'default';
  const phaseRaw = str(at(raw, 'status', 'phase'));
  const phase: PodPhase = phaseRaw !== undefined && PHASES.has(phaseRaw) ? (phaseRaw as PodPhase) : 'Unknown';

  const initContainers = arr(at(raw, 'status', 'initContainerStatuses')).map((c) =>
    summarizeContainer(c, true),
  );
  const containers = arr(at(raw, 'status', 'containerStatuses')).map((c) => summarizeContainer(c, false));
  const all = [...initContainers, ...containers].filter((c): c is ContainerSummary => c !== null);
  const problem = detectProblem(raw, phase, all, options);
  const row = kubectlPodRow(raw);

  return {
    namespace,
    name,
    phase,
    ready: row.ready,
    status: podStatusWord(row.status, raw, problem?.reason ?? null),
    restarts: row.restarts,
    lastRestartAt: row.lastRestartAt,
    ip: row.ip,
    nominatedNode: row.nominatedNode,
    readinessGates: row.readinessGates,
    createdAt: timeMs(at(raw, 'metadata', 'creationTimestamp')),
    startedAt: timeMs(at(raw, 'status', 'startTime')),
    node: str(at(raw, 'spec', 'nodeName')) ?? null,
    reason: problem?.reason ?? null,
    message: problem?.message ?? null,
    containers: all,
  };
}

/**
 * The STATUS word Tether shows: kubectl's, except where Tether deliberately names the cause
 * (the README's table lists these):
 * - a crash loop whose last run was OOM-killed reads `OOMKilled` (kubectl: `CrashLoopBackOff`):
 *   the cause says what to fix, the symptom does not;
 * - a pod the kubelet evicted reads `Evicted` (kubectl shows its containers' last word, often
 *   `Error` or `ContainerStatusUnknown`, which hides that the node ran out of something).
 */
export function podStatusWord(kubectlStatus: string, raw: unknown, problem: string | null): string {
  if (at(raw, 'status', 'phase') === 'Failed' && at(raw, 'status', 'reason') === 'Evicted') return 'Evicted';
  if (kubectlStatus === 'CrashLoopBackOff' && problem === 'OOMKilled') return 'OOMKilled';
  return kubectlStatus;
}

/**
 * Digest many raw pods: counts over non-Succeeded pods in the chosen namespaces, and the
 * problems. `summarize` lets a caller reuse summaries of pods that did not change (see
 * PodSummaryCache); it must answer as summarizePod would.
 */
export function digestPods(
  raws: Iterable<unknown>,
  options: PodDigestOptions,
  summarize: (raw: unknown) => PodSummary | null = (raw) => summarizePod(raw, options),
): PodDigest {
  const counts = { total: 0, running: 0, ready: 0, pending: 0, failed: 0, crashLooping: 0, restarts: 0 };
  const problems: PodSummary[] = [];
  const allowed =
    options.namespaces === undefined || options.namespaces === 'all' ? null : new Set(options.namespaces);
  for (const raw of raws) {
    const pod = summarize(raw);
    if (pod === null || pod.phase === 'Succeeded') continue;
    if (allowed !== null && !allowed.has(pod.namespace)) continue;
    counts.total += 1;
    if (pod.phase === 'Running') counts.running += 1;
    if (pod.phase === 'Pending') counts.pending += 1;
    if (pod.phase === 'Failed') counts.failed += 1;
    if (isPodReady(raw, pod)) counts.ready += 1;
    if (pod.containers.some((c) => c.state === 'waiting' && c.reason === 'CrashLoopBackOff'))
      counts.crashLooping += 1;
    counts.restarts += pod.restarts;
    if (pod.reason !== null) problems.push(pod);
  }
  problems.sort(comparePodProblems);
  return { counts, problems };
}

/** Order for problem pods: most serious reason first, then namespace and name. */
export function comparePodProblems(a: PodSummary, b: PodSummary): number {
  return (
    podReasonPriority(a.reason) - podReasonPriority(b.reason) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

function isPodReady(raw: unknown, pod: PodSummary): boolean {
  for (const cond of arr(at(raw, 'status', 'conditions'))) {
    if (at(cond, 'type') === 'Ready') return at(cond, 'status') === 'True';
  }
  // No conditions (odd objects, fixtures): fall back to "all regular containers ready".
  const [ready, total] = pod.ready.split('/').map(Number);
  return pod.phase === 'Running' && total !== undefined && total > 0 && ready === total;
}
