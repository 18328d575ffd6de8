import type { ContainerLastState, ContainerStateKind, ContainerSummary } from '../../domain/health';
import { at, clip, num, obj, str, timeMs } from './raw';

// One raw container status (V1ContainerStatus-like) → ContainerSummary: its state now and its last run.

export function summarizeContainer(raw: unknown, init: boolean): ContainerSummary | null {
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
