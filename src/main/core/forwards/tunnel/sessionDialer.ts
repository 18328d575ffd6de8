import type { Duplex } from 'node:stream';
import { DialError, type Dialer } from './dialer';
import type { NativeProtocol } from './protocolChoice';
import type { SessionLease } from './sessionPool';

/**
 * Connections as stream pairs on the pod's shared session: each `dial()` is one stream pair
 * for the port. A session that died is replaced by the lease on the next dial, so the client
 * waits for the new session rather than being refused.
 */
export function sessionDialer(
  lease: SessionLease,
  protocol: Exclude<NativeProtocol, 'websocket'>,
  port: number,
  onServerError?: (text: string) => void,
): Dialer {
  return {
    protocol,
    async dial(): Promise<Duplex> {
      const session = await lease.session();
      try {
        return await session.openPortStream(port, onServerError);
      } catch (err) {
        // The session went away between the lookup and the stream: one more try on a new one.
        if (!session.closed) throw err;
        const again = await lease.session();
        return await again.openPortStream(port, onServerError);
      }
    },
  };
}

/** The reason a lease's session ended, as a DialError when it is not one already. */
export function asDialError(err: unknown): DialError {
  if (err instanceof DialError) return err;
  return new DialError('refused', err instanceof Error ? err.message : String(err));
}
