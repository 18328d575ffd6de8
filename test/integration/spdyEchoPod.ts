// The pod the SPDY session suites forward to: one kwok pod whose PortForward rule (named like
// the pod) sends three pod ports to local servers — an echo server, an HTTP server, and a port
// that refuses connections.
import { fixtures, startEchoServer, startHttpServer } from '../harness/index.ts';
import type { ClusterHandle } from '../harness/index.ts';
import { closedPort } from '../support/streams.ts';

/**
 * Starts the local servers, then creates the namespace, the pod and its PortForward rule.
 * Returns what deletes the rule and closes the servers.
 */
export async function createSpdyEchoPod(
  cluster: ClusterHandle,
  {
    namespace,
    pod,
    echoPort,
    webPort,
    deadPort,
  }: {
    namespace: string;
    pod: string;
    echoPort: number;
    webPort: number;
    deadPort: number;
  },
): Promise<() => Promise<void>> {
  const echo = await startEchoServer();
  const web = await startHttpServer();
  await fixtures.createNamespace(cluster, namespace);
  await fixtures.createPod(cluster, { namespace, name: pod, state: 'running', containerPort: echoPort });
  await cluster.apply({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: { name: pod, namespace },
    spec: {
      forwards: [
        { ports: [echoPort], target: { address: '127.0.0.1', port: echo.port } },
        { ports: [webPort], target: { address: '127.0.0.1', port: web.port } },
        { ports: [deadPort], target: { address: '127.0.0.1', port: await closedPort() } },
      ],
    },
  });
  return async () => {
    await cluster.kubectl([
      'delete',
      'portforward.kwok.x-k8s.io',
      pod,
      '-n',
      namespace,
      '--ignore-not-found',
    ]);
    await echo.close();
    await web.close();
  };
}
