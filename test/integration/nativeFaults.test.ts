// Native forwards (the engine's own SPDY over WebSocket, no kubectl) when the API server or the
// pod fails under them, on a dedicated cluster so the shared ones stay healthy: the API server
// killed mid-transfer and started again, the API server stopped (SIGSTOP) for 20 s, and the
// pod deleted mid-stream. In each, the open connection ends instead of hanging, the forward
// says why, the local port keeps accepting clients, and a new connection carries bytes again
// on the same port.
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../src/shared/contract';
import {
  echoThrough,
  exposeViaPortForward,
  fixtures,
  sleep,
  startEchoServer,
  startHarness,
  waitFor,
} from '../harness/index.ts';
import type { ClusterHandle, Harness, LocalServer } from '../harness/index.ts';
import { startEngineUnderTest, type EngineUnderTest } from '../support/engineUnderTest';

const NS = 'native-faults';
const PORT = 7000;

let harness: Harness;
let c: ClusterHandle;
let echo: LocalServer;
let eut: EngineUnderTest;

beforeAll(async () => {
  harness = await startHarness({ clusters: ['nfault'] });
  c = harness.cluster('nfault');
  echo = await startEchoServer();
  // A dedicated cluster has no nodes until one is made: the pods need one to run on.
  await fixtures.createNodes(c, [{ name: 'nfault-node' }]);
  await fixtures.createNamespace(c, NS);
  await fixtures.createApp(c, { namespace: NS, name: 'echo', port: PORT, containerPort: PORT });
  // A ClusterPortForward for the namespace: replacement pods (new names) are covered too.
  await exposeViaPortForward(c, { namespace: NS, port: PORT, target: { port: echo.port } });
  eut = await startEngineUnderTest({
    kubeconfigPath: harness.kubeconfigPath,
    env: { TETHER_FORWARD_ENGINE: 'native' },
  });
});

afterAll(async () => {
  await eut?.stop();
  await echo?.close();
  await harness?.stop();
});

// Whatever a test did, the next one starts with a running, unpaused API server and no forward.
afterEach(async () => {
  await c?.startApiServer();
  if (eut) await eut.engine.forwards.stopAll();
});

/** A forward to the echo Deployment, Active, with one echo through it proving the path. */
async function echoForward(name: string): Promise<ForwardStatus> {
  const s = await eut.startActive(
    { name, context: c.context, namespace: NS, target: 'deployment/echo', remotePort: PORT },
    60_000,
  );
  expect(s.protocol).toBe('spdy-websocket');
  expect(await echoThrough(s.localPort!, `${name}\n`)).toBe(`${name}\n`);
  return s;
}

/** A client streaming bytes through the forward and reading the echo, until its connection ends. */
interface Transfer {
  /** Echoed bytes received so far. */
  received(): number;
  /** How the connection ended: the socket error's code or message, or 'closed'. */
  ended: Promise<string>;
  /** Whether it ended (settled) yet. */
  readonly done: boolean;
  socket: Socket;
}

function startTransfer(port: number): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let received = 0;
    let done = false;
    const pump = () => {
      while (!socket.destroyed && socket.writable && socket.write(chunk));
    };
    socket.on('data', (d: Buffer) => (received += d.length));
    socket.on('drain', pump);
    const ended = new Promise<string>((res) => {
      let why = 'closed';
      socket.once('error', (e: NodeJS.ErrnoException) => (why = e.code ?? e.message));
      socket.once('close', () => {
        done = true;
        res(why);
      });
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      pump();
      resolve({
        received: () => received,
        ended,
        get done() {
          return done;
        },
        socket,
      });
    });
  });
}

/** Connects and reports whether the local port took the connection: 'connected' or the error code. */
function connectOutcome(port: number): Promise<{ outcome: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ outcome: e.code ?? e.message, socket }));
    socket.once('connect', () => resolve({ outcome: 'connected', socket }));
  });
}

/** What a held client got once the forward served again: the echo, or how it was closed. */
function echoOnHeld(socket: Socket, payload: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.length >= payload.length) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(got.length >= payload.length ? got : `closed after ${JSON.stringify(got)}`);
    });
    socket.write(payload);
  });
}

const logText = (from: number) =>
  eut.log.records
    .slice(from)
    .map((r) => `${r.level} ${r.msg} ${JSON.stringify(r.fields)}`)
    .join('\n');

