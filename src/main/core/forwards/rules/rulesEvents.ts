// What can happen to a forward (the events its rules hear) and what the rules can ask of it
// (the effects Forward performs).

/** Why the target cannot be reached now (from resolving it against the API). */
export type Unresolved =
  | 'cluster-down' // the API did not answer
  | 'no-ready-pod' // nothing serves yet (0 pods, none ready, a named pod port missing)
  | 'forbidden' // 403: the user may not read what the target needs
  | 'target-missing'; // the Service does not exist, or does not expose the port

/** What happened to a forward. */
export type ForwardEvent =
  | { type: 'start' }
  | { type: 'stop'; why: string | null }
  /** A look found the cluster Unhealthy before asking the API. */
  | { type: 'cluster-unhealthy' }
  /** The context cannot be used at all (unknown, kubeconfig unreadable). */
  | { type: 'context-unusable'; message: string }
  /** A look found the pod and port to forward to; `tunnelAlive`: the current kubectl still runs. */
  | { type: 'resolved'; pod: string; port: number; tunnelAlive: boolean }
  | { type: 'unresolved'; why: Unresolved; message: string }
  | { type: 'tunnel-up'; pod: string; port: number }
  /**
   * The tunnel did not come up. `native`: the engine's own tunnel said why (not kubectl);
   * `forbidden`: RBAC refused every way in — a permission to wait for, not a failure to count.
   */
  | { type: 'tunnel-start-failed'; message: string; native?: boolean; forbidden?: boolean }
  /**
   * The current tunnel ended: kubectl exited, or the engine's own tunnel closed (`native`).
   * `podServing`: the pod it went to still serves; `appRefused`: the pod's port refused a
   * connection (the app is down, not the tunnel) — why kubectl quits, never why a native tunnel
   * ends.
   */
  | {
      type: 'tunnel-exited';
      message: string;
      podServing: boolean;
      clusterUnhealthy: boolean;
      appRefused: boolean;
      native?: boolean;
    }
  | { type: 'probe-ok' }
  | {
      type: 'probe-failed';
      problem: 'tunnel-dead' | 'app-not-answering';
      message: string;
      clusterUnhealthy: boolean;
      /** Failures in a row that count (the probe's failureThreshold). */
      threshold: number;
    }
  /**
   * The cluster's pods changed (a burst, coalesced), as the pod informer sees them.
   * `tunnelPodServing`: whether the current tunnel's pod still serves (null: no tunnel);
   * `anyMatchingServing`: whether some pod the target matches serves.
   */
  | { type: 'pods-changed'; tunnelPodServing: boolean | null; anyMatchingServing: boolean }
  /** The planned look is due. */
  | { type: 'retry-due' }
  /** The user asked to try again at once. */
  | { type: 'retry-now' }
  /** A look threw unexpectedly. */
  | { type: 'look-crashed' };

/** What Forward must do after an event. */
export type ForwardEffect =
  /** Look again now: cluster state, then resolve the target. */
  | { type: 'look' }
  /** Look again at `at` (replaces any planned look). */
  | { type: 'look-at'; at: number }
  /** New clients wait (held) instead of reaching the current tunnel. */
  | { type: 'hold-clients' }
  /** Clients waiting for a tunnel are refused: none is coming soon. */
  | { type: 'drop-held' }
  /** Clients go to the current tunnel. */
  | { type: 'use-tunnel' }
  | { type: 'start-tunnel'; pod: string; port: number }
  /** End the current tunnel in the background (its pod is going, or the target is gone). */
  | { type: 'retire-tunnel' }
  /** End the current kubectl now; its exit brings the next one. */
  | { type: 'kill-tunnel' }
  /** Probe through the tunnel after `inMs`. */
  | { type: 'probe'; inMs: number };
