import { arr, at, num, obj, str, timeMs, type RawObject } from './raw';

// kubectl's pod columns, computed as the API server's table printer computes them
// (kubernetes v1.36 `pkg/printers/internalversion/printers.go`, `printPod`; `kubectl get pods`
// asks the server for that table). Users read pod health in these words, so Tether shows the
// same ones: `Init:0/2`, `Init:CrashLoopBackOff`, `PodInitializing`, `ContainerCreating`,
// `Error`, `Completed`, `Terminating`, `NotReady`…

/** The READY, STATUS and RESTARTS columns of `kubectl get pods`, and the `-o wide` extras. */
export interface KubectlPodRow {
  /** "ready/total": regular containers plus restartable init containers (sidecars). */
  readonly ready: string;
  /** The STATUS column, word for word. */
  readonly status: string;
  /** The RESTARTS number (kubectl counts only what it shows; see below). */
  readonly restarts: number;
  /** When the last counted restart's previous run ended: the "(4m ago)" in RESTARTS. */
  readonly lastRestartAt: number | null;
  /** `-o wide`: the first pod IP, the nominated node, readiness gates "true/total". */
  readonly ip: string | null;
  readonly nominatedNode: string | null;
  readonly readinessGates: string | null;
}

/** The status.reason the node lifecycle controller sets on pods of a node that went away. */
const NODE_LOST = 'NodeLost';

/** kubectl's columns for one raw pod (JSON as the API server returns it). */
export function kubectlPodRow(pod: unknown): KubectlPodRow {
  const phase = str(at(pod, 'status', 'phase')) ?? '';
  const statusReason = str(at(pod, 'status', 'reason'));
  let reason = statusReason ?? phase;
  const conditions = arr(at(pod, 'status', 'conditions'));
  for (const c of conditions) {
    if (at(c, 'type') === 'PodScheduled' && at(c, 'reason') === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const specInit = arr(at(pod, 'spec', 'initContainers'));
  const restartable = new Set(
    specInit.filter((c) => at(c, 'restartPolicy') === 'Always').map((c) => str(at(c, 'name'))),
  );
  const total = arr(at(pod, 'spec', 'containers')).length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestart = 0;

  let initializing = false;
  const initStatuses = arr(at(pod, 'status', 'initContainerStatuses'));
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const isSidecar = restartable.has(str(at(c, 'name')));
    const count = restartCount(c);
    const lastEnded = lastTerminationAt(c);
    restarts += count;
    lastRestart = Math.max(lastRestart, lastEnded);
    if (isSidecar) {
      sidecarRestarts += count;
      lastSidecarRestart = Math.max(lastSidecarRestart, lastEnded);
    }
    const terminated = obj(at(c, 'state', 'terminated'));
    const waitingReason = str(at(c, 'state', 'waiting', 'reason'));
    if (terminated && exitCode(terminated) === 0) continue;
    if (isSidecar && at(c, 'started') === true) {
      if (at(c, 'ready') === true) ready += 1;
      continue;
    }
    if (terminated) {
      reason = `Init:${terminatedWord(terminated)}`;
    } else if (waitingReason !== undefined && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${specInit.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionStatus(conditions, 'Initialized') === 'True') {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = arr(at(pod, 'status', 'containerStatuses'));
    // Backwards, as kubectl does: the first container's word wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += restartCount(c);
      lastRestart = Math.max(lastRestart, lastTerminationAt(c));
      const waitingReason = str(at(c, 'state', 'waiting', 'reason'));
      const terminated = obj(at(c, 'state', 'terminated'));
      if (waitingReason !== undefined) {
        reason = waitingReason;
      } else if (terminated) {
        reason = terminatedWord(terminated);
        if (exitCode(terminated) !== 0) errorReason = reason;
      } else if (at(c, 'ready') === true && obj(at(c, 'state', 'running'))) {
        hasRunning = true;
        ready += 1;
      }
    }
    // One container finished, another still running: the pod is not "Completed".
    if (reason === 'Completed') {
      if (hasRunning && conditionStatus(conditions, 'Ready') === 'True') reason = 'Running';
      else if (errorReason !== '') reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = at(pod, 'metadata', 'deletionTimestamp') != null;
  if (deleting && statusReason === NODE_LOST) reason = 'Unknown';
  else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  return {
    ready: `${ready}/${total}`,
    status: reason,
    restarts,
    lastRestartAt: lastRestart > 0 ? lastRestart : null,
    ip: str(at(arr(at(pod, 'status', 'podIPs'))[0], 'ip')) ?? str(at(pod, 'status', 'podIP')) ?? null,
    nominatedNode: str(at(pod, 'status', 'nominatedNodeName')) ?? null,
    readinessGates: readinessGates(pod, conditions),
  };
}

/** The RESTARTS cell: "3", or "3 (4m ago)" when the last restart's time is known. */
export function formatRestarts(restarts: number, lastRestartAt: number | null, now: number): string {
  if (restarts === 0 || lastRestartAt === null) return String(restarts);
  return `${restarts} (${humanDuration(now - lastRestartAt)} ago)`;
}

/** The AGE cell: how long ago, as kubectl writes it; "<unknown>" without a timestamp. */
export function kubectlAge(since: number | null, now: number): string {
  return since === null ? '<unknown>' : humanDuration(now - since);
}

/**
 * A duration as kubectl writes it (apimachinery `duration.HumanDuration`): "95s", "3m20s",
 * "12m", "5h4m", "30h", "3d4h", "40d", "2y31d", "9y". Two seconds of clock skew read as "0s".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function restartCount(c: unknown): number {
  return Math.max(0, Math.trunc(num(at(c, 'restartCount')) ?? 0));
}

function lastTerminationAt(c: unknown): number {
  return timeMs(at(c, 'lastState', 'terminated', 'finishedAt')) ?? 0;
}

function exitCode(terminated: RawObject): number {
  return Math.trunc(num(terminated['exitCode']) ?? 0);
}

/** A terminated container's word: its reason, else "Signal:9", else "ExitCode:2". */
function terminatedWord(terminated: RawObject): string {
  const reason = str(terminated['reason']);
  if (reason !== undefined) return reason;
  const signal = Math.trunc(num(terminated['signal']) ?? 0);
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${exitCode(terminated)}`;
}

function conditionStatus(conditions: readonly unknown[], type: string): string | undefined {
  for (const c of conditions) if (at(c, 'type') === type) return str(at(c, 'status'));
  return undefined;
}

function readinessGates(pod: unknown, conditions: readonly unknown[]): string | null {
  const gates = arr(at(pod, 'spec', 'readinessGates'));
  if (gates.length === 0) return null;
  const met = gates.filter((g) => conditionStatus(conditions, String(at(g, 'conditionType'))) === 'True');
  return `${met.length}/${gates.length}`;
}
