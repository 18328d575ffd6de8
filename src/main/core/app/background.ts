import type { Logger } from './log';

/** An error as one log field: its stack when it has one. */
export function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * Runs a promise nobody awaits (a timer's work, a loop's next turn). A rejection is logged
 * with its stack and `recover` runs — typically to schedule the loop's next turn — so the loop
 * stays alive and nothing becomes an unhandled rejection, which would end `tether serve`.
 */
export function background(
  work: Promise<unknown>,
  log: Logger,
  what: string,
  recover?: (err: unknown) => void,
): void {
  work.catch((err: unknown) => {
    try {
      log.error(`${what} failed`, { error: errorText(err) });
      recover?.(err);
    } catch (again) {
      // A recover that throws must not become the very rejection this guards against.
      try {
        log.error(`${what}: recovery failed`, { error: errorText(again) });
      } catch {
        // nothing left to do
      }
    }
  });
}
