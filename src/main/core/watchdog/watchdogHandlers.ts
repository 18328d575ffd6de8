import type { Handlers } from '../../../shared/contract';
import type { Watchdog } from './watchdog';

/** The contract's watchdog commands. */
export function watchdogHandlers(watchdog: Watchdog): Pick<Handlers, 'app:health'> {
  return {
    'app:health': () => watchdog.health(),
  };
}
