// Starting a forward's tunnel to one pod port: the engine's own (native) or `kubectl
// port-forward`, with kubectl as the last resort when every native protocol was refused.
import type { ForwardSpec } from '../../../shared/domain/forward';
import type { Logger } from '../app/log';
import type { ForwardDeps } from './forwardDeps';
import type { ForwardEngine } from './forwardEngine';
import { portForwardArgs } from './kubectlArgs';
import { startTunnel, TunnelStartError, type Tunnel } from './kubectlTunnel';
import type { ForwardEvent } from './rules/rulesEvents';
import { startNativeTunnel } from './tunnel/nativeTunnel';

/** One tunnel to start, and who hears about its life. */
export interface TunnelRequest {
  spec: Pick<ForwardSpec, 'id' | 'context' | 'namespace' | 'forwardEngine'>;
  pod: string;
  port: number;
  /** The tunnel ended after it was up; `message` says why. */
  onExit(message: string): void;
  /** The pod's port refused a connection through the running tunnel (the app, not the tunnel). */
  onForwardError(line: string): void;
}

/**
 * What carries a forward: its own choice, else the engine's (default kubectl); native only
 * when the engine has a native runtime to give it.
 */
export function carrierFor(
  own: ForwardEngine | undefined,
  engineDefault: ForwardEngine | undefined,
  nativeAvailable: boolean,
): ForwardEngine {
  return (own ?? engineDefault ?? 'kubectl') === 'native' && nativeAvailable ? 'native' : 'kubectl';
}

/**
 * Runs `native`; when it fails because every native protocol was refused as a protocol (a
 * proxy or server that speaks none of them), runs `kubectl` instead. Any other failure, and
 * kubectl's own, is the caller's; a kubectl failure names both refusals.
 */
export async function withKubectlFallback(
  native: () => Promise<Tunnel>,
  kubectl: () => Promise<Tunnel>,
  log: Logger,
  id: string,
): Promise<Tunnel> {
  try {
    return await native();
  } catch (err) {
    if (!(err instanceof TunnelStartError) || !err.refusedUpgrade) throw err;
    log.info('no native protocol was accepted; trying kubectl', { id });
    try {
      return await kubectl();
    } catch (kubectlErr) {
      const why = kubectlErr instanceof Error ? kubectlErr.message : String(kubectlErr);
      throw new TunnelStartError(`${err.message}; kubectl: ${why}`);
    }
  }
}

/** A tunnel that would not start (`err`), as the rules hear it: who said why, and whether RBAC refused. */
export function startFailed(
  d: Pick<ForwardDeps, 'engine' | 'native'>,
  spec: Pick<ForwardSpec, 'forwardEngine'>,
  err: unknown,
): Extract<ForwardEvent, { type: 'tunnel-start-failed' }> {
  return {
    type: 'tunnel-start-failed',
    message: err instanceof Error ? err.message : String(err),
    native: carrierFor(spec.forwardEngine, d.engine?.(), d.native !== undefined) === 'native',
    forbidden: err instanceof TunnelStartError && err.forbidden,
  };
}

/** Starts the tunnel `r` asks for, by whatever carries the forward (see {@link carrierFor}). */
export function launchTunnel(d: ForwardDeps, r: TunnelRequest): Promise<Tunnel> {
  const native = d.native;
  if (carrierFor(r.spec.forwardEngine, d.engine?.(), native !== undefined) === 'kubectl' || !native)
    return startKubectl(d, r);
  return withKubectlFallback(
    () =>
      startNativeTunnel({
        client: d.clusters.apiClient(r.spec.context),
        cluster: r.spec.context,
        namespace: r.spec.namespace,
        pod: r.pod,
        port: r.port,
        native,
        log: d.log,
        onExit: r.onExit,
        onTrouble: (line) => {
          d.log.debug('tunnel', { id: r.spec.id, line });
          r.onForwardError(line);
        },
      }),
    () => startKubectl(d, r),
    d.log,
    r.spec.id,
  );
}

function startKubectl(d: ForwardDeps, r: TunnelRequest): Promise<Tunnel> {
  const launcher = d.kubectl();
  return startTunnel({
    kubectl: launcher,
    args: portForwardArgs({
      ...(launcher.kubeconfig ? { kubeconfig: launcher.kubeconfig } : {}),
      context: r.spec.context,
      namespace: r.spec.namespace,
      pod: r.pod,
      remotePort: r.port,
    }),
    log: d.log,
    onExit: r.onExit,
    onTrouble: (kind, line) => {
      d.log.debug('kubectl', { id: r.spec.id, kind, line });
      if (kind === 'forward-error') r.onForwardError(line);
    },
  });
}
