import {
  ContractError,
  createClient,
  type CommandName,
  type CommandResponse,
  type EventName,
  type EventPayload,
  type ParsedRequest,
  type TetherClient,
} from '../../shared/contract';
import type { ClusterSummary, PodSummary } from '../../shared/domain/health';

type FakeHandlers = {
  [C in CommandName]?: (req: ParsedRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>>;
};

/**
 * A stand-in engine for renderer tests and the filter benchmark: the page's real typed client
 * (request and reply validation included) over a transport that answers from `handlers` and
 * can push events. A command without a handler replies not-found, as the engine would.
 */
export function fakeEngine(handlers: FakeHandlers = {}) {
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  const calls: { channel: string; payload: unknown }[] = [];
  const client: TetherClient = createClient({
    async invoke(channel, payload) {
      calls.push({ channel, payload });
      const h = handlers[channel as CommandName] as ((req: unknown) => unknown) | undefined;
      try {
        if (!h) throw new ContractError('not-found', `fake engine: no handler for ${channel}`);
        return { ok: true, value: await h(payload) };
      } catch (err) {
        const e = err instanceof ContractError ? err : new ContractError('internal', String(err));
        return { ok: false, error: e.toShape() };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    client,
    handlers,
    calls,
    /** Pushes an event as the engine would. */
    emit<E extends EventName>(channel: E, payload: EventPayload<E>) {
      for (const l of listeners) l(channel, payload);
    },
  };
}

/** A cluster summary with sensible defaults for tests. */
export function summary(context: string, patch: Partial<ClusterSummary> = {}): ClusterSummary {
  const now = Date.now();
  return {
    context,
    state: 'Healthy',
    reasons: [],
    connectivity: 'ok',
    lastCheckAt: now - 3000,
    lastSuccessAt: now - 3000,
    latencyMs: 12,
    nodes: { total: 3, ready: 3, notReady: 0, pressure: 0 },
    pods: { total: 10, running: 10, ready: 10, pending: 0, failed: 0, crashLooping: 0, restarts: 0 },
    warningsLast5m: 0,
    disabledChecks: [],
    nextCheckAt: now + 10_000,
    ...patch,
  };
}

/** A pod with sensible defaults for tests and benchmarks. */
export function pod(namespace: string, name: string, patch: Partial<PodSummary> = {}): PodSummary {
  return {
    namespace,
    name,
    phase: 'Running',
    ready: '1/1',
    status: patch.reason ?? patch.phase ?? 'Running',
    restarts: 0,
    lastRestartAt: null,
    ip: null,
    nominatedNode: null,
    readinessGates: null,
    createdAt: Date.now() - 3_600_000,
    startedAt: Date.now() - 3_600_000,
    node: 'node-0',
    reason: null,
    message: null,
    containers: [
      {
        name: 'main',
        init: false,
        ready: true,
        restartCount: 0,
        state: 'running',
        reason: null,
        message: null,
        exitCode: null,
        lastState: null,
      },
    ],
    ...patch,
  };
}
