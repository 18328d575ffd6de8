import { create } from 'zustand';
import type { ProvisioningContext, ProvisioningUpdate, TetherClient } from '../../shared/contract';
import type { ProvisioningSnapshot } from '../../shared/domain/provisioning';
import { createBatcher } from './batch';

/** How often the page re-reads the engine's provisioning snapshots (an in-memory read there). */
export const PROVISIONING_POLL_MS = 2000;

interface ProvisioningState {
  status: 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** One entry per monitored context, available or not (with the reason). */
  contexts: ProvisioningContext[];
}

/** Provisioning progress as the engine reports it; written only from contract replies and events. */
export const useProvisioningStore = create<ProvisioningState>(() => ({
  status: 'loading',
  error: undefined,
  contexts: [],
}));

/** The key that names one tracked object across snapshots. */
export const snapshotKey = (s: Pick<ProvisioningSnapshot, 'context' | 'kind' | 'namespace' | 'name'>) =>
  `${s.context}|${s.kind}|${s.namespace}/${s.name}`;

/** Puts newer snapshots (from subscription updates) over the listed ones, in one write. */
function mergeSnapshots(updates: Iterable<ProvisioningSnapshot>): void {
  const byKey = new Map([...updates].map((s) => [snapshotKey(s), s]));
  useProvisioningStore.setState((st) => ({
    contexts: st.contexts.map((c) => ({
      ...c,
      items: c.items.map((i) => {
        const u = byKey.get(snapshotKey(i));
        return u && u.observedAt >= i.observedAt ? u : i;
      }),
    })),
  }));
}

/**
 * Reads `provisioning:list` now and every PROVISIONING_POLL_MS (one request in flight at a
 * time; an unchanged answer writes nothing, so nothing re-renders), and folds in any
 * `provisioning:changed` updates (coalesced). Returns the stop function.
 */
export function bindProvisioning(client: TetherClient, pollMs = PROVISIONING_POLL_MS): () => void {
  let last = '';
  let inFlight = false;
  let stopped = false;
  const load = () => {
    if (inFlight || stopped) return;
    inFlight = true;
    client
      .invoke('provisioning:list', {})
      .then(
        ({ contexts }) => {
          const text = JSON.stringify(contexts);
          if (text === last && useProvisioningStore.getState().status === 'ready') return;
          last = text;
          useProvisioningStore.setState({ status: 'ready', error: undefined, contexts });
        },
        (err: unknown) =>
          useProvisioningStore.setState({
            status: 'error',
            error: err instanceof Error ? err.message : String(err),
          }),
      )
      .finally(() => (inFlight = false));
  };
  const batch = createBatcher<string, ProvisioningUpdate>((items) =>
    mergeSnapshots([...items.values()].map((u) => u.snapshot)),
  );
  const off = client.on('provisioning:changed', (u) => batch.push(snapshotKey(u.snapshot), u));
  load();
  const timer = setInterval(load, pollMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    off();
    batch.cancel();
  };
}
