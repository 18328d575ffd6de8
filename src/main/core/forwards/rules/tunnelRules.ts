// The rules for the tunnel's life: up, refused at start, or ended on its own. Failures count
// against the restart policy; a pod that went away or an app that refuses does not.
import { restartDecision, STABLE_TUNNEL_MS } from './restartPolicy';
import type { ForwardEffect, ForwardEvent } from './rulesEvents';
import { lookIn, patched, type RulesConfig, type RulesState, type Transition } from './rulesState';

/** The tunnel is up: Active, clients routed to it, probed at once; a restart counted if it is one. */
export function onTunnelUp(
  s: RulesState,
  e: Extract<ForwardEvent, { type: 'tunnel-up' }>,
  now: number,
): Transition {
  const tunnel = { pod: e.pod, port: e.port, startedAt: now };
  // Counted when it happens, so a forward that gave up shows no restart it never made.
  const restarts = s.restarts + (s.everUp ? 1 : 0);
  const effects: ForwardEffect[] = [{ type: 'use-tunnel' }, { type: 'probe', inMs: 0 }];
  // A known dead app stays reported until a probe gets through.
  if (s.problem === 'app-not-answering')
    return patched(s, { state: 'Active', tunnel, restarts, everUp: true, nextRetryAt: null }, effects);
  return patched(
    s,
    { state: 'Active', reason: null, problem: null, tunnel, restarts, everUp: true, nextRetryAt: null },
    effects,
  );
}

/** The tunnel did not come up: a failure on the restart policy's account, or RBAC to wait for. */
export function onTunnelStartFailed(
  s: RulesState,
  e: Extract<ForwardEvent, { type: 'tunnel-start-failed' }>,
  now: number,
  c: RulesConfig,
): Transition {
  const why = e.native ? e.message : `kubectl: ${e.message}`;
  if (!e.forbidden) return tunnelFailed(s, why, now, c, []);
  // Like a target the user may not read: look again, until someone grants the verb.
  const next = lookIn(now, c.waitMs);
  return patched(
    s,
    { state: 'Reconnecting', reason: why, problem: 'forbidden', nextRetryAt: next.nextRetryAt },
    [next.effect],
  );
}

/** The tunnel ended on its own: follow the pod, wait for the cluster, bring it back, or give up. */
export function onTunnelExited(
  s: RulesState,
  e: Extract<ForwardEvent, { type: 'tunnel-exited' }>,
  now: number,
  c: RulesConfig,
): Transition {
  const t = s.tunnel;
  if (!t) return { state: s, effects: [] };
  const lived = now - t.startedAt >= STABLE_TUNNEL_MS;
  const base: RulesState = { ...s, tunnel: null, failures: lived ? 0 : s.failures };
  const hold: ForwardEffect = { type: 'hold-clients' };
  // The pod is gone or not serving: that is a re-target, not a failure.
  if (!e.podServing) {
    return patched(
      base,
      { state: 'Reconnecting', reason: `pod ${t.pod} went away`, problem: null, nextRetryAt: null },
      [hold, { type: 'look' }],
    );
  }
  // Shows "waiting for cluster"; no attempt counted.
  if (e.clusterUnhealthy) return { state: base, effects: [hold, { type: 'look' }] };
  // A native tunnel outlives a refused connection (only that connection ends), so its exit is
  // never the app's doing: an error text an earlier connection got is not why it ended.
  if (e.appRefused && !e.native) {
    // kubectl quits when the pod's port refuses a connection: the app is down, not the
    // tunnel. Bring kubectl back (slower each time) but never give up on the app's account.
    const appExits = s.appExits + 1;
    const d = restartDecision({ ...c.restart, enabled: true, maxAttempts: 100 }, Math.min(appExits, 100));
    const delay = d.restart ? d.delayMs : c.restart.maxDelayMs;
    return patched(
      base,
      {
        appExits,
        state: 'Reconnecting',
        reason: `the app in pod ${t.pod} refused the connection`,
        problem: 'app-not-answering',
        nextRetryAt: now + delay,
      },
      [hold, { type: 'look-at', at: now + delay }],
    );
  }
  const ended = e.native ? 'the tunnel closed' : 'kubectl exited';
  return tunnelFailed(base, `${ended}: ${e.message}`, now, c, [hold]);
}

/** A tunnel that failed (kubectl would not start, or exited on its own): retry on the policy, or give up. */
function tunnelFailed(
  s: RulesState,
  why: string,
  now: number,
  c: RulesConfig,
  effects: ForwardEffect[],
): Transition {
  const failures = s.failures + 1;
  const d = restartDecision(c.restart, failures);
  if (!d.restart) {
    return patched(
      s,
      {
        // The attempts shown never pass the policy's limit.
        failures: Math.min(failures, c.restart.maxAttempts),
        state: 'Failed',
        reason: `${why} (${d.why})`,
        problem: 'tunnel-dead',
        nextRetryAt: null,
      },
      [
        ...effects,
        ...(effects.some((x) => x.type === 'hold-clients') ? [] : [{ type: 'hold-clients' } as const]),
        { type: 'drop-held' },
      ],
    );
  }
  return patched(
    s,
    { failures, state: 'Reconnecting', reason: why, problem: 'tunnel-dead', nextRetryAt: now + d.delayMs },
    [...effects, { type: 'look-at', at: now + d.delayMs }],
  );
}
