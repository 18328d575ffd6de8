import { isIPv4, isIPv6, isWildcardAddress } from '../../domain/forward';
import type { LocalPort } from '../../domain/forward';

/** What a forward claims on this machine: a local port on a bind address. */
export interface PortClaim {
  localPort: LocalPort;
  bindAddress: string;
}

// Two listeners collide unless they are on different specific addresses: 0.0.0.0 / :: take the
// port everywhere, and "localhost" may resolve to either loopback family.
function addressesOverlap(a: string, b: string): boolean {
  if (a === b || isWildcardAddress(a) || isWildcardAddress(b)) return true;
  const specific = (x: string): boolean => isIPv4(x) || isIPv6(x);
  return !(specific(a) && specific(b));
}

/** True when two forwards cannot both listen: same fixed local port on overlapping addresses. */
export function claimsCollide(a: PortClaim, b: PortClaim): boolean {
  if (a.localPort === 'auto' || b.localPort === 'auto') return false;
  return a.localPort === b.localPort && addressesOverlap(a.bindAddress, b.bindAddress);
}

/** The first earlier claim `claim` collides with, if any. */
export function findCollision<T extends PortClaim>(claim: PortClaim, earlier: readonly T[]): T | undefined {
  return earlier.find((other) => claimsCollide(claim, other));
}
