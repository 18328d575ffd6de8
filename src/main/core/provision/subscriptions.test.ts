import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractError, type Notification, type ProvisioningUpdate } from '../../../shared/contract';
import type { ProvisioningPhase, ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import { ProvisioningSubscriptions } from './subscriptions';

const KEY = 'ctx|ClusterDeployment/kcm-system/dev';
const OK = { state: 'ok', attempts: 0 } as const;

function snap(
  phase: ProvisioningPhase,
  progress: number,
  extra: Partial<ProvisioningSnapshot> = {},
): ProvisioningSnapshot {
  const terminal = phase === 'Ready' || phase === 'Failed';
  return {
    kind: 'ClusterDeployment',
    context: 'ctx',
    namespace: 'kcm-system',
    name: 'dev',
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    phase,
    progress,
    summary: `${phase} now`,
    decidedBy: { source: 'condition', name: 'Ready' },
    conditions: [],
    services: [],
    servicesTally: null,
    events: [],
    startedAt: new Date(0).toISOString(),
    elapsedMs: 0,
    observedAt: new Date(Date.now()).toISOString(),
    timeoutWarning: false,
    timedOut: false,
    terminal,
    deleted: false,
    ...extra,
  };
}

describe('ProvisioningSubscriptions', () => {
  let updates: ProvisioningUpdate[];
  let notes: Notification[];
  let subs: ProvisioningSubscriptions;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    updates = [];
    notes = [];
    subs = new ProvisioningSubscriptions(
      { update: (u) => updates.push(u), notify: (n) => notes.push(n) },
      { timeoutMs: 60 * 60_000, timeoutWarningMs: 5 * 60_000, intervalMs: 10_000 },
    );
  });
  afterEach(() => {
    subs.stop();
    vi.useRealTimers();
  });

  it('answers with the initial snapshot, then rate-limits updates within a phase to 1 per 10 s', () => {
    const first = subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    expect(first).toMatchObject({ active: true, snapshot: { phase: 'Provisioning', progress: 25 } });
    subs.onSnapshot(KEY, snap('Provisioning', 30));
    subs.onSnapshot(KEY, snap('Provisioning', 35));
    expect(updates).toHaveLength(0);
    vi.advanceTimersByTime(10_000);
    // Only the newest held-back update goes out, once.
    expect(updates.map((u) => u.snapshot.progress)).toEqual([35]);
    vi.advanceTimersByTime(60_000);
    expect(updates).toHaveLength(1);
    expect(subs.timers()).toBe(1); // only the deadline timer remains
  });

  it('sends a phase transition at once, even inside the window', () => {
    subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    subs.onSnapshot(KEY, snap('Provisioning', 30));
    subs.onSnapshot(KEY, snap('Bootstrapping', 50));
    expect(updates.map((u) => u.snapshot.phase)).toEqual(['Bootstrapping']);
  });

  it('stops on Ready with a final update and a notification; no timers left', () => {
    const { subscriptionId } = subs.add('w1', 'ctx', KEY, snap('Installing', 90), OK);
    subs.onSnapshot(KEY, snap('Ready', 100));
    expect(updates.at(-1)).toMatchObject({ subscriptionId, active: false, endReason: 'ready' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'provisioning.ready', severity: 'info', context: 'ctx' });
    expect(subs.size).toBe(0);
    expect(subs.timers()).toBe(0);
    subs.onSnapshot(KEY, snap('Ready', 100));
    expect(updates).toHaveLength(1);
  });

  it('Failed notifies with the failing condition message', () => {
    subs.add('w1', 'ctx', KEY, snap('Initializing', 5), OK);
    subs.onSnapshot(
      KEY,
      snap('Failed', 5, {
        decidedBy: { source: 'condition', name: 'CredentialReady', reason: 'Failed' },
        conditions: [
          { type: 'CredentialReady', status: 'False', message: 'the Credential kcm-system/aws is not ready' },
          { type: 'Ready', status: 'False', message: 'the Credential kcm-system/aws is not ready' },
        ],
      }),
    );
    expect(updates.at(-1)).toMatchObject({ active: false, endReason: 'failed' });
    expect(notes[0]?.kind).toBe('provisioning.failed');
    expect(notes[0]?.body).toBe('CredentialReady: the Credential kcm-system/aws is not ready');
  });

  it('deletion while watched is a final "deleted" update', () => {
    subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    subs.onSnapshot(KEY, snap('Deleting', 100, { deleted: true, terminal: true }));
    expect(updates.at(-1)).toMatchObject({
      active: false,
      endReason: 'deleted',
      snapshot: { deleted: true },
    });
    expect(notes).toHaveLength(0);
  });

  it('a subscription to an object already Ready ends at once', () => {
    const r = subs.add('w1', 'ctx', KEY, snap('Ready', 100), OK);
    expect(r).toMatchObject({ active: false, endReason: 'ready' });
    expect(subs.size).toBe(0);
    expect(subs.timers()).toBe(0);
  });

  it('warns 5 minutes before the timeout, then stops with a notification', () => {
    subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    vi.advanceTimersByTime(55 * 60_000 - 1);
    expect(updates).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(updates[0]).toMatchObject({ active: true, snapshot: { timeoutWarning: true, timedOut: false } });
    expect(updates[0]?.warning).toMatch(/stops in 5 min/);
    vi.advanceTimersByTime(5 * 60_000);
    expect(updates[1]).toMatchObject({ active: false, endReason: 'timeout', snapshot: { timedOut: true } });
    expect(notes.map((n) => n.kind)).toEqual(['provisioning.timeout']);
    expect(subs.timers()).toBe(0);
  });

  it('shows a watch loss at once, clears it on reconnect, and fails when it is lost for good', () => {
    subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    subs.onConnection('ctx', { state: 'reconnecting', attempts: 1, message: 'ECONNREFUSED' });
    expect(updates.at(-1)?.warning).toMatch(/reconnecting \(attempt 1\)/);
    subs.onConnection('ctx', { state: 'ok', attempts: 0 });
    expect(updates.at(-1)).toMatchObject({ active: true });
    expect(updates.at(-1)?.warning).toBeUndefined();
    subs.onConnection('ctx', { state: 'lost', attempts: 7, message: 'ECONNREFUSED' });
    expect(updates.at(-1)).toMatchObject({ active: false, endReason: 'watch-failed' });
    expect(updates.at(-1)?.warning).toMatch(/could not reconnect/);
    expect(subs.size).toBe(0);
  });

  it('refuses an 11th subscription per client and a 101st overall, with a clear error', () => {
    for (let i = 0; i < 10; i++) subs.add('w1', 'ctx', `${KEY}${i}`, snap('Provisioning', 25), OK);
    expect(() => subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK)).toThrowError(ContractError);
    expect(() => subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK)).toThrowError(/at most 10/);
    for (let c = 2; c <= 10; c++)
      for (let i = 0; i < 10; i++) subs.add(`w${c}`, 'ctx', `${KEY}${c}-${i}`, snap('Provisioning', 25), OK);
    expect(subs.size).toBe(100);
    expect(() => subs.add('w11', 'ctx', KEY, snap('Provisioning', 25), OK)).toThrowError(
      /100 are open in total/,
    );
  });

  it('unsubscribe ends silently and frees every timer', () => {
    const { subscriptionId } = subs.add('w1', 'ctx', KEY, snap('Provisioning', 25), OK);
    subs.onSnapshot(KEY, snap('Provisioning', 30));
    expect(subs.timers()).toBe(2);
    expect(subs.remove(subscriptionId)).toBe(true);
    expect(subs.remove(subscriptionId)).toBe(false);
    expect(subs.timers()).toBe(0);
    vi.advanceTimersByTime(2 * 60 * 60_000);
    expect(updates).toHaveLength(0);
  });

  it('the initial snapshot carries only the events of the last 5 minutes', () => {
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const ev = (msAgo: number, reason: string) => ({
      at: at(msAgo),
      type: 'Normal' as const,
      reason,
      message: reason,
      object: { name: 'dev' },
      count: 1,
    });
    const r = subs.add(
      'w1',
      'ctx',
      KEY,
      snap('Provisioning', 25, { events: [ev(10 * 60_000, 'Old'), ev(60_000, 'New')] }),
      OK,
    );
    expect(r.snapshot.events.map((e) => e.reason)).toEqual(['New']);
  });
});
