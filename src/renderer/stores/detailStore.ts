import { create } from 'zustand';
import type { ListStatus, PodLogs, TetherClient } from '../../shared/contract';
import type { EventSummary, HistorySample, PodSummary } from '../../shared/domain/health';

/** A value fetched from the engine: what the view shows while loading, on error, and after. */
export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | undefined;
  error: string | undefined;
  /** The context (and object) the data belongs to, so a view never shows another cluster's. */
  key: string | undefined;
}

const idle = <T>(): Loadable<T> => ({ status: 'idle', data: undefined, error: undefined, key: undefined });

interface DetailState {
  pods: Loadable<{ total: number; items: PodSummary[]; status: ListStatus }>;
  events: Loadable<{ items: EventSummary[]; status: ListStatus }>;
  history: Loadable<HistorySample[]>;
  pod: Loadable<{ pod: PodSummary | null; events: EventSummary[] }>;
  /** The open pod's last lines: loaded only when the user asks, never refreshed on its own. */
  logs: Loadable<PodLogs>;
}

/** The open cluster's pods, events and history, and the open pod; written only from replies. */
export const useDetailStore = create<DetailState>(() => ({
  pods: idle(),
  events: idle(),
  history: idle(),
  pod: idle(),
  logs: idle(),
}));

/** The most pods one page holds; the list filters them locally with the engine's own rules. */
export const POD_LIMIT = 10_000;

type Slot = keyof DetailState;

/**
 * Loads one slot. A refresh of the same key keeps the shown data (no flash of "loading"),
 * and a reply for a key that is no longer current is dropped.
 */
async function load<S extends Slot>(slot: S, key: string, fetch: () => Promise<DetailState[S]['data']>) {
  useDetailStore.setState((s) => {
    const same = s[slot].key === key && s[slot].data !== undefined;
    return {
      [slot]: { ...s[slot], key, status: same ? s[slot].status : 'loading', error: undefined },
    } as Partial<DetailState>;
  });
  try {
    const data = await fetch();
    if (useDetailStore.getState()[slot].key !== key) return;
    useDetailStore.setState({
      [slot]: { status: 'ready', data, error: undefined, key },
    } as Partial<DetailState>);
  } catch (err) {
    if (useDetailStore.getState()[slot].key !== key) return;
    const error = err instanceof Error ? err.message : String(err);
    useDetailStore.setState(
      (s) => ({ [slot]: { ...s[slot], status: 'error', error, key } }) as Partial<DetailState>,
    );
  }
}

/** Every pod of a context (up to POD_LIMIT), problem pods first. */
export const loadPods = (client: TetherClient, context: string) =>
  load('pods', context, () => client.invoke('clusters:pods', { context, offset: 0, limit: POD_LIMIT }));

/** The context's recent events. */
export const loadEvents = (client: TetherClient, context: string) =>
  load('events', context, () => client.invoke('clusters:events', { context, limit: 1000 }));

/** The context's history samples. */
export const loadHistory = (client: TetherClient, context: string) =>
  load('history', context, async () => (await client.invoke('clusters:history', { context })).samples);

/** One pod with its events. */
export const loadPod = (client: TetherClient, context: string, namespace: string, name: string) =>
  load('pod', `${context}/${namespace}/${name}`, () =>
    client.invoke('clusters:pod', { context, namespace, name }),
  );

/** Which run of which container to read; unset: the one the engine picks (the failing one). */
export interface LogChoice {
  container?: string;
  previous?: boolean;
}

/** The store key of one log read: the pod, and the container and run asked for. */
export const logsKey = (context: string, namespace: string, name: string, c: LogChoice = {}) =>
  `${context}/${namespace}/${name}|${c.container ?? ''}|${c.previous === undefined ? '' : String(c.previous)}`;

/** One pod's last lines, read once (a button press; nothing polls it). */
export const loadPodLogs = (
  client: TetherClient,
  context: string,
  namespace: string,
  name: string,
  choice: LogChoice = {},
) =>
  load('logs', logsKey(context, namespace, name, choice), () =>
    client.invoke('clusters:podLogs', { context, namespace, name, ...choice }),
  );

/** Back to the first state (tests). */
export function resetDetailStore(): void {
  useDetailStore.setState({ pods: idle(), events: idle(), history: idle(), pod: idle(), logs: idle() });
}
