// The engine's own port-forward over the legacy WebSocket protocol (v4.channel.k8s.io),
// against the real API server and kwok's "kubelet", which dials a real local server: bytes,
// HTTP, errors at the handshake and on the stream, each as a user would meet them.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { DialError } from '../../src/main/core/forwards/tunnel/dialer';
import { webSocketDialer } from '../../src/main/core/forwards/tunnel/websocketDialer';
import { exposeViaPortForward, fixtures, startEchoServer, startHttpServer } from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { readN, readToEnd, sha256Hex } from '../support/streams.ts';
import { sharedHarness } from './context.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const NS = 'native-tunnel';
const ECHO_POD = 'nt-echo';
const WEB_POD = 'nt-web';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;

/** Everything the far side sends until it closes, after writing `out` (and ending, if asked). */
function exchange(stream: Duplex, out: Buffer, endAfter: boolean): Promise<Buffer> {
  const answer = readToEnd(stream);
  stream.write(out);
  if (endAfter) stream.end();
  return answer;
}

describe('native port-forward over v4.channel.k8s.io (real API server)', () => {
  let client: ApiClient;
  let echo: LocalServer;
  let web: LocalServer & { requests: number };
  const exposures: Exposure[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    web = await startHttpServer();
    await fixtures.createNamespace(cluster, NS);
    await fixtures.createPod(cluster, {
      namespace: NS,
      name: ECHO_POD,
      state: 'running',
      containerPort: ECHO_PORT,
    });
    await fixtures.createPod(cluster, {
      namespace: NS,
      name: WEB_POD,
      state: 'running',
      containerPort: WEB_PORT,
    });
    exposures.push(
      await exposeViaPortForward(cluster, {
        namespace: NS,
        port: ECHO_PORT,
        target: { port: echo.port },
        podName: ECHO_POD,
      }),
      await exposeViaPortForward(cluster, {
        namespace: NS,
        port: WEB_PORT,
        target: { port: web.port },
        podName: WEB_POD,
      }),
    );
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    client = new ApiClient(accessFor(merged, cluster.context));
  });

  afterAll(async () => {
    await Promise.all(exposures.map((e) => e.remove()));
    client?.close();
    await echo?.close();
    await web?.close();
  });

  it('carries bytes to the pod and back: a line, then 32 MB with a matching sha256', async () => {
    const dialer = webSocketDialer({ client, namespace: NS, pod: ECHO_POD, port: ECHO_PORT });
    expect(dialer.protocol).toBe('websocket');
    const small = await dialer.dial();
    const line = readN(small, 13, { destroy: true });
    small.write('hello tether\n');
    expect((await line).toString()).toBe('hello tether\n');
    const big = randomBytes(32 * 1024 * 1024);
    const stream = await dialer.dial();
    const back = readN(stream, big.length, { destroy: true });
    stream.write(big);
    expect(sha256Hex(await back)).toBe(sha256Hex(big));
  }, 120_000);

  it('an HTTP request through one connection gets the real server answer', async () => {
    const dialer = webSocketDialer({ client, namespace: NS, pod: WEB_POD, port: WEB_PORT });
    const stream = await dialer.dial();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: 'pod', path: '/healthz', createConnection: () => stream as never },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(web.requests).toBeGreaterThan(0);
  });

  it(
    'a client that half-closes after its request still gets the whole answer',
    { timeout: 15_000 },
    async () => {
      const dialer = webSocketDialer({ client, namespace: NS, pod: WEB_POD, port: WEB_PORT });
      const stream = await dialer.dial();
      const answer = await exchange(
        stream,
        Buffer.from('GET / HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n'),
        true,
      );
      expect(answer.toString()).toMatch(/^HTTP\/1\.1 200 /);
    },
  );

  it('a pod that does not exist: DialError pod-gone, saying 404 and the pod', async () => {
    const dialer = webSocketDialer({ client, namespace: NS, pod: 'no-such-pod', port: ECHO_PORT });
    const err = await dialer.dial().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DialError);
    expect((err as DialError).failure).toBe('pod-gone');
    expect((err as DialError).message).toMatch(/native-tunnel\/no-such-pod is gone \(404\)/);
  });

  it('a user who may not port-forward in a namespace: DialError forbidden, with the API server words', async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    const restricted = new ApiClient(accessFor(merged, cluster.contextFor('restricted')));
    try {
      // The restricted user is bound only in the namespaces the fixtures created for it.
      const err = await webSocketDialer({
        client: restricted,
        namespace: 'kube-system',
        pod: 'any',
        port: ECHO_PORT,
      })
        .dial()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((err as DialError).failure).toBe('forbidden');
      expect((err as DialError).message).toMatch(
        /may not port-forward to pod kube-system\/any \(403\).*forbidden/i,
      );
    } finally {
      restricted.close();
    }
  });

  it('credentials the server rejects: DialError unauthorized (401), after one retry with fresh ones', async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    const bad = new ApiClient(accessFor(merged, cluster.contextFor('badtoken')));
    try {
      const err = await webSocketDialer({ client: bad, namespace: NS, pod: ECHO_POD, port: ECHO_PORT })
        .dial()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((err as DialError).failure).toBe('unauthorized');
      expect((err as DialError).message).toMatch(/credentials rejected \(401\)/);
    } finally {
      bad.close();
    }
  });

  it('a port nothing listens on behind the pod: that connection ends with the error text, the next one works', async () => {
    const errors: string[] = [];
    const dead = webSocketDialer({ client, namespace: NS, pod: ECHO_POD, port: 7999 }, (t) => errors.push(t));
    const outcome = await dead.dial().then(
      (s) =>
        new Promise<string>((resolve) => {
          s.once('error', (e) => resolve(`error: ${e.message}`));
          s.once('close', () => resolve('closed'));
          s.write('anyone?');
        }),
      (e: unknown) => `dial failed: ${(e as Error).message}`,
    );
    // kwok's words for a port it has no forward for; the connection ends with them.
    expect(outcome).toMatch(/^error: error forwarding port 7999 to pod .*forward not found for port 7999/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/error forwarding port 7999/);
    const ok = await webSocketDialer({ client, namespace: NS, pod: ECHO_POD, port: ECHO_PORT }).dial();
    const two = readN(ok, 2, { destroy: true });
    ok.write('ok');
    expect((await two).toString()).toBe('ok');
  });
});
