import { describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../shared/logic/backoff';
import { silentLogger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import { ListWatch } from './listWatch';
import type { WatchClock } from './watchClock';
import type { FailureRun } from './watchRules';

/** Time moved by hand: timers fire only inside `advance`, in due order. */
class ManualClock implements WatchClock {
  private t = 1_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  now = () => this.t;
  setTimeout = (run: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, run });
    return id;
  };
  clearTimeout = (id: unknown) => void this.timers.delete(id as number);
  get pending(): number {
    return this.timers.size;
  }
  /** Moves time forward, firing each timer due on the way and letting its promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].run();
    }
    this.t = end;
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

interface Stream {
  url: string;
  aborted: boolean;
  h: { onOpen(): void; onEvent(ev: unknown): void; onEnd(err?: Error): void };
}

/** An API whose list answers come from `list` (an Error is thrown) and whose streams the test drives. */
function fakeApi(clock: ManualClock) {
  const api = {
    list: [] as (Record<string, unknown>[] | Error)[],
    lists: [] as number[],
    streams: [] as Stream[],
    client: undefined as unknown as ApiClient,
    open: () => api.streams.filter((s) => !s.aborted),
  };
  api.client = {
    getJson: async () => {
      api.lists.push(clock.now());
      const next = api.list.length > 1 ? api.list.shift()! : api.list[0]!;
      if (next instanceof Error) throw next;
      return { metadata: { resourceVersion: '10' }, items: next };
    },
    openStream: async (url: string, h: Stream['h']) => {
      const s = { url, aborted: false, h };
      api.streams.push(s);
      h.onOpen();
      return () => void (s.aborted = true);
    },
  } as unknown as ApiClient;
  return api;
}

const pod = (name: string, rv = '1') => ({ metadata: { namespace: 'ns', name, resourceVersion: rv } });
const STEADY: BackoffPolicy = { initialMs: 1_000, maxMs: 8_000, multiplier: 2, jitter: 'none' };

function setup(o: { onError?: (w: ListWatch<string>, err: unknown, f: FailureRun) => void } = {}) {
  const clock = new ManualClock();
  const api = fakeApi(clock);
  const changes: string[] = [];
  const errors: FailureRun[] = [];
  const w: ListWatch<string> = new ListWatch<string>({
    client: api.client,
    path: '/api/v1/pods',
    digest: (raw) => (raw as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    onSync: (store) => changes.push(`sync ${[...store.keys()].join(',')}`),
    onChange: (type, key) => changes.push(`${type} ${key}`),
    onError: (err, failing) => {
      errors.push({ ...failing });
      o.onError?.(w, err, failing);
    },
    log: silentLogger,
    requestTimeoutMs: 1_000,
    inactivityMs: 60_000,
    backoff: STEADY,
    clock,
  });
  return { clock, api, changes, errors, w };
}

describe('ListWatch owns the watch policy (manual clock)', () => {
  it('a failing list backs off 1, 2, 4 s on the injected clock, counts the run, and a success ends it', async () => {
    const { clock, api, errors, w } = setup();
    const refused = new Error('connect ECONNREFUSED');
    api.list = [refused, refused, refused, [pod('a')]];
    const t0 = clock.now();
    w.start();
    await clock.advance(10_000);
    expect(api.lists.map((t) => t - t0)).toEqual([0, 1_000, 3_000, 7_000]);
    expect(errors).toEqual([
      { since: t0, attempts: 1 },
      { since: t0, attempts: 2 },
      { since: t0, attempts: 3 },
    ]);
    expect(w.failure()).toBeUndefined();
    expect(w.synced).toBe(true);
    expect(api.open()).toHaveLength(1);
    w.stop();
  });

  it('stopped from inside onError (a 403): no retry is scheduled and nothing is asked again', async () => {
    const { clock, api, w } = setup({ onError: (lw) => lw.stop() });
    api.list = [new ApiError(403, 'forbidden')];
    w.start();
    await clock.advance(0);
    expect(api.lists).toHaveLength(1);
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    expect(api.lists).toHaveLength(1);
  });

  it('a 410 relists and reports each key that vanished as a delete, before the sync', async () => {
    const { clock, api, changes, w } = setup();
    api.list = [[pod('a'), pod('b'), pod('c')]];
    w.start();
    await clock.advance(0);
    changes.length = 0;
    api.list = [[pod('b', '12'), pod('d', '12')]];
    api.open()[0]!.h.onEnd(new ApiError(410, 'too old resource version'));
    await clock.advance(0);
    expect(changes).toEqual(['delete ns/a', 'delete ns/c', 'sync ns/b,ns/d']);
    expect([...w.items().keys()]).toEqual(['ns/b', 'ns/d']);
    expect(api.lists).toHaveLength(2);
    w.stop();
  });

  it('a broken stream re-watches from the last resourceVersion after a backoff, without a relist', async () => {
    const { clock, api, changes, errors, w } = setup();
    api.list = [[pod('a')]];
    w.start();
    await clock.advance(0);
    api.open()[0]!.h.onEvent({ type: 'MODIFIED', object: pod('a', '15') });
    api.open()[0]!.h.onEnd(new Error('read ECONNRESET'));
    await clock.advance(999);
    expect(api.streams).toHaveLength(1);
    await clock.advance(1);
    expect(api.streams).toHaveLength(2);
    expect(api.streams[1]!.url).toContain('resourceVersion=15');
    expect(api.lists).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(w.failure()).toBeUndefined(); // the new stream opened
    expect(changes).toContain('upsert ns/a');
    w.stop();
  });

  it('an ERROR event other than 410 ends the stream and re-watches after a backoff', async () => {
    const { clock, api, errors, w } = setup();
    api.list = [[pod('a')]];
    w.start();
    await clock.advance(0);
    api.open()[0]!.h.onEvent({ type: 'ERROR', object: { code: 500, message: 'etcd is busy' } });
    expect(api.open()).toHaveLength(0);
    expect(errors).toHaveLength(1);
    await clock.advance(1_000);
    expect(api.open()).toHaveLength(1);
    expect(api.lists).toHaveLength(1);
    w.stop();
  });

  it('a silent stream is re-opened after inactivityMs on the injected clock', async () => {
    const { clock, api, w } = setup();
    api.list = [[pod('a')]];
    w.start();
    await clock.advance(0);
    const first = api.open()[0]!;
    await clock.advance(59_999);
    expect(first.aborted).toBe(false);
    await clock.advance(1);
    expect(first.aborted).toBe(true);
    expect(api.open()).toHaveLength(1);
    w.stop();
    expect(clock.pending).toBe(0);
    expect(api.open()).toHaveLength(0);
  });

  it('stop while a retry waits clears it', async () => {
    const { clock, api, w } = setup();
    api.list = [new Error('connect ECONNREFUSED')];
    w.start();
    await clock.advance(0);
    expect(clock.pending).toBe(1);
    w.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    expect(api.lists).toHaveLength(1);
  });
});
