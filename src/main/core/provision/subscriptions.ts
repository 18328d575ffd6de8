import {
  ContractError,
  type Notification,
  type ProvisioningConnection,
  type ProvisioningEndReason,
  type ProvisioningUpdate,
} from '../../../shared/contract';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import {
  flushDue,
  initialRateLimiterState,
  offerUpdate,
  type RateLimiterState,
} from '../../../shared/logic/provisioning';
import { provisioningNotification } from './notifications';
import {
  connectionWarning,
  DEFAULT_SUBSCRIPTION_LIMITS,
  endOf,
  minutes,
  subscriberView,
  type SubscriptionLimits,
} from './subscriptionRules';

/** Where subscriptions send what they produce. */
export interface SubscriptionSink {
  update(update: ProvisioningUpdate): void;
  notify(notification: Notification): void;
}

interface Subscription {
  id: string;
  client: string;
  context: string;
  key: string;
  startedAtMs: number;
  limiter: RateLimiterState<ProvisioningSnapshot>;
  flushTimer: NodeJS.Timeout | undefined;
  deadlineTimer: NodeJS.Timeout | undefined;
  /** The latest snapshot of the object, whether sent yet or not. */
  latest: ProvisioningSnapshot;
  warning: string | undefined;
  warnedTimeout: boolean;
}

/**
 * Every open provisioning subscription: limits, the per-subscription rate limiter and its
 * one flush timer, the timeout (warning first), the end on Ready / Failed / deletion / watch
 * failure, and the notifications those ends raise. Each timer is owned by its subscription
 * and cleared when it ends.
 */
export class ProvisioningSubscriptions {
  private readonly subs = new Map<string, Subscription>();
  private readonly limits: SubscriptionLimits;
  private readonly sink: SubscriptionSink;
  private readonly now: () => number;
  private nextId = 1;
  /** Notifications already raised (one per object and outcome, whatever the subscribers). */
  private readonly notified = new Set<string>();

