import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../kube/apiClient';
import { silentLogger } from '../app/log';
import { ListWatch } from './listWatch';

/**
 * A client whose list answers and stream opens are released by the test, so it can call
 * rewatch() at the awkward moments. The real API server path is in test/integration/informer.
 */
function fakeClient() {
  const lists: (() => void)[] = [];
  const opens: (() => void)[] = [];
  const streams: { path: string; aborted: boolean }[] = [];
  const client = {
    getJson: (path: string) =>
      new Promise((resolve) =>
        lists.push(() =>
          resolve({
            metadata: { resourceVersion: '7' },
            items: [{ metadata: { name: path.length ? 'a' : '' } }],
          }),
        ),
      ),
    openStream: (path: string, h: { onOpen(): void }) =>
      new Promise<() => void>((resolve) =>
        opens.push(() => {
          const s = { path, aborted: false };
          streams.push(s);
          h.onOpen();
          resolve(() => void (s.aborted = true));
        }),
      ),
  };
  return { client: client as unknown as ApiClient, lists, opens, streams };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function informer(client: ApiClient) {
  return new ListWatch<string>({
    client,
    path: '/api/v1/pods',
    digest: () => 'x',
    onSync: () => {},
    onChange: () => {},
    onError: () => {},
    log: silentLogger,
    requestTimeoutMs: 1000,
  });
}

describe('ListWatch never runs two streams', () => {
  it('a rewatch during the list is a no-op: one list, then one watch', async () => {
    const f = fakeClient();
    const w = informer(f.client);
    w.start();
    await tick();
    w.rewatch('API answering again');
    await tick();
    expect(f.lists).toHaveLength(1);
    f.lists[0]!();
    await tick();
    expect(f.opens).toHaveLength(1);
    f.opens[0]!();
    await tick();
    expect(f.streams.filter((s) => !s.aborted)).toHaveLength(1);
    expect(w.requests).toBe(2);
    w.stop();
  });

  it('a rewatch while a watch is still opening leaves only the newer stream', async () => {
    const f = fakeClient();
    const w = informer(f.client);
    w.start();
    await tick();
    f.lists[0]!();
    await tick();
    w.rewatch('woke up'); // the first open has not answered yet
    await tick();
    expect(f.opens).toHaveLength(2);
    f.opens[1]!();
    f.opens[0]!(); // the stale open answers last
    await tick();
    expect(f.streams.filter((s) => !s.aborted)).toHaveLength(1);
    expect(w.watching).toBe(true);
    w.rewatch('probe doubted the stream');
    await tick();
    f.opens[2]!();
    await tick();
    expect(f.streams.filter((s) => !s.aborted)).toHaveLength(1);
    expect(f.streams.at(-1)!.aborted).toBe(false);
    w.stop();
    expect(f.streams.every((s) => s.aborted)).toBe(true);
  });
});
