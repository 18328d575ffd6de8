// Port-forward through kwok. The API server sends a pod's port-forward stream to the
// pod's "kubelet", which is kwok; kwok looks up a PortForward named like the pod (same
// namespace), else the first ClusterPortForward whose selector matches the pod's
// namespace/name and lists the port, and dials its target. So `kubectl port-forward`
// to a pod, service or deployment reaches a real local server.
import { connect } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import type { ClusterHandle, ClusterUser } from './cluster.ts';
import { toolEnv } from './config.ts';
import { waitFor } from './wait.ts';

/** Where kwok should connect for one container port. */
export interface ExposeSpec {
  namespace: string;
  /** Container port the forward is for (a Service's targetPort). */
  port: number;
  /** Local address to dial; a started server or `{ port, address? }` (address defaults to 127.0.0.1). */
  target: { port: number; address?: string };
  /** One pod: a namespaced PortForward named after it. */
  podName?: string;
  /**
   * Otherwise a ClusterPortForward for the namespace, optionally only these pod names.
   * kwok matches by namespace and name only (no label selectors), so pods that a
   * Deployment recreates under new names stay covered when podNames is left out.
   */
  podNames?: string[];
}

/** An applied forward rule. */
export interface Exposure {
  kind: 'PortForward' | 'ClusterPortForward';
  name: string;
  remove(): Promise<void>;
}

/** Applies a PortForward / ClusterPortForward so kwok forwards `port` to `target`. */
export async function exposeViaPortForward(cluster: ClusterHandle, spec: ExposeSpec): Promise<Exposure> {
  const forwards = [
    { ports: [spec.port], target: { address: spec.target.address ?? '127.0.0.1', port: spec.target.port } },
  ];
  const kind = spec.podName ? 'PortForward' : 'ClusterPortForward';
  const name = spec.podName ?? `tether-${spec.namespace}-${spec.port}`;
  await cluster.apply(
    spec.podName
      ? {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind,
          metadata: { name, namespace: spec.namespace },
          spec: { forwards },
        }
      : {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind,
          metadata: { name },
          spec: {
            selector: {
              matchNamespaces: [spec.namespace],
              ...(spec.podNames ? { matchNames: spec.podNames } : {}),
            },
            forwards,
          },
        },
  );
  const ref = spec.podName
    ? ['portforward.kwok.x-k8s.io', name, '-n', spec.namespace]
    : ['clusterportforward.kwok.x-k8s.io', name];
  return {
    kind,
    name,
    remove: async () => {
      await cluster.kubectl(['delete', ...ref, '--ignore-not-found']);
    },
  };
}

/** A running `kubectl port-forward`. */
export interface KubectlPortForward {
  localPort: number;
  /** Everything kubectl printed so far (for assertions and debugging). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs our kubectl's `port-forward <resource> :<remotePort>` (e.g. `svc/echo`,
 * `deploy/web`, `pod/x`) and resolves once kubectl says which local port it took.
 */
export async function kubectlPortForward(
  cluster: ClusterHandle,
  resource: string,
  remotePort: number,
  opts: { namespace?: string; localPort?: number; user?: ClusterUser } = {},
): Promise<KubectlPortForward> {
  const child: ResultPromise = execa(
    join(cluster.binDir, 'kubectl'),
    [
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--context',
      cluster.contextFor(opts.user),
      'port-forward',
      '-n',
      opts.namespace ?? 'default',
      '--address',
      '127.0.0.1',
      resource,
      `${opts.localPort ?? ''}:${remotePort}`,
    ],
    { env: toolEnv(cluster.info.workdir, cluster.binDir), reject: false, buffer: false },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const done = child.then(() => (exited = true));
  const stop = async () => {
    child.kill('SIGTERM');
    await done;
  };
  try {
    const localPort = await waitFor(
      () => {
        if (exited) throw new Error(`kubectl port-forward exited: ${out}`);
        const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
        return m ? Number(m[1]) : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50, what: `kubectl port-forward ${resource}` },
    );
    return { localPort, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Sends `payload` to 127.0.0.1:port and resolves with what comes back before `timeoutMs` or close. */
export function tcpRoundTrip(port: number, payload: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no echo within ${timeoutMs} ms (got ${JSON.stringify(got)})`));
    }, timeoutMs);
    socket.on('data', (d) => {
      got += d.toString();
      if (got.length >= payload.length) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (got.length < payload.length) reject(new Error(`connection closed after ${JSON.stringify(got)}`));
    });
  });
}

/**
 * Round-trips through a forward, retrying while kwok has not yet seen a just-applied
 * forward rule (its informer lags the API by a moment).
 */
export function echoThrough(port: number, payload: string, timeoutMs = 20_000): Promise<string> {
  return waitFor(() => tcpRoundTrip(port, payload, 3_000), {
    timeoutMs,
    intervalMs: 300,
    what: `echo through :${port}`,
  });
}
