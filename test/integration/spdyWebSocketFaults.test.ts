// The SPDY-over-WebSocket tunnel when the API server fails under it, on a dedicated cluster
// (the shared ones stay healthy): killed mid-transfer, the open connection ends with a reason
// in words and a new tunnel opens once the server is back; stopped (SIGSTOP), the tunnel says
// nothing, the SPDY PING deadline ends the session, and a new tunnel works after SIGCONT.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SpdySession } from '../../src/main/core/forwards/tunnel/spdy/session';
import { openSpdyOverWebSocket } from '../../src/main/core/forwards/tunnel/ws/spdyOverWebSocket';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { fixtures, startEchoServer, startHarness, waitFor } from '../harness/index.ts';
import type { ClusterHandle, Harness, LocalServer } from '../harness/index.ts';

const NS = 'spdy-ws-faults';
const POD = 'swf-echo';
const PORT = 7000;

let harness: Harness;
let c: ClusterHandle;
let echo: LocalServer;
let client: ApiClient;

beforeAll(async () => {
  harness = await startHarness({ clusters: ['wsfault'] });
  c = harness.cluster('wsfault');
  echo = await startEchoServer();
  // A dedicated cluster has no nodes until one is made: the pod needs one to run on.
  await fixtures.createNodes(c, [{ name: 'wsfault-node' }]);
  await fixtures.createNamespace(c, NS);
  await fixtures.createPod(c, { namespace: NS, name: POD, state: 'running', containerPort: PORT });
  await c.apply({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: { name: POD, namespace: NS },
    spec: { forwards: [{ ports: [PORT], target: { address: '127.0.0.1', port: echo.port } }] },
  });
  const { merged } = await loadKubeconfig([harness.kubeconfigPath]);
  client = new ApiClient(accessFor(merged, c.context));
  // kwok serves the PortForward rule only once it has read it ("no forward found for port"
  // until then): the faults below start from a path proven to echo.
  await waitFor(
    async () => {
      const session = new SpdySession(await openSpdyOverWebSocket(target()));
      try {
        (await echoing(session)).destroy();
        return true;
      } catch {
        return false;
      } finally {
        session.close();
      }
    },
    { timeoutMs: 30_000, intervalMs: 250, what: "kwok serving the pod's port-forward rule" },
  );
});

afterAll(async () => {
  client?.close();
  await echo?.close();
  await harness?.stop();
});

// Whatever a test did, the next one starts with a running, unpaused API server.
afterEach(async () => {
  await c?.startApiServer();
});

const target = () => ({ client, namespace: NS, pod: POD, port: PORT });

/** A stream that echoes: proves the path before a fault. */
async function echoing(session: SpdySession): Promise<Duplex> {
  const s = await session.openPortStream(PORT);
  const back = new Promise<string>((resolve, reject) => {
    s.once('data', (d: Buffer) => resolve(d.toString()));
    s.once('error', reject);
  });
  s.write('hi');
  expect(await back).toBe('hi');
  return s;
}

/** How a stream ended: its error's message, or 'closed'. */
function endOf(s: Duplex): Promise<string> {
  return new Promise((resolve) => {
    s.once('error', (e) => resolve(e.message));
    s.once('close', () => resolve('closed'));
  });
}

describe('SPDY over WebSocket under API server faults (dedicated cluster)', () => {
  it('API server killed mid-transfer: the connection and the session end with a reason; a new tunnel works once it is back', async () => {
    const transport = await openSpdyOverWebSocket(target());
    const transportEnd = endOf(transport);
    const session = new SpdySession(transport);
    const stream = await echoing(session);
    stream.resume();
    const streamEnd = endOf(stream);
    // Keep bytes flowing while the server dies.
    const pump = setInterval(() => stream.writable && stream.write(randomBytes(64 * 1024)), 5);
    try {
      await new Promise((r) => setTimeout(r, 300));
      await c.stopApiServer();
      const reason = await transportEnd;
      console.log(`killed: the tunnel ended with "${reason}"; the stream with "${await streamEnd}"`);
      expect(reason).toMatch(
        /^(the tunnel's connection failed \(\w+\)|the API server ended the tunnel without closing the WebSocket|the tunnel closed without a WebSocket close)$/,
      );
      expect(await streamEnd).toMatch(/API server|tunnel/);
      await waitFor(async () => session.closed, { timeoutMs: 5_000, what: 'the session closed' });
      expect(session.closeReason).toMatch(/API server|connection/);
    } finally {
      clearInterval(pump);
    }
    const refused = await openSpdyOverWebSocket(target()).then(
      () => 'opened',
      (e: Error) => e.message,
    );
    expect(refused).toBe('cannot reach the API server for the port-forward (ECONNREFUSED)');

    await c.startApiServer();
    const again = new SpdySession(await openSpdyOverWebSocket(target()));
    try {
      await echoing(again);
    } finally {
      again.close('test over');
    }
  }, 120_000);

  it('API server stopped (SIGSTOP): the PING deadline ends the session; after SIGCONT a new tunnel works', async () => {
    const transport = await openSpdyOverWebSocket(target());
    const session = new SpdySession(transport, { pingIntervalMs: 500, pingTimeoutMs: 2_000 });
    await echoing(session);
    await c.pauseApiServer();
    const t0 = performance.now();
    await waitFor(async () => session.closed, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'the ping deadline',
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(session.closeReason).toMatch(/ping|PING/);
    console.log(`stopped: session closed after ${seconds.toFixed(1)} s: "${session.closeReason}"`);
    expect(seconds).toBeLessThan(10);
    // The tunnel under a dead session is let go.
    await waitFor(async () => transport.destroyed, { timeoutMs: 5_000, what: 'the tunnel closed' });

    c.resumeApiServer();
    const again = new SpdySession(await openSpdyOverWebSocket(target()));
    try {
      await echoing(again);
    } finally {
      again.close('test over');
    }
  }, 120_000);
});
