// kubectl port-forward to a service, a deployment and a pod reaches a real local server
// through the API server and kwok.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  kubectlPortForward,
  startEchoServer,
  startHttpServer,
  waitFor,
} from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const { seed } = fixtures;
const cluster = h.cluster('a');

describe('port-forward through kwok', () => {
  let echo: LocalServer;
  let http: LocalServer & { requests: number };
  const exposures: Exposure[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    http = await startHttpServer();
    exposures.push(
      await exposeViaPortForward(cluster, {
        namespace: seed.namespace,
        port: seed.echo.containerPort,
        target: { port: echo.port },
      }),
      await exposeViaPortForward(cluster, {
        namespace: seed.namespace,
        port: seed.web.containerPort,
        target: { port: http.port },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(exposures.map((e) => e.remove()));
    await echo?.close();
    await http?.close();
  });

  it('kubectl port-forward svc/echo returns the echoed bytes', async () => {
    const pf = await kubectlPortForward(cluster, `svc/${seed.echo.name}`, seed.echo.port, {
      namespace: seed.namespace,
    });
    try {
      expect(await echoThrough(pf.localPort, 'hello tether\n')).toBe('hello tether\n');
      expect(echo.connections).toBeGreaterThan(0);
    } finally {
      await pf.stop();
    }
  });

  it('an HTTP GET through a forward to deploy/web returns 200', async () => {
    const pf = await kubectlPortForward(cluster, `deploy/${seed.web.name}`, seed.web.containerPort, {
      namespace: seed.namespace,
    });
    try {
      const res = await waitFor(
        () => fetch(`http://127.0.0.1:${pf.localPort}/healthz`).catch(() => undefined),
        {
          what: 'HTTP through port-forward',
          timeoutMs: 20_000,
        },
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, url: '/healthz' });
      expect(http.requests).toBeGreaterThan(0);
    } finally {
      await pf.stop();
    }
  });

  it('a PortForward named after one pod serves pod/<name>, also for the restricted user', async () => {
    const own = await startEchoServer();
    const pod = 'pf-single';
    await fixtures.createPod(cluster, {
      namespace: seed.namespace,
      name: pod,
      state: 'running',
      containerPort: 9000,
    });
    const rule = await exposeViaPortForward(cluster, {
      namespace: seed.namespace,
      podName: pod,
      port: 9000,
      target: { port: own.port },
    });
    const pf = await kubectlPortForward(cluster, `pod/${pod}`, 9000, {
      namespace: seed.namespace,
      user: 'restricted',
    });
    try {
      expect(await echoThrough(pf.localPort, 'only me')).toBe('only me');
      expect(own.connections).toBeGreaterThan(0);
    } finally {
      await pf.stop();
      await rule.remove();
      await cluster.kubectl(['delete', 'pod', pod, '-n', seed.namespace, '--wait=false']);
      await own.close();
    }
  });
});
