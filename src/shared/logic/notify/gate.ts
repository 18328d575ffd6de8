import type { Notification } from '../../domain/notification';

/** How the gate throttles. */
export interface GateOptions {
  /** The same notification as the last one shown for its subject, within this, is dropped. */
  dedupMs: number;
  /** At most `max` notifications per subject (a cluster, a forward) per `windowMs`. */
  perSubject: { max: number; windowMs: number };
  /** At most `max` notifications in all per `windowMs`, whatever they are about. */
  global: { max: number; windowMs: number };
}

/** Defaults: a flapping cluster gets three notifications per ten minutes, then one "paused" note. */
export const DEFAULT_GATE_OPTIONS: GateOptions = {
  dedupMs: 10 * 60_000,
  perSubject: { max: 3, windowMs: 10 * 60_000 },
  global: { max: 6, windowMs: 60_000 },
};

/** What the gate decided: show (possibly a replacement: the "paused" note) or drop, and why. */
export type GateDecision =
  | { show: true; notification: Notification }
  | { show: false; why: 'muted' | 'duplicate' | 'flapping' | 'too-many' };

/** What a notification is about: the forward, else the cluster, else its kind. */
export function subjectOf(n: Notification): string {
  const forward = n.target?.params?.forwardId;
  if (forward) return `forward:${forward}`;
  if (n.context) return `context:${n.context}`;
  return `kind:${n.kind}`;
}

/**
 * De-duplicates and rate-limits notifications so a flapping cluster can't storm the user. Pure
 * apart from the injected clock: decisions depend only on what it was shown and when.
 */
export class NotificationGate {
  private readonly o: GateOptions;
  private readonly now: () => number;
  private readonly lastBySubject = new Map<string, { fingerprint: string; at: number }>();
  private readonly shownBySubject = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private shown: number[] = [];

  constructor(now: () => number, options: GateOptions = DEFAULT_GATE_OPTIONS) {
    this.now = now;
    this.o = options;
  }

  /** Decide for one notification; `muted` is the user's per-cluster mute. */
  decide(n: Notification, muted = false): GateDecision {
    if (muted) return { show: false, why: 'muted' };
    const t = this.now();
    const subject = subjectOf(n);
    const fingerprint = `${n.kind}\n${n.title}\n${n.body}`;
    if ((this.pausedUntil.get(subject) ?? 0) > t) return { show: false, why: 'flapping' };
    const last = this.lastBySubject.get(subject);
    if (last && last.fingerprint === fingerprint && t - last.at < this.o.dedupMs) {
      return { show: false, why: 'duplicate' };
    }

    this.shown = this.shown.filter((at) => t - at < this.o.global.windowMs);
    if (this.shown.length >= this.o.global.max) return { show: false, why: 'too-many' };

    const recent = (this.shownBySubject.get(subject) ?? []).filter(
      (at) => t - at < this.o.perSubject.windowMs,
    );
    let out = n;
    if (recent.length >= this.o.perSubject.max) {
      // Tell the user once that we are holding back, instead of silently going quiet.
      this.pausedUntil.set(subject, t + this.o.perSubject.windowMs);
      out = pausedNote(n, this.o.perSubject.windowMs);
    }
    recent.push(t);
    this.shownBySubject.set(subject, recent);
    this.shown.push(t);
    this.lastBySubject.set(subject, { fingerprint, at: t });
    return { show: true, notification: out };
  }
}

function pausedNote(n: Notification, windowMs: number): Notification {
  const who = n.context ?? n.target?.params?.forwardId ?? n.kind;
  const minutes = Math.round(windowMs / 60_000);
  return {
    ...n,
    id: `${n.id}:paused`,
    kind: `${n.kind}.paused`,
    severity: 'warning',
    title: `${who} keeps changing state`,
    body: `Latest: ${n.title}. ${n.body} Notifications about it are paused for ${minutes} min; the tray icon still shows its state.`,
  };
}
