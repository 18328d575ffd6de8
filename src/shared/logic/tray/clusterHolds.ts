import type { ForwardStateName } from './forwardCounts';

/** What the tray keeps of one forward. */
export interface ForwardSeen {
  readonly state: ForwardStateName;
  readonly context: string;
}

/**
 * Whether a forward's change may add or drop a cluster from the engine's cluster list: a
 * forward that runs holds its context's monitor, so one that appears or goes, changes state, or
 * moves to another context may change which clusters are monitored. A traffic update (same
 * state, same context) never does, so it costs the tray no read.
 */
export function forwardChangeMovesClusters(
  prev: ForwardSeen | undefined,
  next: ForwardSeen | undefined,
): boolean {
  if (!prev || !next) return prev !== next;
  return prev.state !== next.state || prev.context !== next.context;
}
