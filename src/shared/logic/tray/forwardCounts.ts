import type { TrayForwards } from './trayState';

/** Forward states as the engine reports them (see `ForwardStateSchema`). */
export type ForwardStateName = 'Stopped' | 'Starting' | 'Active' | 'Reconnecting' | 'Failed';

/**
 * The tray's forward counts from the forwards' states: stopped forwards don't count (the user
 * stopped them); Starting and Reconnecting are work in progress; Failed gave up.
 */
export function forwardCounts(states: Iterable<ForwardStateName>): TrayForwards {
  const out = { total: 0, failed: 0, reconnecting: 0 };
  for (const s of states) {
    if (s === 'Stopped') continue;
    out.total++;
    if (s === 'Failed') out.failed++;
    else if (s === 'Starting' || s === 'Reconnecting') out.reconnecting++;
  }
  return out;
}
