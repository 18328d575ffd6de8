import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../shared/domain/health';
import { EventStore, summarizeEvent } from '../../../shared/logic/health';
import { silentLogger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ListWatch } from './listWatch';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A raw core/v1 Event as the API server lists it. */
function rawEvent(i: number, type: 'Normal' | 'Warning') {
  return {
    metadata: { namespace: 'flood', name: `e${i}`, resourceVersion: String(i) },
    type,
    reason: type === 'Warning' ? 'BackOff' : 'Pulled',
    message: `event ${i}`,
    involvedObject: { kind: 'Pod', namespace: 'flood', name: `p${i % 50}` },
    lastTimestamp: new Date(T0 + i * 1000).toISOString(),
  };
}

/** A client whose list answers 5,000 events in pages of 500, and whose watch stays open and silent. */
function floodClient() {
  const items = Array.from({ length: 5000 }, (_, i) => rawEvent(i, i % 100 === 0 ? 'Warning' : 'Normal'));
  const client = {
    getJson: async (path: string) => {
      const start = Number(new URLSearchParams(path.split('?')[1]).get('continue') ?? 0);
      const next = start + 500;
      return {
        metadata: { resourceVersion: '5000', ...(next < items.length ? { continue: String(next) } : {}) },
        items: items.slice(start, next),
      };
    },
    openStream: async () => () => undefined,
  };
  return client as unknown as ApiClient;
}

describe('ListWatch with a bounded store', () => {
  it('a list of 5,000 events lands in the store the caller chose, within its limits', async () => {
    let synced: EventStore | undefined;
    const w = new ListWatch<EventSummary, EventStore>({
      client: floodClient(),
      path: '/api/v1/events',
      store: () => new EventStore({ maxNormal: 100, maxWarnings: 1000 }),
      digest: summarizeEvent,
      onSync: (store) => (synced = store),
      onChange: () => undefined,
      onError: (err) => {
        throw err;
      },
      log: silentLogger,
      requestTimeoutMs: 1000,
    });
    w.start();
    await expect.poll(() => synced, { timeout: 5000 }).toBeDefined();
    w.stop();
    expect(w.items()).toBe(synced);
    const listed = synced!.list();
    expect(listed.filter((e) => e.type === 'Warning')).toHaveLength(50);
    expect(listed.filter((e) => e.type === 'Normal')).toHaveLength(100);
    expect(listed.find((e) => e.type === 'Normal')!.id).toBe('flood/e4999');
    // The store was bounded while the pages came in, not only at the end.
    expect(synced!.size).toBeLessThanOrEqual(50 + 100 + 16);
    expect(synced!.retention()).toEqual({ truncated: true, keptLimit: 100 });
  });
});
