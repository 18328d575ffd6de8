import { describe, expect, it } from 'vitest';
import { EventSummarySchema, type EventSummary } from '../../domain/health';
import { compareEvents, countRecentWarnings, digestEvents, summarizeEvent } from './events';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

function coreEvent(
  name: string,
  type: string,
  lastAgoMs: number,
  extra: Record<string, unknown> = {},
): unknown {
  return {
    metadata: { name, namespace: 'payments', uid: `uid-${name}` },
    involvedObject: { kind: 'Pod', namespace: 'payments', name: 'payments-7f9' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type,
    count: 3,
    firstTimestamp: ago(lastAgoMs + 60_000),
    lastTimestamp: ago(lastAgoMs),
    ...extra,
  };
}

describe('summarizeEvent', () => {
  it('reads a core/v1 Event', () => {
    const e = summarizeEvent(coreEvent('e1', 'Warning', 1000));
    expect(e).toEqual({
      id: 'uid-e1',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      object: { kind: 'Pod', namespace: 'payments', name: 'payments-7f9' },
      count: 3,
      firstSeen: NOW - 61_000,
      lastSeen: NOW - 1000,
    });
    expect(EventSummarySchema.parse(e)).toEqual(e);
  });

  it('reads an events.k8s.io/v1 Event with series', () => {
    const e = summarizeEvent({
      metadata: { name: 'e2', namespace: 'kube-system', creationTimestamp: ago(600_000) },
      regarding: { kind: 'Node', name: 'node-1' },
      reason: 'NodeNotReady',
      note: 'Node node-1 status is now: NodeNotReady',
      type: 'Warning',
      eventTime: ago(500_000),
      series: { count: 12, lastObservedTime: ago(2000) },
    });
    expect(e).toMatchObject({
      id: 'kube-system/e2',
      type: 'Warning',
      message: 'Node node-1 status is now: NodeNotReady',
      object: { kind: 'Node', namespace: 'kube-system', name: 'node-1' },
      count: 12,
      firstSeen: NOW - 500_000,
      lastSeen: NOW - 2000,
    });
  });

  it('uses deprecated timestamps and counts of events.k8s.io when eventTime is missing', () => {
    const e = summarizeEvent({
      metadata: { name: 'e3', namespace: 'x' },
      regarding: { kind: 'Pod', namespace: 'x', name: 'p' },
      reason: 'Pulled',
      note: 'pulled',
      type: 'Normal',
      deprecatedCount: 4,
      deprecatedFirstTimestamp: ago(9000),
      deprecatedLastTimestamp: ago(3000),
    });
    expect(e).toMatchObject({ count: 4, firstSeen: NOW - 9000, lastSeen: NOW - 3000, type: 'Normal' });
  });

  it('accepts Date objects (client-node models) and treats unknown types as Normal', () => {
    const e = summarizeEvent({
      reason: 'X',
      type: 'Custom',
      lastTimestamp: new Date(NOW),
      involvedObject: {},
    });
    expect(e).toMatchObject({
      type: 'Normal',
      lastSeen: NOW,
      firstSeen: null,
      count: 1,
      object: { kind: '', namespace: null, name: '' },
    });
  });

  it('null for events with neither reason nor message', () => {
    expect(summarizeEvent({ type: 'Warning' })).toBeNull();
    expect(summarizeEvent(null)).toBeNull();
  });
});

describe('digestEvents', () => {
  it('sorts Warning first, then newest first, and limits', () => {
    const raws = [
      coreEvent('n-new', 'Normal', 1000),
      coreEvent('w-old', 'Warning', 100_000),
      coreEvent('w-new', 'Warning', 5000),
      coreEvent('n-old', 'Normal', 900_000),
    ];
    expect(digestEvents(raws).map((e) => e.id)).toEqual(['uid-w-new', 'uid-w-old', 'uid-n-new', 'uid-n-old']);
    expect(digestEvents(raws, { limit: 2 }).map((e) => e.id)).toEqual(['uid-w-new', 'uid-w-old']);
    expect(digestEvents(raws, { limit: 0 })).toEqual([]);
  });

  it('defaults to 50 like LocalPort', () => {
    const raws = Array.from({ length: 80 }, (_, i) => coreEvent(`e${i}`, 'Warning', i * 1000));
    expect(digestEvents(raws)).toHaveLength(50);
  });

  it('de-duplicates by id, keeping the newest', () => {
    const raws = [
      coreEvent('e', 'Warning', 9000, { count: 1 }),
      coreEvent('e', 'Warning', 1000, { count: 5 }),
      coreEvent('e', 'Warning', 5000, { count: 3 }),
    ];
    const out = digestEvents(raws);
    expect(out).toHaveLength(1);
    expect(out[0]?.count).toBe(5);
  });

  it('ties: higher count first, unknown times last', () => {
    const base: EventSummary = {
      id: 'a',
      type: 'Warning',
      reason: 'r',
      message: 'm',
      object: { kind: 'Pod', namespace: 'n', name: 'p' },
      count: 1,
      firstSeen: null,
      lastSeen: NOW,
    };
    const list = [
      { ...base, id: 'no-time', lastSeen: null },
      { ...base, id: 'low' },
      { ...base, id: 'high', count: 9 },
    ].sort(compareEvents);
    expect(list.map((e) => e.id)).toEqual(['high', 'low', 'no-time']);
  });
});

describe('countRecentWarnings', () => {
  it('counts Warning events last seen within the window', () => {
    const events = digestEvents([
      coreEvent('a', 'Warning', 1000),
      coreEvent('b', 'Warning', 4 * 60_000),
      coreEvent('c', 'Warning', 6 * 60_000),
      coreEvent('d', 'Normal', 1000),
      coreEvent('future', 'Warning', -30_000),
    ]);
    expect(countRecentWarnings(events, NOW)).toBe(3);
    expect(countRecentWarnings(events, NOW, 10 * 60_000)).toBe(4);
    expect(countRecentWarnings([], NOW)).toBe(0);
  });

  it('the window edge is exclusive', () => {
    const events = digestEvents([coreEvent('edge', 'Warning', 5 * 60_000)]);
    expect(countRecentWarnings(events, NOW)).toBe(0);
  });
});
