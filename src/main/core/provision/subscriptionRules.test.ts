import { describe, expect, it } from 'vitest';
import type { ProvisioningSnapshot, SignificantEvent } from '../../../shared/domain/provisioning';
import {
  connectionWarning,
  endOf,
  minutes,
  subscriberView,
  type SubscriptionLimits,
} from './subscriptionRules';

const MIN = 60_000;
const LIMITS: SubscriptionLimits = {
  maxPerClient: 10,
  maxTotal: 100,
  timeoutMs: 60 * MIN,
  timeoutWarningMs: 5 * MIN,
  intervalMs: 10_000,
  eventLookbackMs: 5 * MIN,
};

function event(atMs: number, reason: string): SignificantEvent {
  return {
    at: new Date(atMs).toISOString(),
    type: 'Normal',
    reason,
    message: reason,
    object: { kind: 'ClusterDeployment', name: 'dev' },
    count: 1,
  } as SignificantEvent;
}

function snap(extra: Partial<ProvisioningSnapshot> = {}): ProvisioningSnapshot {
  return {
    phase: 'Provisioning',
    terminal: false,
    deleted: false,
    events: [],
    timeoutWarning: false,
    timedOut: false,
    ...extra,
  } as ProvisioningSnapshot;
}

describe('subscriberView', () => {
  const start = 10 * 60 * MIN;

  it('keeps the events from the lookback before the subscription began, and none older', () => {
    const events = [event(start - 6 * MIN, 'old'), event(start - 5 * MIN, 'edge'), event(start + MIN, 'new')];
    const seen = subscriberView(snap({ events }), start, start + MIN, LIMITS);
    expect(seen.events.map((e) => e.reason)).toEqual(['edge', 'new']);
  });

  it('warns from timeoutWarningMs before the timeout, then times out, and never once terminal', () => {
    const at = (watchedMs: number, extra: Partial<ProvisioningSnapshot> = {}) =>
      subscriberView(snap(extra), start, start + watchedMs, LIMITS);
    expect(at(55 * MIN - 1)).toMatchObject({ timeoutWarning: false, timedOut: false });
    expect(at(55 * MIN)).toMatchObject({ timeoutWarning: true, timedOut: false });
    expect(at(60 * MIN)).toMatchObject({ timeoutWarning: false, timedOut: true });
    expect(at(60 * MIN, { terminal: true, phase: 'Ready' })).toMatchObject({
      timeoutWarning: false,
      timedOut: false,
    });
  });
});

describe('endOf', () => {
  it('names the end a terminal or deleted snapshot means, and none for one still going', () => {
    expect(endOf(snap())).toBeUndefined();
    expect(endOf(snap({ terminal: true, phase: 'Ready' }))).toBe('ready');
    expect(endOf(snap({ terminal: true, phase: 'Failed' }))).toBe('failed');
    expect(endOf(snap({ deleted: true }))).toBe('deleted');
    expect(endOf(snap({ deleted: true, terminal: true, phase: 'Ready' }))).toBe('deleted');
  });
});

describe('connectionWarning', () => {
  it('warns while reconnecting and once lost, with the message when there is one', () => {
    expect(connectionWarning({ state: 'ok', attempts: 0 })).toBeUndefined();
    expect(connectionWarning({ state: 'starting', attempts: 0 })).toBeUndefined();
    expect(connectionWarning({ state: 'reconnecting', attempts: 2, message: 'EOF' })).toBe(
      'Watch lost (EOF); reconnecting (attempt 2). Progress may be behind.',
    );
    expect(connectionWarning({ state: 'lost', attempts: 9 })).toBe(
      'Watch failed: could not reconnect. Progress is no longer followed.',
    );
  });
});

describe('minutes', () => {
  it('says whole minutes from a minute up, seconds below', () => {
    expect(minutes(5 * MIN)).toBe('5 min');
    expect(minutes(90_000)).toBe('2 min');
    expect(minutes(29_000)).toBe('29 s');
  });
});