  constructor(
    sink: SubscriptionSink,
    limits: Partial<SubscriptionLimits> = {},
    now: () => number = Date.now,
  ) {
    this.sink = sink;
    this.limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...limits };
    this.now = now;
  }

  /** Active subscriptions. */
  get size(): number {
    return this.subs.size;
  }

  /** Timers held right now (the benchmark checks they all go). */
  timers(): number {
    let n = 0;
    for (const s of this.subs.values()) n += (s.flushTimer ? 1 : 0) + (s.deadlineTimer ? 1 : 0);
    return n;
  }

  /**
   * Opens a subscription and returns its first update (the initial snapshot). A snapshot
   * that is already terminal ends the subscription at once: the answer is also the last word.
   */
  add(
    client: string,
    context: string,
    key: string,
    snapshot: ProvisioningSnapshot,
    connection: ProvisioningConnection,
  ): ProvisioningUpdate {
    if (this.subs.size >= this.limits.maxTotal) {
      throw new ContractError(
        'conflict',
        `Too many provisioning watches: ${this.limits.maxTotal} are open in total. Stop one before starting another.`,
      );
    }
    const mine = [...this.subs.values()].filter((s) => s.client === client).length;
    if (mine >= this.limits.maxPerClient) {
      throw new ContractError(
        'conflict',
        `Too many provisioning watches in this window: at most ${this.limits.maxPerClient}. Stop one before starting another.`,
      );
    }
    const now = this.now();
    const sub: Subscription = {
      id: `prov-${this.nextId++}`,
      client,
      context,
      key,
      startedAtMs: now,
      limiter: initialRateLimiterState(),
      flushTimer: undefined,
      deadlineTimer: undefined,
      latest: snapshot,
      warning: connectionWarning(connection),
      warnedTimeout: false,
    };
    // A fresh watch of this object may notify again.
    for (const k of [...this.notified]) if (k.startsWith(`${key}|`)) this.notified.delete(k);
    const first = this.view(sub, snapshot);
    sub.limiter = offerUpdate(sub.limiter, first, now, { intervalMs: this.limits.intervalMs }).state;
    const end = endOf(snapshot);
    if (end !== undefined) return { subscriptionId: sub.id, snapshot: first, active: false, endReason: end };
    this.subs.set(sub.id, sub);
    this.armDeadline(sub);
    return {
      subscriptionId: sub.id,
      snapshot: first,
      active: true,
      ...(sub.warning ? { warning: sub.warning } : {}),
    };
  }

  /** Ends a subscription on the user's request; false when it was not open. */
  remove(id: string): boolean {
    const sub = this.subs.get(id);
    if (!sub) return false;
    this.close(sub);
    return true;
  }

  /** The object changed: offer the snapshot to every subscription of it. */
  onSnapshot(key: string, snapshot: ProvisioningSnapshot): void {
    for (const sub of [...this.subs.values()]) {
      if (sub.key !== key) continue;
      sub.latest = snapshot;
      const end = endOf(snapshot);
      if (end !== undefined) {
        this.finish(sub, end, this.view(sub, snapshot));
        continue;
      }
      this.offer(sub, this.view(sub, snapshot));
    }
  }

  /** The context's watch changed state: warn, clear the warning, or fail its subscriptions. */
  onConnection(context: string, connection: ProvisioningConnection): void {
    for (const sub of [...this.subs.values()]) {
      if (sub.context !== context) continue;
      const warning = connectionWarning(connection);
      if (connection.state === 'lost') {
        sub.warning = warning;
        this.finish(sub, 'watch-failed', this.view(sub, sub.latest));
        continue;
      }
      if (warning === sub.warning) continue;
      sub.warning = warning;
      // The user must see the watch is in trouble (or fine again) now, not in 10 s.
      this.send(sub, this.view(sub, sub.latest));
    }
  }

  /** The context is no longer monitored (or lost its provisioning APIs): end its subscriptions. */
  endContext(context: string, why: string): void {
    for (const sub of [...this.subs.values()]) {
      if (sub.context !== context) continue;
      sub.warning = why;
      this.finish(sub, 'unavailable', this.view(sub, sub.latest));
    }
  }

  /** Ends everything without a word (engine stop). */
  stop(): void {
    for (const sub of [...this.subs.values()]) this.close(sub);
  }

  /** What this subscriber sees (subscriberView). */
  private view(sub: Subscription, s: ProvisioningSnapshot): ProvisioningSnapshot {
    return subscriberView(s, sub.startedAtMs, this.now(), this.limits);
  }

  private offer(sub: Subscription, snapshot: ProvisioningSnapshot) {
    const d = offerUpdate(sub.limiter, snapshot, this.now(), { intervalMs: this.limits.intervalMs });
    sub.limiter = d.state;
    if (d.send) this.emit(sub, d.send, true);
    this.armFlush(sub, d.dueAt);
  }

  private armFlush(sub: Subscription, dueAt: number | undefined) {
    clearTimeout(sub.flushTimer);
    sub.flushTimer = undefined;
    if (dueAt === undefined) return;
    sub.flushTimer = setTimeout(
      () => {
        sub.flushTimer = undefined;
        if (!this.subs.has(sub.id)) return;
        const d = flushDue(sub.limiter, this.now(), { intervalMs: this.limits.intervalMs });
        sub.limiter = d.state;
        if (d.send) this.emit(sub, this.view(sub, sub.latest), true);
        this.armFlush(sub, d.dueAt);
      },
      Math.max(0, dueAt - this.now()),
    );
  }

  /** Sends now, outside the limiter's window, and counts it as the last update sent. */
  private send(sub: Subscription, snapshot: ProvisioningSnapshot) {
    const now = this.now();
    sub.limiter = {
      last: { phase: snapshot.phase, terminal: snapshot.terminal, deleted: snapshot.deleted, atMs: now },
    };
    this.armFlush(sub, undefined);
    this.emit(sub, snapshot, true);
  }

  private emit(
    sub: Subscription,
    snapshot: ProvisioningSnapshot,
    active: boolean,
    endReason?: ProvisioningEndReason,
  ) {
    this.sink.update({
      subscriptionId: sub.id,
      snapshot,
      active,
      ...(endReason ? { endReason } : {}),
      ...(sub.warning ? { warning: sub.warning } : {}),
    });
  }

  private armDeadline(sub: Subscription) {
    const { timeoutMs, timeoutWarningMs } = this.limits;
    const at = sub.startedAtMs + (sub.warnedTimeout ? timeoutMs : Math.max(0, timeoutMs - timeoutWarningMs));
    sub.deadlineTimer = setTimeout(
      () => {
        sub.deadlineTimer = undefined;
        if (!this.subs.has(sub.id)) return;
        if (!sub.warnedTimeout) {
          sub.warnedTimeout = true;
          sub.warning = `Still not Ready after ${minutes(this.now() - sub.startedAtMs)}: this watch stops in ${minutes(timeoutWarningMs)}.`;
          this.send(sub, this.view(sub, sub.latest));
          this.armDeadline(sub);
          return;
        }
        sub.warning = `Stopped watching after ${minutes(timeoutMs)} without Ready or Failed.`;
        this.finish(sub, 'timeout', this.view(sub, sub.latest));
      },
      Math.max(0, at - this.now()),
    );
  }

  /** The final update, the notification it deserves, and the end. */
  private finish(sub: Subscription, reason: ProvisioningEndReason, snapshot: ProvisioningSnapshot) {
    this.close(sub);
    this.emit(sub, snapshot, false, reason);
    const n = provisioningNotification(reason, snapshot, sub.warning);
    if (n && !this.notified.has(`${sub.key}|${reason}`)) {
      this.notified.add(`${sub.key}|${reason}`);
      // Bounded: the oldest outcomes are forgotten first.
      if (this.notified.size > 1_000) this.notified.delete(this.notified.values().next().value ?? '');
      this.sink.notify(n);
    }
  }

  private close(sub: Subscription) {
    clearTimeout(sub.flushTimer);
    clearTimeout(sub.deadlineTimer);
    sub.flushTimer = undefined;
    sub.deadlineTimer = undefined;
    this.subs.delete(sub.id);
  }
}
