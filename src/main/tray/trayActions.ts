import type { Dispatch } from '../../shared/contract';
import type { Logger } from '../core/app/log';

/** The engine actions behind the tray menu, through the contract like any other client. */
export interface EngineActions {
  startAllForwards(): Promise<void>;
  stopAllForwards(): Promise<void>;
  recheckAll(): Promise<void>;
}

/**
 * Calls `forwards:startAll`, `forwards:stopAll` and `clusters:recheck` through the contract
 * dispatcher, so the menu gets exactly what the popover gets. A failure is logged and
 * reported through `onError` (a notification) — a menu click has nowhere else to show it.
 */
export function engineActions(
  dispatch: Dispatch,
  log: Logger,
  onError: (title: string, message: string) => void,
): EngineActions {
  const call = async (channel: string, title: string) => {
    const r = await dispatch(channel, {}, { transport: 'in-process' });
    if (!r.ok) {
      log.warn('tray action failed', { channel, error: r.error.message });
      onError(title, r.error.message);
      return;
    }
    // startAll answers per-forward errors next to the list.
    const errors = (r.value as { errors?: { id: string; message: string }[] }).errors ?? [];
    if (errors.length) onError(title, errors.map((e) => `${e.id}: ${e.message}`).join('\n'));
  };
  return {
    startAllForwards: () => call('forwards:startAll', 'Could not start all forwards'),
    stopAllForwards: () => call('forwards:stopAll', 'Could not stop all forwards'),
    recheckAll: () => call('clusters:recheck', 'Recheck failed'),
  };
}
