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

/** Every attempt in one sentence, so a user sees which protocol was refused and why. */
export function attemptsMessage(attempts: readonly ProtocolAttempt[]): string {
  if (attempts.length === 1) return attempts[0]!.message;
  const each = attempts.map((a) => `${PROTOCOL_NAMES[a.protocol]}: ${a.message}`).join('; ');
  return allForbidden(attempts) ? `may not port-forward with any protocol (403 each) — ${each}` : each;
}

/**
 * Which native protocol last worked, per cluster, so the next tunnel to the same cluster
 * starts with it instead of paying for refused upgrades again.
 */
export class ProtocolMemory {
  private readonly won = new Map<string, NativeProtocol>();

  lastWorked(cluster: string): NativeProtocol | undefined {
    return this.won.get(cluster);
  }

  worked(cluster: string, protocol: NativeProtocol): void {
    this.won.set(cluster, protocol);
  }

  /** Nothing worked: the next try starts from the best protocol again. */
  forget(cluster: string): void {
    this.won.delete(cluster);
  }
}
