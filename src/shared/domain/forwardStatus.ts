import { z } from 'zod';
import { ForwardSpecSchema } from './forward';

/** Where a forward is in its life. */
export const ForwardStateSchema = z.enum(['Stopped', 'Starting', 'Active', 'Reconnecting', 'Failed']);
export type ForwardState = z.infer<typeof ForwardStateSchema>;

/**
 * Why a forward does not carry traffic (or its probe fails), told apart so the user knows
 * what to fix: the tunnel (kubectl), the app behind it, the workload, the cluster, the user's
 * permissions (403, a wait), or the forward itself (its Service or port does not exist: Edit).
 */
export const ForwardProblemSchema = z.enum([
  'tunnel-dead',
  'app-not-answering',
  'no-ready-pod',
  'cluster-down',
  'forbidden',
  'target-missing',
]);
export type ForwardProblem = z.infer<typeof ForwardProblemSchema>;

/** Traffic through the stable local port since the forward started. */
export const ForwardTrafficSchema = z.object({
  /** Bytes from local clients towards the pod. */
  bytesIn: z.number().int().min(0),
  /** Bytes from the pod back to local clients. */
  bytesOut: z.number().int().min(0),
  openConnections: z.number().int().min(0),
  totalConnections: z.number().int().min(0),
  /** Connections waiting for the tunnel to come back (held, not refused). */
  heldConnections: z.number().int().min(0),
});
export type ForwardTraffic = z.infer<typeof ForwardTrafficSchema>;

/** One point of a forward's traffic chart. */
export const ForwardSampleSchema = z.object({
  at: z.number(),
  bytesIn: z.number().int().min(0),
  bytesOut: z.number().int().min(0),
  openConnections: z.number().int().min(0),
});
export type ForwardSample = z.infer<typeof ForwardSampleSchema>;

/**
 * What carries a forward's bytes: the engine's own SPDY session inside a WebSocket
 * (`spdy-websocket`), over a raw SPDY upgrade (`spdy`), one legacy WebSocket per connection
 * (`websocket`), or a `kubectl port-forward` child (`kubectl`).
 */
export const ForwardProtocolSchema = z.enum(['spdy-websocket', 'spdy', 'websocket', 'kubectl']);
export type ForwardProtocol = z.infer<typeof ForwardProtocolSchema>;

/** A forward as the UI and the CLI see it: its spec and what the engine knows of it now. */
export const ForwardStatusSchema = z.object({
  spec: ForwardSpecSchema,
  state: ForwardStateSchema,
  /** Why it is Reconnecting or Failed (e.g. "waiting for cluster"); null otherwise. */
  reason: z.string().nullable(),
  problem: ForwardProblemSchema.nullable(),
  /** When the state last changed (ms since epoch). */
  since: z.number(),
  /** The local port actually listened on (resolves "auto"); null when stopped. */
  localPort: z.number().int().nullable(),
  /** The pod the tunnel currently goes to. */
  pod: z.string().nullable(),
  /** Tunnels brought up again since start (after kubectl exited, or to follow a new pod). */
  restarts: z.number().int().min(0),
  /**
   * The restart the forward is waiting to try, counted against `spec.restart.maxAttempts`
   * (never above it); 0 when it is not retrying on the restart policy's account.
   */
  attempt: z.number().int().min(0).default(0),
  /** When the troubled forward looks again on its own (ms since epoch); null when nothing is planned. */
  nextRetryAt: z.number().nullable().default(null),
  lastProbeAt: z.number().nullable(),
  traffic: ForwardTrafficSchema,
  /**
   * True when the forward's context is not in the user's kubeconfig (imported from another
   * machine): it is kept, and cannot start until it is mapped to one of the user's contexts.
   */
  contextMissing: z.boolean().optional(),
  /** What carries the bytes of the tunnel that is up; null while no tunnel is up (absent from older engines). */
  protocol: ForwardProtocolSchema.nullable().optional(),
  /**
   * Why the tunnel is not on the best protocol: each better one that was refused, in the
   * server's words ("SPDY over WebSocket: … cannot get resource \"pods/portforward\" (403)").
   * Null on the best protocol, on kubectl and while no tunnel is up.
   */
  protocolNote: z.string().nullable().optional(),
  /**
   * The error text the pod's side sent for the last client connection that failed while the
   * forward ran ("connection refused" from the app's port…), and when: that connection alone
   * ended, the forward may well still be Active. Null when none since the forward started.
   */
  lastConnectionError: z.object({ message: z.string(), at: z.number() }).nullable().optional(),
});
export type ForwardStatus = z.infer<typeof ForwardStatusSchema>;
