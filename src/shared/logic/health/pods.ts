import type {
  ContainerLastState,
  ContainerStateKind,
  ContainerSummary,
  PodCounts,
  PodPhase,
  PodSummary,
} from '../../domain/health';
import { kubectlPodRow } from './kubectlPod';
import { arr, at, clip, latest, num, obj, str, timeMs } from './raw';

// Pod digestion: raw pods (V1Pod-like) → PodSummary + counts. Succeeded pods are left out, as
// LocalPort's `--field-selector=status.phase!=Succeeded`: finished Jobs are not a problem.
//
// Which pods are "problems" and under which reason, first match wins:
//   1. Failed phase that failed recently: Evicted / the pod's status.reason / OOMKilled / Failed.
//      Old failures are counted (pods.failed) but are not problems: evicted pods linger until
//      the pod GC threshold (12,500 by default) and would keep a cluster Degraded for weeks.
//   2. Terminating pods: not problems (they are on their way out).
//   3. A container waiting on image or config errors (ImagePullBackOff, ErrImagePull,
//      CreateContainerConfigError…): that reason. These never fix themselves.
//   4. A container in CrashLoopBackOff: "OOMKilled" if its last run was OOM-killed (the cause
//      is more useful than the symptom), else "CrashLoopBackOff".
//   5. A container terminated right now with OOMKilled or a non-zero Error.
//   6. A container whose last run ended OOMKilled/Error within `recentTerminationMs`.
//   7. Pending: Unschedulable at once (the scheduler said why), otherwise only after
//      `pendingGraceMs` (image pulls and volume attaches take a while).
//   8. Unknown phase (node lost).

/** Waiting reasons that mean the container will not start until someone fixes something. */
export const BLOCKING_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** Options for digestion; `now` is injected so results do not depend on the wall clock. */
export interface PodDigestOptions {
  readonly now: number;
  /** Only these namespaces count ('all' or undefined: every namespace). */
  readonly namespaces?: 'all' | readonly string[];
  /** A restart (OOMKilled/Error in lastState) is a problem for this long; default 10 min. */
  readonly recentTerminationMs?: number;
  /** A Failed pod is a problem for this long after it failed; default 1 h. */
  readonly recentFailureMs?: number;
  /** A Pending (not Unschedulable) pod becomes a problem after this long; default 5 min. */
  readonly pendingGraceMs?: number;
}

/** Counts plus the problem pods (sorted by reason priority, then namespace, then name). */
export interface PodDigest {
  readonly counts: PodCounts;
  readonly problems: readonly PodSummary[];
}

const DEFAULT_RECENT_TERMINATION_MS = 10 * 60_000;
const DEFAULT_RECENT_FAILURE_MS = 60 * 60_000;
const DEFAULT_PENDING_GRACE_MS = 5 * 60_000;

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

const REASON_PRIORITY: readonly string[] = [
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'Error',
  'Failed',
  'Evicted',
  'Unschedulable',
  'Pending',
  'Unknown',
];

/** Lower is more serious; unlisted reasons (other Failed status reasons) sort with Failed. */
export function podReasonPriority(reason: string | null): number {
  if (reason === null) return Number.MAX_SAFE_INTEGER;
  const i = REASON_PRIORITY.indexOf(reason);
  return i >= 0 ? i : REASON_PRIORITY.indexOf('Failed');
}

interface Problem {
  readonly reason: string;
  readonly message: string | null;
}

function detectProblem(
  raw: unknown,
  phase: PodPhase,
  containers: readonly ContainerSummary[],
  o: PodDigestOptions,
): Problem | null {
  const recentTermination = o.recentTerminationMs ?? DEFAULT_RECENT_TERMINATION_MS;
  if (phase === 'Succeeded') return null;
  if (phase === 'Failed') return failedProblem(raw, containers, o);
  // Terminating: on its way out, whatever its containers say.
  if (at(raw, 'metadata', 'deletionTimestamp') != null) return null;

  for (const c of containers) {
    if (c.state === 'waiting' && c.reason !== null && BLOCKING_WAITING_REASONS.has(c.reason)) {
      return { reason: c.reason, message: c.message };
    }
  }
  for (const c of containers) {
    if (c.state === 'waiting' && c.reason === 'CrashLoopBackOff') {
      const oom = c.lastState?.reason === 'OOMKilled';
      return { reason: oom ? 'OOMKilled' : 'CrashLoopBackOff', message: c.lastState?.message ?? c.message };
    }
  }
  for (const c of containers) {
    if (c.state !== 'terminated' || c.init) continue;
    if (c.reason === 'OOMKilled') return { reason: 'OOMKilled', message: c.message };
    if (c.reason === 'Error' || (c.exitCode !== null && c.exitCode !== 0)) {
      return { reason: 'Error', message: c.message ?? `exit code ${c.exitCode ?? '?'}` };
    }
  }
  for (const c of containers) {
    const last = c.lastState;
    if (last === null || last.state !== 'terminated' || last.finishedAt === null) continue;
    if (o.now - last.finishedAt > recentTermination) continue;
    if (last.reason === 'OOMKilled') return { reason: 'OOMKilled', message: last.message };
    if (last.reason === 'Error')
      return { reason: 'Error', message: last.message ?? `exit code ${last.exitCode ?? '?'}` };
  }

  if (phase === 'Pending') return pendingProblem(raw, o);
  if (phase === 'Unknown') return { reason: 'Unknown', message: clip(str(at(raw, 'status', 'message'))) };
  return null;
}

