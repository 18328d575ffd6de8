import type { ContainerSummary, PodPhase } from '../../domain/health';
import { arr, at, clip, latest, str, timeMs } from './raw';

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

/** When a pod's state counts as a problem; `now` is injected so results do not depend on the wall clock. */
export interface ProblemOptions {
  readonly now: number;
  /** A restart (OOMKilled/Error in lastState) is a problem for this long; default 10 min. */
  readonly recentTerminationMs?: number;
  /** A Failed pod is a problem for this long after it failed; default 1 h. */
  readonly recentFailureMs?: number;
  /** A Pending (not Unschedulable) pod becomes a problem after this long; default 5 min. */
  readonly pendingGraceMs?: number;
}

const DEFAULT_RECENT_TERMINATION_MS = 10 * 60_000;
const DEFAULT_RECENT_FAILURE_MS = 60 * 60_000;
const DEFAULT_PENDING_GRACE_MS = 5 * 60_000;

const REASON_PRIORITY: readonly string[] = [
  'CrashLoopBackOff',
  'OOMKilled',
  ...BLOCKING_WAITING_REASONS,
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

export interface Problem {
  readonly reason: string;
  readonly message: string | null;
}

export function detectProblem(
  raw: unknown,
  phase: PodPhase,
  containers: readonly ContainerSummary[],
  o: ProblemOptions,
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
  o: ProblemOptions,
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

function pendingProblem(raw: unknown, o: ProblemOptions): Problem | null {
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
