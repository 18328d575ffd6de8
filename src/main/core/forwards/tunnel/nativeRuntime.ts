import { silentLogger, type Logger } from '../../app/log';
import { withFreshCredentials } from './freshCredentials';
import type { NativeRuntime } from './nativeTunnel';
import { NATIVE_PROTOCOLS, ProtocolMemory, type NativeProtocol } from './protocolChoice';
import { SessionPool } from './sessionPool';
import { SpdySession } from './spdy/session';
import { openSpdyTransport } from './spdy/spdyUpgrade';
import { openSpdyOverWebSocket } from './ws/spdyOverWebSocket';

export interface NativeRuntimeOptions {
  log?: Logger;
  /** Only this protocol (TETHER_FORWARD_PROTOCOL; tests and benchmarks force each in turn). */
  only?: NativeProtocol | undefined;
  /** SPDY PING period and deadline (default 10 s each). */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
}

/** TETHER_FORWARD_PROTOCOL, when it names a native protocol; anything else means "each in order". */
export function forcedProtocol(
  env: Readonly<Record<string, string | undefined>>,
): NativeProtocol | undefined {
  const word = env.TETHER_FORWARD_PROTOCOL?.trim().toLowerCase();
  return NATIVE_PROTOCOLS.find((p) => p === word);
}

/** The engine's native tunnels: one pool of SPDY sessions, one memory of what worked. */
export function createNativeRuntime(o: NativeRuntimeOptions = {}): NativeRuntime {
  const log = o.log ?? silentLogger;
  return {
    sessions: new SessionPool(),
    memory: new ProtocolMemory(),
    only: o.only,
    openSession: async (protocol, target) => {
      // A session opened after the last one died may meet rotated credentials: one retry on 401
      // (openSpdyOverWebSocket has its own).
      const transport =
        protocol === 'spdy'
          ? await withFreshCredentials(() => openSpdyTransport(target))
          : await openSpdyOverWebSocket(target);
      return new SpdySession(transport, {
        log: log.child({ pod: `${target.namespace}/${target.pod}`, protocol }),
        ...(o.pingIntervalMs !== undefined ? { pingIntervalMs: o.pingIntervalMs } : {}),
        ...(o.pingTimeoutMs !== undefined ? { pingTimeoutMs: o.pingTimeoutMs } : {}),
      });
    },
  };
}
