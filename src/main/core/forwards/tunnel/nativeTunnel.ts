import type { Duplex } from 'node:stream';
import { silentLogger, type Logger } from '../../app/log';
import type { ApiClient } from '../../kube/apiClient';
import type { Tunnel } from '../kubectlTunnel';
import { TunnelStartError } from '../kubectlTunnel';
import { DialError, type Dialer } from './dialer';
import { webSocketDialer } from './websocketDialer';

/** Error texts that mean the pod's sandbox is gone: the pod must be looked up again. */
const SANDBOX_GONE =
  /failed to find sandbox|network namespace for sandbox .* is closed|sandbox .* is not running/i;
/** Dial failures after which this tunnel cannot serve anyone: the forward must look again. */
const ENDS_TUNNEL: ReadonlySet<DialError['failure']> = new Set(['pod-gone', 'unauthorized', 'forbidden']);

export interface NativeTunnelOptions {
  client: ApiClient;
  namespace: string;
  pod: string;
  port: number;
  /** The tunnel can serve nobody any more (pod gone, access lost); `message` says why. */
  onExit(message: string): void;
  /** An error text the server sent on one connection (that connection only ended). */
  onTrouble?(line: string): void;
  log?: Logger;
}

/**
 * A forward's tunnel without kubectl: the engine's own connections to the pod's port, one
 * per client (see websocketDialer.ts). Starting it opens and closes one connection, so a
 * refusal (RBAC, a pod that is gone) is a start failure in words, as kubectl's would be. It
 * ends itself — `onExit` — when a later connection finds the pod gone or access lost, and
 * `stop()` closes every connection it carries.
 */
export async function startNativeTunnel(o: NativeTunnelOptions): Promise<Tunnel> {
  const log = o.log ?? silentLogger;
  const open = new Set<Duplex>();
  let exited = false;
  const end = (message: string) => {
    if (exited) return;
    exited = true;
    for (const s of open) s.destroy();
    o.onExit(message);
  };
  const inner = webSocketDialer(
    { client: o.client, namespace: o.namespace, pod: o.pod, port: o.port },
    (text) => {
      o.onTrouble?.(text);
      if (SANDBOX_GONE.test(text)) end(text);
    },
  );
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
        if (err instanceof DialError && ENDS_TUNNEL.has(err.failure)) end(err.message);
        throw err;
      }
    },
  };
  try {
    const first = await inner.dial();
    first.destroy();
  } catch (err) {
    throw new TunnelStartError(err instanceof Error ? err.message : String(err));
  }
  log.debug('native tunnel up', { namespace: o.namespace, pod: o.pod, port: o.port });
  return {
    pid: undefined,
    dialer,
    get exited() {
      return exited;
    },
    stop: async () => {
      exited = true;
      for (const s of open) s.destroy();
      open.clear();
    },
  };
}
