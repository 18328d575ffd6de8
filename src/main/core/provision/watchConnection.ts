import type { ProvisioningConnection } from '../../../shared/contract';
import type { Logger } from '../app/log';
import type { FailureRun } from '../watch/watchRules';

/**
 * The connection after a watch failed: `reconnecting` until the oldest failure is `limitMs`
 * old, then `lost`, and once lost it stays lost until a watch is healthy again (retries go
 * on). Null when nothing a subscriber sees changed.
 */
export function connectionAfterFailure(
  prev: ProvisioningConnection,
  failing: FailureRun,
  message: string,
  now: number,
  limitMs: number,
): ProvisioningConnection | null {
  const state = prev.state === 'lost' || now - failing.since >= limitMs ? 'lost' : 'reconnecting';
  if (prev.state === state && prev.message === message && prev.attempts === failing.attempts) return null;
  return { state, message, attempts: failing.attempts };
}

/** Across a context's watches: since when one has been failing, and the most tries any has failed. */
export function combinedFailure(runs: Iterable<FailureRun | undefined>): FailureRun | undefined {
  const list = [...runs].filter((r): r is FailureRun => r !== undefined);
  if (list.length === 0) return undefined;
  return { since: Math.min(...list.map((r) => r.since)), attempts: Math.max(...list.map((r) => r.attempts)) };
}

/** What a connection reporter needs from its watcher. */
export interface ConnectionDeps {
  context: string;
  log: Logger;
  now(): number;
  limitMs: number;
  /** The watches' combined run of failures now (undefined: none is failing). */
  failing(): FailureRun | undefined;
  /** Tells the listener. */
  changed(state: ProvisioningConnection): void;
}

/**
 * One context's provisioning connection as subscribers see it: starting, ok, reconnecting,
 * lost. A watch that keeps failing is reported lost after the limit even when no retry
 * happens to fail at that moment (one timer, cleared by `stop`).
 */
export class WatchConnection {
  private readonly d: ConnectionDeps;
  private conn: ProvisioningConnection = { state: 'starting', attempts: 0 };
  private lossTimer: NodeJS.Timeout | undefined;

  constructor(deps: ConnectionDeps) {
    this.d = deps;
  }

  get current(): ProvisioningConnection {
    return this.conn;
  }

  /** A watch failed with `message` (a 403 or 404 is not a failure of the connection). */
  failed(message: string): void {
    const failing = this.d.failing();
    if (!failing) return;
    const now = this.d.now();
    this.apply(connectionAfterFailure(this.conn, failing, message, now, this.d.limitMs));
    if (this.conn.state === 'reconnecting' && this.lossTimer === undefined) {
      this.lossTimer = setTimeout(
        () => {
          this.lossTimer = undefined;
          const still = this.d.failing();
          if (!still) return;
          const lostNow = { since: -Infinity, attempts: this.conn.attempts };
          const message = this.conn.message ?? 'the watch keeps failing';
          this.apply(connectionAfterFailure(this.conn, lostNow, message, this.d.now(), this.d.limitMs));
        },
        Math.max(0, failing.since + this.d.limitMs - now),
      );
    }
  }

  /** A watch answered: once none is failing, the connection is ok. */
  healthy(): void {
    if (this.d.failing()) return;
    this.stop();
    if (this.conn.state === 'ok') return;
    if (this.conn.state !== 'starting')
      this.d.log.info('provisioning watch restored', { context: this.d.context });
    this.set({ state: 'ok', attempts: 0 });
  }

  /** The watches start over (discovery asks again): a connection that was failing is starting. */
  restart(): void {
    this.stop();
    if (this.conn.state !== 'ok' && this.conn.state !== 'starting')
      this.set({ state: 'starting', attempts: 0 });
  }

  /** Clears the loss timer (the watcher stopped its watches). */
  stop(): void {
    clearTimeout(this.lossTimer);
    this.lossTimer = undefined;
  }

  private apply(next: ProvisioningConnection | null) {
    if (!next) return;
    if (next.state !== this.conn.state)
      this.d.log.warn(`provisioning watch ${next.state}`, {
        context: this.d.context,
        error: next.message,
        attempts: next.attempts,
      });
    this.set(next);
  }

  private set(state: ProvisioningConnection) {
    this.conn = state;
    this.d.changed(state);
  }
}
