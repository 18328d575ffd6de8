// What clients see of a forward: its status as the contract carries it, nothing secret in it.
import type { ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { maskSpec } from '../../../shared/logic/forwards/headerMask';
import { redactSecrets } from '../../../shared/logic/text/redact';
import { retryAttempt, type RulesState } from './rules/rulesState';

/** What the Forward itself knows beside its rules' state. */
export interface ForwardView {
  since: number;
  localPort: number | null;
  /** The tunnel clients use now: its pod and protocol. */
  tunnel:
    | { pod: string; dialer: { protocol: ForwardStatus['protocol'] }; passedOver?: string | undefined }
    | undefined;
  lastProbeAt: number | null;
  /** The listener's counters; undefined when there was never one. */
  traffic: ForwardStatus['traffic'] | undefined;
  /** The server's error text for the last connection that failed, and when; null when none. */
  lastConnectionError: { message: string; at: number } | null;
}

/** A forward's status from its spec, its rules' state and what the Forward knows. */
export function forwardStatus(spec: ForwardSpec, r: RulesState, v: ForwardView): ForwardStatus {
  return {
    // Probe header values may hold secrets: clients see them masked, the probe uses the spec.
    spec: maskSpec(spec),
    state: r.state,
    // kubectl's stderr and probe errors end up here: no credential leaves the engine in one.
    reason: r.reason === null ? null : redactSecrets(r.reason),
    problem: r.problem,
    since: v.since,
    localPort: v.localPort,
    pod: v.tunnel?.pod ?? null,
    protocol: v.tunnel?.dialer.protocol ?? null,
    // API server refusals quote the user's name and the request: redacted like every reason.
    protocolNote: v.tunnel?.passedOver ? redactSecrets(v.tunnel.passedOver) : null,
    restarts: r.restarts,
    attempt: retryAttempt(r, spec.restart)?.attempt ?? 0,
    nextRetryAt: r.nextRetryAt,
    lastProbeAt: v.lastProbeAt,
    lastConnectionError: v.lastConnectionError && {
      message: redactSecrets(v.lastConnectionError.message),
      at: v.lastConnectionError.at,
    },
    traffic: v.traffic ?? {
      bytesIn: 0,
      bytesOut: 0,
      openConnections: 0,
      totalConnections: 0,
      heldConnections: 0,
    },
  };
}
