import type { ComponentHealth } from '../../../shared/contract';
import type { HealthState } from '../../../shared/domain/health';
import { aggregateHealth, type AggregateHealth } from '../../../shared/logic/componentHealth';

/** What a checker answers: its part's state and why. */
export interface CheckResult {
  state: HealthState;
  reason: string;
}

/** One part of Tether that can say how it is; `signal` is aborted when its time is up. */
export type HealthChecker = (signal: AbortSignal) => CheckResult | Promise<CheckResult>;

/** Options for {@link ComponentRegistry}. */
export interface ComponentRegistryOptions {
  /** Default per-checker timeout (default 2 s). */
  timeoutMs?: number;
  now?: () => number;
  /** Called when a checker throws or times out (for the error counts). */
  onFailure?(name: string, kind: 'threw' | 'timed-out'): void;
}

interface Entry {
  check: HealthChecker;
  timeoutMs: number;
}

/**
 * Component health, checked so that a slow part cannot hide the others: cluster monitors,
 * the forward supervisor, provisioning watchers and transports each register a checker; `check()`
 * runs all of them at once, each against its own timeout, and never waits for a hanging one
 * beyond that timeout — it is reported Unknown with "no answer within N ms".
 */
export class ComponentRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly o: ComponentRegistryOptions;
  private readonly now: () => number;

  constructor(opts: ComponentRegistryOptions = {}) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
  }

  /** Registers (or replaces) a checker; returns the unregister function. */
  register(name: string, check: HealthChecker, opts: { timeoutMs?: number } = {}): () => void {
    const entry: Entry = { check, timeoutMs: opts.timeoutMs ?? this.o.timeoutMs ?? 2_000 };
    this.entries.set(name, entry);
    return () => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
    };
  }

  /** Names of the registered components. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Runs every checker in parallel, each with its timeout; resolves once all answered or timed out. */
  async check(): Promise<{ components: ComponentHealth[] } & AggregateHealth> {
    const components = await Promise.all([...this.entries].map(([name, e]) => this.run(name, e)));
    return { components, ...aggregateHealth(components) };
  }

  private run(name: string, e: Entry): Promise<ComponentHealth> {
    const started = performance.now();
    const abort = new AbortController();
    const done = (r: CheckResult, timedOut: boolean): ComponentHealth => ({
      name,
      state: r.state,
      reason: r.reason,
      checkedAt: this.now(),
      durationMs: Math.round(performance.now() - started),
      timedOut,
    });
    return new Promise<ComponentHealth>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        abort.abort();
        this.o.onFailure?.(name, 'timed-out');
        resolve(done({ state: 'Unknown', reason: `no answer within ${e.timeoutMs} ms` }, true));
      }, e.timeoutMs);
      const finish = (r: CheckResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(done(r, false));
      };
      // A checker that throws synchronously must not take the others down either.
      Promise.resolve()
        .then(() => e.check(abort.signal))
        .then(finish, (err: unknown) => {
          if (!settled) this.o.onFailure?.(name, 'threw');
          finish({
            state: 'Unhealthy',
            reason: `check failed: ${err instanceof Error ? err.message : String(err)}`,
          });
        });
    });
  }
}