describe('native forwards under API server and pod faults (dedicated cluster)', () => {
  it('API server killed mid-transfer: the connection ends, the forward waits with a reason, the port holds new clients, and after the restart a new connection carries bytes on the same port', async () => {
    const s = await echoForward('killed');
    const port = s.localPort!;
    const logFrom = eut.log.records.length;
    const transfer = await startTransfer(port);
    await waitFor(async () => transfer.received() > 1024 * 1024, {
      timeoutMs: 20_000,
      what: 'bytes flowing through the forward',
    });

    await c.stopApiServer();
    const endedIn = await Promise.race([
      transfer.ended.then((how) => `ended: ${how}`),
      sleep(15_000).then(() => 'still open after 15 s'),
    ]);
    expect(endedIn).toMatch(/^ended: /);

    const waiting = await waitFor(
      async () => {
        const st = eut.status(s.spec.id);
        return st.state === 'Reconnecting' ? st : undefined;
      },
      { timeoutMs: 20_000, what: `the forward waiting (now ${eut.status(s.spec.id).state})` },
    );
    console.log(`killed: the transfer ${endedIn}; the forward says "${waiting.reason}"\n${logText(logFrom)}`);
    expect(waiting.reason ?? '').toMatch(/cluster|API server/i);
    expect(waiting.localPort).toBe(port);

    // The local port stays bound while the API server is down: a client is taken, not refused.
    const held = await connectOutcome(port);
    expect(held.outcome).toBe('connected');
    const heldAnswer = echoOnHeld(held.socket, 'held\n', 60_000);

    await c.startApiServer();
    const back = await waitFor(
      async () => {
        const st = eut.status(s.spec.id);
        return st.state === 'Active' ? st : undefined;
      },
      { timeoutMs: 60_000, what: `the forward Active again (now ${eut.status(s.spec.id).reason})` },
    );
    expect(back.localPort).toBe(port);
    expect(await echoThrough(port, 'after restart\n')).toBe('after restart\n');
    // The client held through the outage was served, or closed cleanly after the hold time.
    const heldResult = await heldAnswer;
    console.log(`killed: the client held through the outage got ${JSON.stringify(heldResult)}`);
    expect(heldResult).toMatch(/^(held\n|closed after "")$/);
  });

  it('API server stopped (SIGSTOP) for 20 s: the ping deadline ends the session with that reason, and after SIGCONT the forward serves again on the same port', async () => {
    const s = await echoForward('paused');
    const port = s.localPort!;
    const transfer = await startTransfer(port);
    await waitFor(async () => transfer.received() > 1024 * 1024, {
      timeoutMs: 20_000,
      what: 'bytes flowing through the forward',
    });
    const logFrom = eut.log.records.length;

    const t0 = performance.now();
    await c.pauseApiServer();
    let detectedMs: number;
    let during: ForwardStatus;
    try {
      // Default pings: one every 10 s, 10 s to answer, so a dead session is known within 20 s.
      await waitFor(async () => /stopped answering pings/.test(logText(logFrom)), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'the ping deadline to fire',
      });
      detectedMs = performance.now() - t0;
      during = await waitFor(
        async () => {
          const st = eut.status(s.spec.id);
          return st.state === 'Reconnecting' ? st : undefined;
        },
        { timeoutMs: 10_000, what: `the forward to say so (now ${eut.status(s.spec.id).state})` },
      );
      // The open connection ended with the session, instead of hanging on a silent server.
      await waitFor(async () => transfer.done, { timeoutMs: 5_000, what: 'the open connection to end' });
      const held = await connectOutcome(port);
      expect(held.outcome).toBe('connected');
      held.socket.destroy();
      await sleep(Math.max(0, 20_000 - (performance.now() - t0)));
    } finally {
      c.resumeApiServer();
    }
    console.log(
      `paused: the ping deadline fired after ${(detectedMs / 1000).toFixed(1)} s; ` +
        `the forward said "${during.reason}"; the transfer ended: ${await transfer.ended}`,
    );
    expect(detectedMs).toBeLessThan(30_000);
    expect(during.reason ?? '').toMatch(/ping|API server|cluster/i);
    expect(during.localPort).toBe(port);

    const back = await waitFor(
      async () => {
        const st = eut.status(s.spec.id);
        return st.state === 'Active' ? st : undefined;
      },
      { timeoutMs: 60_000, what: `the forward Active again (now ${eut.status(s.spec.id).reason})` },
    );
    expect(back.localPort).toBe(port);
    expect(await echoThrough(port, 'after SIGCONT\n')).toBe('after SIGCONT\n');
  });

  it("pod deleted mid-stream: the open stream ends with a reason naming the pod, and the next connection works on the Deployment's replacement pod", async () => {
    const s = await echoForward('deleted');
    const port = s.localPort!;
    const pod = s.pod!;
    const transfer = await startTransfer(port);
    await waitFor(async () => transfer.received() > 1024 * 1024, {
      timeoutMs: 20_000,
      what: 'bytes flowing through the forward',
    });
    const logFrom = eut.log.records.length;

    await c.kubectl(['delete', 'pod', pod, '-n', NS, '--grace-period=0', '--force']);
    const endedIn = await Promise.race([
      transfer.ended.then((how) => `ended: ${how}`),
      sleep(20_000).then(() => 'still open after 20 s'),
    ]);
    expect(endedIn).toMatch(/^ended: /);
    const log = logText(logFrom);
    console.log(`deleted: the stream ${endedIn}; the log says:\n${log}`);
    expect(log).toMatch(new RegExp(`pod ${pod}.*(deleted|went away)`));

    const back = await waitFor(
      async () => {
        const st = eut.status(s.spec.id);
        return st.state === 'Active' && st.pod !== pod ? st : undefined;
      },
      {
        timeoutMs: 60_000,
        what: `the forward Active on the replacement pod (now ${eut.status(s.spec.id).reason})`,
      },
    );
    expect(back.localPort).toBe(port);
    const [replacement] = await fixtures.waitForRunningPods(c, NS, 'app=echo', 1);
    expect(back.pod).toBe(replacement!.metadata.name);
    expect(await echoThrough(port, 'on the replacement\n')).toBe('on the replacement\n');
  });
});
