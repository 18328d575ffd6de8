import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../domain/health';
import { compareEvents, countRecentWarnings, WARNING_WINDOW_MS } from './events';
import { EventStore } from './eventStore';

const NOW = 1_700_000_000_000;

function ev(key: string, type: 'Normal' | 'Warning', lastSeen: number | null, count = 1): EventSummary {
  return {
    id: key,
    type,
    reason: 'R',
    message: `m ${key}`,
    object: { kind: 'Pod', namespace: 'ns', name: key },
    count,
    firstSeen: lastSeen,
    lastSeen,
  };
}

/** What the cluster monitor computed before the store: every event summarised, filtered and sorted. */
function reference(all: Iterable<EventSummary>, sinceMs?: number): EventSummary[] {
  return [...all].filter((e) => sinceMs === undefined || (e.lastSeen ?? 0) >= sinceMs).sort(compareEvents);
}

const op = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'delete'),
  key: fc.integer({ min: 0, max: 40 }).map((n) => `ns/e${n}`),
  type: fc.constantFrom('Normal' as const, 'Warning' as const),
  lastSeen: fc.option(fc.integer({ min: NOW - 20 * 60_000, max: NOW + 60_000 }), { nil: null }),
  count: fc.integer({ min: 1, max: 5 }),
});

describe('EventStore', () => {
  it('under its limits it lists and counts exactly what digesting every event did', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 15 }), (ops, sinceMin) => {
        const store = new EventStore({ maxNormal: 100, maxWarnings: 100 });
        const model = new Map<string, EventSummary>();
        for (const o of ops) {
          if (o.kind === 'delete') expect(store.delete(o.key)).toBe(model.delete(o.key));
          else {
            const e = ev(o.key, o.type, o.lastSeen, o.count);
            store.set(o.key, e);
            model.set(o.key, e);
          }
        }
        const since = NOW - sinceMin * 60_000;
        expect(store.list()).toEqual(reference(model.values()));
        expect(store.list(since)).toEqual(reference(model.values(), since));
        expect(store.warningsSeenAfter(NOW - WARNING_WINDOW_MS)).toBe(
          countRecentWarnings(model.values(), NOW),
        );
        expect(store.size).toBe(model.size);
        expect(new Map(store)).toEqual(model);
        expect(store.retention()).toEqual({ truncated: false, keptLimit: 100 });
      }),
      { numRuns: 200 },
    );
  });

  it('a flood keeps every Warning and only the newest Normal events, and says so', () => {
    const store = new EventStore({ maxNormal: 1000, maxWarnings: 4000 });
    for (let i = 0; i < 20; i++) store.set(`ns/w${i}`, ev(`ns/w${i}`, 'Warning', NOW - 60_000 + i));
    // 50,000 Normal events (10 minutes at 5,000/min) arriving in no particular time order.
    const order = Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 50_000);
    for (const i of order) store.set(`ns/n${i}`, ev(`ns/n${i}`, 'Normal', NOW - 50_000 + i));
    const listed = store.list();
    expect(listed.filter((e) => e.type === 'Warning')).toHaveLength(20);
    const normal = listed.filter((e) => e.type === 'Normal');
    expect(normal).toHaveLength(1000);
    expect(normal.at(-1)!.id).toBe('ns/n49000');
    expect(store.size).toBeLessThanOrEqual(20 + 1000 + 125);
    expect(store.warningsSeenAfter(NOW - WARNING_WINDOW_MS)).toBe(20);
    expect(store.retention()).toEqual({ truncated: true, keptLimit: 1000 });
  });

  it('past the Warning limit the least recently seen Warnings go, and the counter follows', () => {
    const store = new EventStore({ maxNormal: 10, maxWarnings: 100 });
    for (let i = 0; i < 1000; i++) store.set(`ns/w${i}`, ev(`ns/w${i}`, 'Warning', NOW - 1000 + i));
    expect(store.list()).toHaveLength(100);
    expect(store.list()[0]!.id).toBe('ns/w999');
    expect(store.warningsSeenAfter(0)).toBe(store.size);
    expect(store.size).toBeLessThanOrEqual(100 + 16);
  });

  it('an event seen again is recent again: it survives the next eviction', () => {
    const store = new EventStore({ maxNormal: 10, maxWarnings: 10 });
    store.set('ns/old', ev('ns/old', 'Normal', NOW - 10_000));
    for (let i = 0; i < 20; i++) store.set(`ns/n${i}`, ev(`ns/n${i}`, 'Normal', NOW - 5000 + i));
    store.set('ns/old', ev('ns/old', 'Normal', NOW, 2));
    for (let i = 20; i < 30; i++) store.set(`ns/n${i}`, ev(`ns/n${i}`, 'Normal', NOW - 5000 + i));
    expect(store.list().map((e) => e.id)).toContain('ns/old');
  });

  it('a Warning turned Normal (or deleted) leaves the counter', () => {
    const store = new EventStore();
    store.set('ns/a', ev('ns/a', 'Warning', NOW));
    store.set('ns/b', ev('ns/b', 'Warning', NOW));
    expect(store.warningsSeenAfter(NOW - 1)).toBe(2);
    store.set('ns/a', ev('ns/a', 'Normal', NOW));
    store.delete('ns/b');
    expect(store.warningsSeenAfter(NOW - 1)).toBe(0);
    store.clear();
    expect(store.size).toBe(0);
  });
});
