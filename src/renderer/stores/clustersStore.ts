import { create } from 'zustand';
import type { ClusterList, TetherClient } from '../../shared/contract';
import type { ClusterSummary } from '../../shared/domain/health';
import { createBatcher } from './batch';

/** How many latency points a row's sparkline keeps. */
export const SPARK_POINTS = 30;

interface ClustersState {
  status: 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** Contexts the user monitors, in the engine's order. */
  monitored: string[];
  /** Why a wanted context has no monitor, by context. */
  problems: Record<string, string>;
  byContext: Record<string, ClusterSummary>;
  /** Recent probe latencies per context, oldest first, capped at SPARK_POINTS. */
  latency: Record<string, number[]>;
  /** Contexts whose monitor switch is being flipped (the switch shows it is busy). */
  pending: Record<string, boolean>;
  /** The last failed action, shown until the next one succeeds. */
  actionError: string | undefined;
}

const initial = (): ClustersState => ({
  status: 'loading',
  error: undefined,
  monitored: [],
  problems: {},
  byContext: {},
  latency: {},
  pending: {},
  actionError: undefined,
});

/** Cluster health as the engine reports it; written only from contract replies and events. */
export const useClustersStore = create<ClustersState>(initial);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function appendLatency(
  series: number[] | undefined,
  value: number | null,
  lastCheck: number | null,
  prev?: ClusterSummary,
) {
  // One point per check: an event that repeats the same check adds nothing.
  if (value === null || (prev && prev.lastCheckAt === lastCheck)) return series ?? [];
  return [...(series ?? []), value].slice(-SPARK_POINTS);
}

/** Merges summaries into the store in one write. */
export function applySummaries(summaries: Iterable<ClusterSummary>): void {
  useClustersStore.setState((s) => {
    const byContext = { ...s.byContext };
    const latency = { ...s.latency };
    for (const c of summaries) {
      latency[c.context] = appendLatency(
        latency[c.context],
        c.latencyMs,
        c.lastCheckAt,
        byContext[c.context],
      );
      byContext[c.context] = c;
    }
    return { byContext, latency };
  });
}

/** Replaces the list (monitored set, problems, summaries) from a `clusters:list`-shaped reply. */
export function applyList(list: ClusterList): void {
  const keep = new Set(list.monitored);
  useClustersStore.setState((s) => ({
    status: 'ready',
    error: undefined,
    monitored: list.monitored,
    problems: Object.fromEntries(list.problems.map((p) => [p.context, p.message])),
    // A context no longer monitored loses its summary (its monitor is gone).
    byContext: Object.fromEntries(Object.entries(s.byContext).filter(([k]) => keep.has(k))),
  }));
  applySummaries(list.clusters.filter((c) => keep.has(c.context)));
}

/** Seeds a sparkline from the engine's history so it is not empty after opening. */
async function seedLatency(client: TetherClient, context: string): Promise<void> {
  const { samples } = await client.invoke('clusters:history', { context });
  const points = samples.flatMap((x) => (x.latencyMs === null ? [] : [x.latencyMs])).slice(-SPARK_POINTS);
  useClustersStore.setState((s) => ({
    latency: { ...s.latency, [context]: [...points, ...(s.latency[context] ?? [])].slice(-SPARK_POINTS) },
  }));
}

/**
 * Loads the list and follows `clusters:changed` (coalesced to one store write per 50 ms) and
 * `contexts:changed` (the monitored set may change with the kubeconfig). Returns the unsubscribe.
 */
export function bindClusters(client: TetherClient): () => void {
  const batch = createBatcher<string, ClusterSummary>((items) => {
    const monitored = new Set(useClustersStore.getState().monitored);
    // A late event for a context just switched off must not bring its row back.
    applySummaries([...items.values()].filter((c) => monitored.has(c.context)));
  });
  const offChanged = client.on('clusters:changed', (s) => batch.push(s.context, s));
  const reload = () =>
    client.invoke('clusters:list', {}).then(
      (list) => {
        applyList(list);
        for (const c of list.monitored) void seedLatency(client, c).catch(() => undefined);
      },
      (err: unknown) => useClustersStore.setState({ status: 'error', error: message(err) }),
    );
  const offContexts = client.on('contexts:changed', () => void reload());
  // Another client switched a context on or off: the same list, so this window agrees.
  const offMonitored = client.on('clusters:monitored', (list) => {
    const known = useClustersStore.getState().monitored;
    applyList(list);
    for (const c of list.monitored)
      if (!known.includes(c)) void seedLatency(client, c).catch(() => undefined);
  });
  void reload();
  return () => {
    offChanged();
    offContexts();
    offMonitored();
    batch.cancel();
  };
}

/** Switches monitoring of one context on or off. */
export async function setMonitored(client: TetherClient, context: string, enabled: boolean): Promise<void> {
  useClustersStore.setState((s) => ({ pending: { ...s.pending, [context]: true } }));
  try {
    applyList(await client.invoke('clusters:monitor', { context, enabled }));
    useClustersStore.setState({ actionError: undefined });
  } catch (err) {
    useClustersStore.setState({ actionError: message(err) });
  } finally {
    useClustersStore.setState((s) => {
      const pending = { ...s.pending };
      delete pending[context];
      return { pending };
    });
  }
}

/** Asks the engine to check now (one context, or all); the answer updates the rows. */
export async function recheck(client: TetherClient, context?: string): Promise<void> {
  try {
    const { clusters } = await client.invoke('clusters:recheck', context ? { context } : {});
    applySummaries(clusters);
    useClustersStore.setState({ actionError: undefined });
  } catch (err) {
    useClustersStore.setState({ actionError: message(err) });
  }
}

/** Back to the first state (tests). */
export function resetClustersStore(): void {
  useClustersStore.setState(initial(), true);
}