function failedProblem(
  raw: unknown,
  containers: readonly ContainerSummary[],
  o: PodDigestOptions,
): Problem | null {
  const statuses = [
    ...arr(at(raw, 'status', 'initContainerStatuses')),
    ...arr(at(raw, 'status', 'containerStatuses')),
  ];
  const failedAt = latest(
    ...statuses.map((c) => timeMs(at(c, 'state', 'terminated', 'finishedAt'))),
    ...arr(at(raw, 'status', 'conditions')).map((c) => timeMs(at(c, 'lastTransitionTime'))),
  );
  // Unknown failure time: assume recent, better a stale warning than a hidden failure.
  if (failedAt !== null && o.now - failedAt > (o.recentFailureMs ?? DEFAULT_RECENT_FAILURE_MS)) return null;
  const message = clip(str(at(raw, 'status', 'message')));
  const statusReason = str(at(raw, 'status', 'reason'));
  if (statusReason !== undefined) return { reason: statusReason, message };
  const oom = containers.find((c) => c.reason === 'OOMKilled');
  if (oom) return { reason: 'OOMKilled', message: oom.message ?? message };
  return {
    reason: 'Failed',
    message: message ?? containers.find((c) => c.message !== null)?.message ?? null,
  };
}

function pendingProblem(raw: unknown, o: PodDigestOptions): Problem | null {
  for (const cond of arr(at(raw, 'status', 'conditions'))) {
    if (
      at(cond, 'type') === 'PodScheduled' &&
      at(cond, 'status') === 'False' &&
      at(cond, 'reason') === 'Unschedulable'
    ) {
      return { reason: 'Unschedulable', message: clip(str(at(cond, 'message'))) };
    }
  }
  const createdAt = timeMs(at(raw, 'metadata', 'creationTimestamp'));
  if (createdAt !== null && o.now - createdAt > (o.pendingGraceMs ?? DEFAULT_PENDING_GRACE_MS)) {
    return { reason: 'Pending', message: clip(str(at(raw, 'status', 'message'))) };
  }
  return null;
}

function isPodReady(raw: unknown, pod: PodSummary): boolean {
  for (const cond of arr(at(raw, 'status', 'conditions'))) {
    if (at(cond, 'type') === 'Ready') return at(cond, 'status') === 'True';
  }
  // No conditions (odd objects, fixtures): fall back to "all regular containers ready".
  const [ready, total] = pod.ready.split('/').map(Number);
  return pod.phase === 'Running' && total !== undefined && total > 0 && ready === total;
}

function summarizeContainer(raw: unknown, init: boolean): ContainerSummary | null {
  const name = str(at(raw, 'name'));
  if (name === undefined) return null;
  const state = readState(at(raw, 'state'));
  const last = readState(at(raw, 'lastState'));
  return {
    name,
    init,
    ready: at(raw, 'ready') === true,
    restartCount: Math.max(0, Math.trunc(num(at(raw, 'restartCount')) ?? 0)),
    state: state.state,
    reason: state.reason,
    message: state.message,
    exitCode: state.exitCode,
    lastState: last.state === 'unknown' ? null : last,
  };
}

function readState(raw: unknown): ContainerLastState {
  const o = obj(raw);
  const empty = { reason: null, message: null, exitCode: null, finishedAt: null };
  if (!o) return { state: 'unknown', ...empty };
  const kinds: readonly Exclude<ContainerStateKind, 'unknown'>[] = ['terminated', 'waiting', 'running'];
  for (const kind of kinds) {
    const detail = obj(o[kind]);
    if (!detail) continue;
    const exit = num(detail['exitCode']);
    return {
      state: kind,
      reason: str(detail['reason']) ?? null,
      message: clip(str(detail['message'])),
      exitCode: exit === undefined ? null : Math.trunc(exit),
      finishedAt: timeMs(detail['finishedAt']),
    };
  }
  return { state: 'unknown', ...empty };
}

/**
 * Remembers each pod object's summary so a digest after one pod changed re-summarizes one
 * pod, not all of them. Informers replace the object of a pod that changes, so identity is
 * the key. The clock changes a summary only in three ways — a Pending pod past its grace
 * period, a recent restart or failure that ages out — so only a Pending pod or one with a
 * problem is worked out again once its summary is older than `maxAgeMs`. At idle, 1,000
 * healthy pods are not re-summarized on every probe.
 */
export class PodSummaryCache {
  private readonly cache = new WeakMap<object, { at: number; summary: PodSummary | null }>();
  private readonly maxAgeMs: number;
  constructor(maxAgeMs = 10_000) {
    this.maxAgeMs = maxAgeMs;
  }

  summarizer(options: PodDigestOptions): (raw: unknown) => PodSummary | null {
    return (raw) => {
      if (raw === null || typeof raw !== 'object') return summarizePod(raw, options);
      const hit = this.cache.get(raw);
      if (hit && (timeless(hit.summary) || (options.now - hit.at < this.maxAgeMs && options.now >= hit.at)))
        return hit.summary;
      const summary = summarizePod(raw, options);
      this.cache.set(raw, { at: options.now, summary });
      return summary;
    };
  }
}

/** True when no passing of time can change this summary (see PodSummaryCache). */
function timeless(s: PodSummary | null): boolean {
  return s === null || (s.reason === null && s.phase !== 'Pending');
}
