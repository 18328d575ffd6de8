import { create } from 'zustand';
import type { ForwardStatus, TetherClient } from '../../shared/contract';
import { createBatcher } from './batch';

/** Traffic points a forward's sparkline keeps. */
export const TRAFFIC_POINTS = 30;

interface ForwardsState {
  status: 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** Forward ids in the engine's order (stable: rows never jump). */
  order: string[];
  byId: Record<string, ForwardStatus>;
  /** Cumulative bytes (in + out) per sample, oldest first; the sparkline draws the differences. */
  traffic: Record<string, number[]>;
  /** Forwards with a start/stop/delete in flight. */
  pending: Record<string, boolean>;
  actionError: string | undefined;
}

const initial = (): ForwardsState => ({
  status: 'loading',
  error: undefined,
  order: [],
  byId: {},
  traffic: {},
  pending: {},
  actionError: undefined,
});

/** Port-forwards as the engine reports them; written only from contract replies and events. */
export const useForwardsStore = create<ForwardsState>(initial);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const total = (s: ForwardStatus) => s.traffic.bytesIn + s.traffic.bytesOut;

/** Merges statuses (null = deleted) into the store in one write. */
export function applyForwards(changes: Iterable<[string, ForwardStatus | null]>): void {
  useForwardsStore.setState((s) => {
    const byId = { ...s.byId };
    const traffic = { ...s.traffic };
    let order = s.order;
    for (const [id, status] of changes) {
      if (!status) {
        delete byId[id];
        delete traffic[id];
        order = order.filter((o) => o !== id);
        continue;
      }
      if (!byId[id]) order = [...order, id];
      const series = traffic[id] ?? [];
      if (series.at(-1) !== total(status)) traffic[id] = [...series, total(status)].slice(-TRAFFIC_POINTS);
      byId[id] = status;
    }
    return { byId, traffic, order };
  });
}

/** Bytes moved per interval, from cumulative totals (a restart of the counters reads as 0). */
export function trafficDeltas(series: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < series.length; i++) out.push(Math.max(0, series[i]! - series[i - 1]!));
  return out;
}

/** Loads the list and follows `forwards:changed` (coalesced). Returns the unsubscribe. */
export function bindForwards(client: TetherClient): () => void {
  const batch = createBatcher<string, ForwardStatus | null>((items) => applyForwards(items));
  const off = client.on('forwards:changed', ({ id, status }) => batch.push(id, status));
  client.invoke('forwards:list', {}).then(
    ({ forwards }) => {
      // applyForwards appends ids it has not seen, in the engine's order (setting `order` here
      // as well listed every forward twice).
      useForwardsStore.setState({ status: 'ready', error: undefined });
      applyForwards(forwards.map((f) => [f.spec.id, f]));
      for (const f of forwards) {
        void client.invoke('forwards:samples', { id: f.spec.id }).then(
          ({ samples }) =>
            useForwardsStore.setState((s) => ({
              traffic: {
                ...s.traffic,
                [f.spec.id]: [
                  ...samples.map((x) => x.bytesIn + x.bytesOut),
                  ...(s.traffic[f.spec.id] ?? []),
                ].slice(-TRAFFIC_POINTS),
              },
            })),
          () => undefined,
        );
      }
    },
    (err: unknown) => useForwardsStore.setState({ status: 'error', error: message(err) }),
  );
  return () => {
    off();
    batch.cancel();
  };
}

async function act(id: string, run: () => Promise<void>): Promise<void> {
  useForwardsStore.setState((s) => ({ pending: { ...s.pending, [id]: true } }));
  try {
    await run();
    useForwardsStore.setState({ actionError: undefined });
  } catch (err) {
    useForwardsStore.setState({ actionError: message(err) });
  } finally {
    useForwardsStore.setState((s) => {
      const pending = { ...s.pending };
      delete pending[id];
      return { pending };
    });
  }
}

/** Starts or stops one forward; the reply (and later events) update its row. */
export const setForwardRunning = (client: TetherClient, id: string, on: boolean) =>
  act(id, async () => {
    const status = await client.invoke(on ? 'forwards:start' : 'forwards:stop', { id });
    applyForwards([[id, status]]);
  });

/** A troubled forward tries again at once. */
export const retryForward = (client: TetherClient, id: string) =>
  act(id, async () => {
    applyForwards([[id, await client.invoke('forwards:retry', { id })]]);
  });

/** Deletes one forward. */
export const deleteForward = (client: TetherClient, id: string) =>
  act(id, async () => {
    await client.invoke('forwards:delete', { id });
    applyForwards([[id, null]]);
  });

/** Starts every enabled forward; names the ones that could not start. */
export const startAll = (client: TetherClient) =>
  act('*', async () => {
    const r = await client.invoke('forwards:startAll', {});
    applyForwards(r.forwards.map((f) => [f.spec.id, f]));
    if (r.errors.length) throw new Error(r.errors.map((e) => `${e.id}: ${e.message}`).join('; '));
  });

/** Stops every forward. */
export const stopAll = (client: TetherClient) =>
  act('*', async () => {
    const r = await client.invoke('forwards:stopAll', {});
    applyForwards(r.forwards.map((f) => [f.spec.id, f]));
  });

/** Back to the first state (tests). */
export function resetForwardsStore(): void {
  useForwardsStore.setState(initial(), true);
}
