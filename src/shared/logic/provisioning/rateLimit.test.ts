import { describe, expect, it } from 'vitest';
import type { RateDecision, RateLimiterState } from './rateLimit';
import { DEFAULT_UPDATE_INTERVAL_MS, flushDue, initialRateLimiterState, offerUpdate } from './rateLimit';

interface Update {
  phase: string;
  n: number;
  terminal?: boolean;
  deleted?: boolean;
}
const u = (phase: string, n: number, extra: Partial<Update> = {}): Update => ({ phase, n, ...extra });

/**
 * Drives the limiter the way the engine will: offer updates at their times, and whenever a
 * decision has a dueAt, "set a timer" and flush at that time. Returns what was sent, when.
 */
function drive(offers: ReadonlyArray<[number, Update]>, endMs = 1_000_000): Array<[number, number]> {
  let state: RateLimiterState<Update> = initialRateLimiterState();
  let timer: number | undefined;
  const sent: Array<[number, number]> = [];
  const apply = (decision: RateDecision<Update>, now: number): void => {
    state = decision.state;
    if (decision.send) sent.push([now, decision.send.n]);
    timer = decision.dueAt;
  };
  for (const [at, update] of offers) {
    while (timer !== undefined && timer <= at) {
      const due = timer;
      apply(flushDue(state, due), due);
    }
    apply(offerUpdate(state, update, at), at);
  }
  while (timer !== undefined && timer <= endMs) {
    const due = timer;
    apply(flushDue(state, due), due);
  }
  return sent;
}

describe('rate limiter', () => {
  it('sends the first update at once', () => {
    const decision = offerUpdate(initialRateLimiterState<Update>(), u('Provisioning', 1), 0);
    expect(decision.send?.n).toBe(1);
    expect(decision.dueAt).toBeUndefined();
  });

  it('at most one update per 10 s within a phase; the last held-back one is delivered when the window opens', () => {
    const sent = drive([
      [0, u('Provisioning', 1)],
      [1_000, u('Provisioning', 2)],
      [2_000, u('Provisioning', 3)],
      [9_000, u('Provisioning', 4)],
      [15_000, u('Provisioning', 5)],
    ]);
    // 2 and 3 are superseded by 4 (each update is a full snapshot); 4 goes out at 10 s, 5 at 20 s.
    expect(sent).toEqual([
      [0, 1],
      [10_000, 4],
      [20_000, 5],
    ]);
    expect(DEFAULT_UPDATE_INTERVAL_MS).toBe(10_000);
  });

  it('a phase transition is always sent at once, and supersedes what was held back', () => {
    const sent = drive([
      [0, u('Provisioning', 1)],
      [2_000, u('Provisioning', 2)],
      [3_000, u('Bootstrapping', 3)],
      [3_500, u('Scaling', 4)],
      [4_000, u('Scaling', 5)],
    ]);
    expect(sent).toEqual([
      [0, 1],
      [3_000, 3],
      [3_500, 4],
      [13_500, 5],
    ]);
  });

  it('becoming terminal or deleted counts as a transition', () => {
    expect(
      drive([
        [0, u('Deleting', 1)],
        [1_000, u('Deleting', 2, { deleted: true, terminal: true })],
      ]),
    ).toEqual([
      [0, 1],
      [1_000, 2],
    ]);
    expect(
      drive([
        [0, u('Failed', 1, { terminal: true })],
        [1_000, u('Failed', 2, { terminal: true })],
      ]),
    ).toEqual([
      [0, 1],
      [10_000, 2],
    ]);
  });

  it('flushDue called early sends nothing and repeats the due time; with nothing held it is a no-op', () => {
    let state = offerUpdate(initialRateLimiterState<Update>(), u('Scaling', 1), 0).state;
    const held = offerUpdate(state, u('Scaling', 2), 1_000);
    expect(held).toMatchObject({ dueAt: 10_000 });
    expect(held.send).toBeUndefined();
    state = held.state;
    expect(flushDue(state, 5_000)).toEqual({ state, dueAt: 10_000 });
    const flushed = flushDue(state, 10_000);
    expect(flushed.send?.n).toBe(2);
    expect(flushDue(flushed.state, 20_000)).toEqual({ state: flushed.state });
  });

  it('updates spaced beyond the window all go out at once', () => {
    expect(
      drive([0, 10_000, 25_000, 40_000].map((t, i) => [t, u('Installing', i)] as [number, Update])),
    ).toEqual([
      [0, 0],
      [10_000, 1],
      [25_000, 2],
      [40_000, 3],
    ]);
  });

  it('a clock that jumps backwards opens the window instead of stalling', () => {
    const first = offerUpdate(initialRateLimiterState<Update>(), u('Scaling', 1), 100_000);
    expect(offerUpdate(first.state, u('Scaling', 2), 50_000).send?.n).toBe(2);
  });

  it('the interval is configurable', () => {
    const first = offerUpdate(initialRateLimiterState<Update>(), u('Scaling', 1), 0, { intervalMs: 1_000 });
    expect(offerUpdate(first.state, u('Scaling', 2), 1_000, { intervalMs: 1_000 }).send?.n).toBe(2);
  });
});
