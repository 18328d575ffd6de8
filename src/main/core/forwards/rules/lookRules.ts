// The rules for what a look at the cluster found: the cluster down, the context unusable, the
// target resolved to a pod and port or not, and the pod informer's news between looks.
import type { ForwardProblem } from '../../../../shared/contract';
import type { ForwardEffect, ForwardEvent } from './rulesEvents';
import { lookIn, patched, unchanged, type RulesConfig, type RulesState, type Transition } from './rulesState';

type Event<T extends ForwardEvent['type']> = Extract<ForwardEvent, { type: T }>;

/** Problems that mean "waiting for something", which a live tunnel to the right pod clears. */
const WAITING: ReadonlySet<ForwardProblem | null> = new Set<ForwardProblem | null>([
  'cluster-down',
  'no-ready-pod',
  'forbidden',
  'target-missing',
]);

/** A look found the cluster Unhealthy: no restart storm into a dead cluster. */
export function onClusterUnhealthy(s: RulesState, now: number, c: RulesConfig): Transition {
  const next = lookIn(now, c.clusterPollMs);
  // A tunnel that carries traffic is kept; a missing target stays Failed until it is seen.
  if (s.tunnel) return patched(s, {}, [next.effect]);
  if (s.state === 'Failed') {
    const watch = lookIn(now, c.watchMs);
    return patched(s, { nextRetryAt: watch.nextRetryAt }, [watch.effect]);
  }
  return patched(
    s,
    {
      state: 'Reconnecting',
      reason: `waiting for cluster ${c.context}`,
      problem: 'cluster-down',
      nextRetryAt: next.nextRetryAt,
    },
    [{ type: 'hold-clients' }, next.effect],
  );
}

/** The context cannot be used at all: Failed with its reason, clients refused, no look planned. */
export function onContextUnusable(s: RulesState, e: Event<'context-unusable'>): Transition {
  return patched(s, { state: 'Failed', reason: e.message, nextRetryAt: null }, [
    { type: 'hold-clients' },
    { type: 'drop-held' },
  ]);
}

/** The target resolved to a pod and port: keep the tunnel that goes there, else start one. */
export function onResolved(s: RulesState, e: Event<'resolved'>): Transition {
  const t = s.tunnel;
  if (t && e.tunnelAlive && t.pod === e.pod && t.port === e.port) {
    if (s.state !== 'Active' || WAITING.has(s.problem))
      return patched(s, { state: 'Active', reason: null, problem: null, nextRetryAt: null });
    return patched(s, { nextRetryAt: null });
  }
  const effects: ForwardEffect[] = [
    { type: 'hold-clients' },
    { type: 'start-tunnel', pod: e.pod, port: e.port },
  ];
  if (s.state === 'Starting') return patched(s, { nextRetryAt: null }, effects);
  return patched(
    s,
    {
      state: 'Reconnecting',
      reason: `${t !== null ? 'switching' : 'connecting'} to pod ${e.pod}`,
      nextRetryAt: null,
    },
    effects,
  );
}

/** The target could not be resolved: wait for it, or fail (and watch) when it does not exist. */
export function onUnresolved(s: RulesState, e: Event<'unresolved'>, now: number, c: RulesConfig): Transition {
  // A slow API must not kill a tunnel that carries traffic.
  if (s.tunnel && e.why === 'cluster-down') return patched(s, {}, [lookIn(now, c.clusterPollMs).effect]);
  const effects: ForwardEffect[] = s.tunnel ? [{ type: 'retire-tunnel' }] : [];
  if (e.why === 'target-missing') {
    // A configuration error, but GitOps may create the Service late: keep looking.
    const next = lookIn(now, c.watchMs);
    return patched(
      s,
      {
        state: 'Failed',
        reason: e.message,
        problem: 'target-missing',
        tunnel: null,
        nextRetryAt: next.nextRetryAt,
      },
      [...effects, { type: 'hold-clients' }, { type: 'drop-held' }, next.effect],
    );
  }
  const next = lookIn(now, e.why === 'cluster-down' ? c.clusterPollMs : c.waitMs);
  return patched(
    s,
    {
      state: 'Reconnecting',
      reason: e.why === 'cluster-down' ? `waiting for cluster: ${e.message}` : e.message,
      problem: e.why,
      tunnel: null,
      nextRetryAt: next.nextRetryAt,
    },
    [...effects, { type: 'hold-clients' }, next.effect],
  );
}

/**
 * The pod informer saw changes: look at once when the tunnel's pod stopped serving, or when a
 * forward waiting for a ready pod now has one; otherwise the planned look is soon enough.
 */
export function onPodsChanged(s: RulesState, e: Event<'pods-changed'>): Transition {
  if (s.state === 'Failed') return unchanged(s);
  if (e.tunnelPodServing !== null)
    return e.tunnelPodServing ? unchanged(s) : patched(s, {}, [{ type: 'look' }]);
  if (s.problem === 'no-ready-pod' && e.anyMatchingServing) return patched(s, {}, [{ type: 'look' }]);
  return unchanged(s);
}
