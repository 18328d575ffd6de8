import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ForwardProtocol } from '../../../../shared/contract';

/** Why a connection through a tunnel could not be opened. */
export type DialFailure = 'refused' | 'unauthorized' | 'forbidden' | 'pod-gone' | 'protocol' | 'timeout';

/** The tunnel did not give a connection; the message is in a user's words. */
export class DialError extends Error {
  readonly failure: DialFailure;
  readonly status: number | undefined;
  constructor(failure: DialFailure, message: string, status?: number) {
    super(message);
    this.failure = failure;
    this.status = status;
  }
}

/**
 * Opens connections to one pod port through one tunnel: each `dial()` is one client's
 * connection, resolved once the far side took it, rejected with a DialError otherwise. The
 * local listener, the probe and the tests all use this, whatever carries the bytes.
 */
export interface Dialer {
  /** Which protocol carries the bytes, as the forward's status shows it. */
  readonly protocol: ForwardProtocol;
  dial(): Promise<Duplex>;
}

/** Connections to a local TCP port: where a `kubectl port-forward` child listens. */
export function tcpDialer(port: number, host = '127.0.0.1'): Dialer {
  return {
    protocol: 'kubectl',
    dial: () =>
      new Promise((resolve, reject) => {
        const socket = connect({ host, port, allowHalfOpen: true, noDelay: true });
        const onError = (err: NodeJS.ErrnoException) =>
          reject(
            new DialError('refused', `kubectl's port refused the connection (${err.code ?? err.message})`),
          );
        socket.once('error', onError);
        socket.once('connect', () => {
          socket.off('error', onError);
          resolve(socket);
        });
      }),
  };
}
