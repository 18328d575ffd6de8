import type { ForwardProtocol } from '../../../../shared/contract';
import type { DialError, DialFailure } from './dialer';

/** The engine's own protocols, best first. */
export type NativeProtocol = Exclude<ForwardProtocol, 'kubectl'>;

/**
 * Best first: one multiplexed SPDY session inside a WebSocket (what API servers since 1.31
 * offer and what proxies pass), then the raw SPDY upgrade (older servers, proxies that break
 * WebSocket, RBAC granting `create` but not `get` on pods/portforward), then one legacy
 * WebSocket per connection (WebSocket-only proxies in front of older servers).
 */
export const NATIVE_PROTOCOLS: readonly NativeProtocol[] = ['spdy-websocket', 'spdy', 'websocket'];

/** What the status and errors call each protocol. */
export const PROTOCOL_NAMES: Readonly<Record<ForwardProtocol, string>> = {
  'spdy-websocket': 'SPDY over WebSocket',
  spdy: 'SPDY',
  websocket: 'WebSocket (v4)',
  kubectl: 'kubectl',
};

/** The order to try: the protocol that last worked on this cluster first, then the rest. */
export function protocolOrder(lastWorked: NativeProtocol | undefined): NativeProtocol[] {
  if (lastWorked === undefined) return [...NATIVE_PROTOCOLS];
  return [lastWorked, ...NATIVE_PROTOCOLS.filter((p) => p !== lastWorked)];
}

/**
 * Whether another protocol may succeed where this one failed. A refused upgrade (the server or a
 * proxy does not speak it, or RBAC grants the other verb) may; rejected credentials, a pod that
 * is gone, an unreachable or silent API server fail the same way for every protocol.
 */
export function worthAnotherProtocol(err: Pick<DialError, 'failure'>): boolean {
  return err.failure === 'protocol' || err.failure === 'forbidden';
}

/** One failed attempt, for the message when none worked. */
export interface ProtocolAttempt {
  protocol: ForwardProtocol;
  message: string;
  failure?: DialFailure;
}

/** RBAC refused every attempt (403 with the API server's reason): a permission, not a protocol, problem. */
export function allForbidden(attempts: readonly ProtocolAttempt[]): boolean {
  return attempts.length > 0 && attempts.every((a) => a.failure === 'forbidden');
}

/**
 * Every attempt in one sentence, so a user sees which protocol was refused and why. When RBAC
 * refused them all, the words they share ("may not port-forward to pod x (403)") come once,
 * first, and each protocol keeps only its own reason.
 */
export function attemptsMessage(attempts: readonly ProtocolAttempt[]): string {
  if (attempts.length === 1) return attempts[0]!.message;
  if (!allForbidden(attempts))
    return attempts.map((a) => `${PROTOCOL_NAMES[a.protocol]}: ${a.message}`).join('; ');
  const head = sharedHead(attempts.map((a) => a.message));
  const own = (m: string) => (head ? m.slice(head.length + 2) : m);
  const each = attempts.map((a) => `${PROTOCOL_NAMES[a.protocol]}: ${own(a.message)}`).join('; ');
  return `${head || 'may not port-forward'} with any protocol — ${each}`;
}

/** The longest start every message shares that ends before a ": " in each; '' when none. */
export function sharedHead(messages: readonly string[]): string {
  let common = messages[0] ?? '';
  for (const m of messages) while (!m.startsWith(common)) common = common.slice(0, -1);
  const cut = common.lastIndexOf(': ');
  return cut < 0 ? '' : common.slice(0, cut);
}

/**
 * Which native protocol last worked, per cluster, so the next tunnel to the same cluster
 * starts with it instead of paying for refused upgrades again, and why the better ones were
 * passed over then: a tunnel that goes straight to the remembered protocol still says why.
 */
export class ProtocolMemory {
  private readonly won = new Map<string, { protocol: NativeProtocol; passedOver: string | undefined }>();

  lastWorked(cluster: string): NativeProtocol | undefined {
    return this.won.get(cluster)?.protocol;
  }

  /** Why the cluster's protocol is not the best one (each refusal in words); undefined when it is. */
  passedOver(cluster: string): string | undefined {
    return this.won.get(cluster)?.passedOver;
  }

  /**
   * `protocol` carried a tunnel after `refused` were tried and refused. With nothing refused
   * this time, the reason remembered for the same protocol stands (it was tried first because
   * of it); the best protocol needs none.
   */
  worked(cluster: string, protocol: NativeProtocol, refused: readonly ProtocolAttempt[] = []): void {
    const before = this.won.get(cluster);
    const passedOver =
      refused.length > 0
        ? refused.map((a) => `${PROTOCOL_NAMES[a.protocol]}: ${a.message}`).join('; ')
        : protocol !== NATIVE_PROTOCOLS[0] && before?.protocol === protocol
          ? before.passedOver
          : undefined;
    this.won.set(cluster, { protocol, passedOver });
  }

  /** Nothing worked: the next try starts from the best protocol again. */
  forget(cluster: string): void {
    this.won.delete(cluster);
  }
}
