import type { Duplex } from 'node:stream';
import { silentLogger, type Logger } from '../../app/log';
import type { ApiClient } from '../../kube/apiClient';
import type { Tunnel } from '../kubectlTunnel';
import { TunnelStartError } from '../kubectlTunnel';
import { DialError, type Dialer } from './dialer';
import type { PodPort } from './handshake';
import {
  allForbidden,
  attemptsMessage,
  protocolOrder,
  worthAnotherProtocol,
  type NativeProtocol,
  type ProtocolAttempt,
  type ProtocolMemory,
} from './protocolChoice';
import { asDialError, sessionDialer } from './sessionDialer';
import type { PortSession, SessionPool } from './sessionPool';
import { webSocketDialer } from './websocketDialer';

/** Error texts that mean the pod's sandbox is gone: the pod must be looked up again. */
const SANDBOX_GONE =
  /failed to find sandbox|network namespace for sandbox .* is closed|sandbox .* is not running/i;

/** What every native tunnel of one engine shares: sessions per pod, what worked per cluster. */
export interface NativeRuntime {
  sessions: SessionPool;
  memory: ProtocolMemory;
  /** Opens a multiplexed session to the pod over one of the session protocols. */
  openSession(protocol: Exclude<NativeProtocol, 'websocket'>, target: PodPort): Promise<PortSession>;
  /** Only this protocol (tests, a user's explicit choice); default: each in order. */
  only?: NativeProtocol | undefined;
}

export interface NativeTunnelOptions {
  client: ApiClient;
  /** The context: protocols that worked are remembered per cluster. */
  cluster: string;
  namespace: string;
  pod: string;
  port: number;
  native: NativeRuntime;
  /** The tunnel can serve nobody any more (pod gone, access lost); `message` says why. */
  onExit(message: string): void;
  /** An error text the server sent on one connection (that connection only ended). */
  onTrouble?(line: string): void;
  log?: Logger;
}

/** A protocol's way in: its dialer, how to let go of it, and a first check that it works. */
interface Carrier {
  dialer: Dialer;
  release(): void;
}

/**
 * A forward's tunnel without kubectl: the engine's own connections to the pod's port. The
 * protocols are tried best first, starting with the one that last worked on this cluster; one
 * refused as a protocol (an older server, a proxy, RBAC granting the other verb) gives way to
 * the next, while rejected credentials or a pod that is gone end the attempt at once. Starting
 * proves the way in (a session opened, or one connection for the legacy WebSocket), so a
 * refusal is a start failure in words. The tunnel ends itself — `onExit` — when its session
 * dies (missed pings, the API server gone), a later connection cannot be opened or the pod's
 * sandbox is gone, and `stop()` closes every connection it carries.
 */
export async function startNativeTunnel(o: NativeTunnelOptions): Promise<Tunnel> {
  const log = o.log ?? silentLogger;
  const open = new Set<Duplex>();
  let exited = false;
  let carrier: Carrier | undefined;
  const end = (message: string) => {
    if (exited) return;
    exited = true;
    for (const s of open) s.destroy();
    carrier?.release();
    o.onExit(message);
  };
  const onServerError = (text: string) => {
    o.onTrouble?.(text);
    if (SANDBOX_GONE.test(text)) end(text);
  };

  const order = o.native.only ? [o.native.only] : protocolOrder(o.native.memory.lastWorked(o.cluster));
  const attempts: ProtocolAttempt[] = [];
  let refusedAsProtocol = false;
  for (const protocol of order) {
    try {
      carrier = await carrierFor(protocol, o, onServerError, end);
      o.native.memory.worked(o.cluster, protocol, attempts);
      // Why the better protocols were passed over (RBAC granting only `create`, a proxy).
      for (const a of attempts)
        log.info('native protocol skipped', {
          cluster: o.cluster,
          pod: `${o.namespace}/${o.pod}`,
          protocol: a.protocol,
          why: a.message,
          using: protocol,
        });
      break;
    } catch (err) {
      const e = asDialError(err);
      attempts.push({ protocol, message: e.message, failure: e.failure });
      refusedAsProtocol ||= e.failure === 'protocol';
      if (!worthAnotherProtocol(e)) throw new TunnelStartError(attemptsMessage(attempts));
    }
  }
  if (!carrier) {
    o.native.memory.forget(o.cluster);
    // RBAC refusing every protocol refuses kubectl too; a protocol refused everywhere may not.
    throw new TunnelStartError(attemptsMessage(attempts), refusedAsProtocol, allForbidden(attempts));
  }
  const inner = carrier.dialer;
  const dialer: Dialer = {
    protocol: inner.protocol,
    async dial() {
      if (exited) throw new DialError('refused', 'the tunnel to this pod has ended');
      try {
        const s = await inner.dial();
        open.add(s);
        s.once('close', () => open.delete(s));
        return s;
      } catch (err) {
        // The way in failed (pod gone, access lost, API server unreachable even for a new
        // session): the tunnel ends, and the forward looks again — with the cluster's health,
        // backoff and a fresh pod — while the local port holds the client.
        end(asDialError(err).message);
        throw err;
      }
    },
  };
  log.debug('native tunnel up', {
    namespace: o.namespace,
    pod: o.pod,
    port: o.port,
    protocol: inner.protocol,
  });
  const passedOver = o.native.memory.passedOver(o.cluster);
  return {
    dialer,
    ...(passedOver !== undefined ? { passedOver } : {}),
    get exited() {
      return exited;
    },
    stop: async () => {
      exited = true;
      for (const s of open) s.destroy();
      open.clear();
      carrier?.release();
    },
  };
}

async function carrierFor(
  protocol: NativeProtocol,
  o: NativeTunnelOptions,
  onServerError: (text: string) => void,
  onSessionLost: (reason: string) => void,
): Promise<Carrier> {
  const target: PodPort = { client: o.client, namespace: o.namespace, pod: o.pod, port: o.port };
  if (protocol === 'websocket') {
    const dialer = webSocketDialer(target, onServerError);
    const first = await dialer.dial();
    first.destroy();
    return { dialer, release: () => {} };
  }
  const key = `${o.cluster}\u0000${o.namespace}/${o.pod}\u0000${protocol}`;
  const lease = o.native.sessions.lease(key, () => o.native.openSession(protocol, target));
  try {
    await lease.session();
  } catch (err) {
    lease.release();
    throw err;
  }
  // The session died on its own (ping deadline, API server gone or restarted): its connections
  // ended with it, and the tunnel ends too, so the forward says why and looks again — with
  // the cluster's health and a fresh pod — while the local port holds new clients.
  lease.onSessionClosed(onSessionLost);
  return { dialer: sessionDialer(lease, protocol, o.port, onServerError), release: () => lease.release() };
}
