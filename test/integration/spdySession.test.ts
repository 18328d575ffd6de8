// The engine's own SPDY/3.1 port-forward session over the raw upgrade (what kubectl speaks),
// against the real API server and kwok's "kubelet", which dials real local servers: bytes both
// ways, many streams on one session, half-close, the pod's error text, PING round trips.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { DialError } from '../../src/main/core/forwards/tunnel/dialer';
import { SpdySession } from '../../src/main/core/forwards/tunnel/spdy/session';
import { openSpdyTransport } from '../../src/main/core/forwards/tunnel/spdy/spdyUpgrade';
import { readN, readToEnd, sha256Hex } from '../support/streams.ts';
import { sharedHarness } from './context.ts';
import { createSpdyEchoPod } from './spdyEchoPod.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const NS = 'spdy-session';
const POD = 'spdy-echo';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;
/** A pod port kwok forwards to a local port nothing listens on. */
const DEAD_PORT = 7001;
/** Bytes sent through one stream and echoed back (the final suite's figure is 256 MB). */
const TRANSFER_BYTES = 64 * 1024 * 1024;
/** Connections open at once on one session (the forward's own suite asks 200 per forward). */
const CONCURRENT = 200;

describe('SPDY/3.1 session over the raw upgrade (real API server, kwok)', () => {
  let client: ApiClient;
  let removePod: (() => Promise<void>) | undefined;
  const sessions: SpdySession[] = [];

  async function openSession(): Promise<SpdySession> {
    const transport = await openSpdyTransport({ client, namespace: NS, pod: POD, port: ECHO_PORT });
    const session = new SpdySession(transport);
    sessions.push(session);
    return session;
  }

  beforeAll(async () => {
    removePod = await createSpdyEchoPod(cluster, {
      namespace: NS,
      pod: POD,
      echoPort: ECHO_PORT,
      webPort: WEB_PORT,
      deadPort: DEAD_PORT,
    });
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    client = new ApiClient(accessFor(merged, cluster.context));
  });

  afterAll(async () => {
    for (const s of sessions) s.close('test over');
    client?.close();
    await removePod?.();
  });

  it(`carries ${TRANSFER_BYTES / 1024 / 1024} MB to the pod and back on one stream, sha256 matching`, async () => {
    const session = await openSession();
    // kwok may take a moment to see the PortForward: the first small exchange proves the path.
    const hello = await session.openPortStream(ECHO_PORT);
    const line = readN(hello, 6);
    hello.write('hello\n');
    expect((await line).toString()).toBe('hello\n');
    hello.destroy();

    const big = randomBytes(TRANSFER_BYTES);
    const stream = await session.openPortStream(ECHO_PORT);
    const started = performance.now();
    const back = readN(stream, big.length);
    stream.write(big);
    const got = await back;
    const seconds = (performance.now() - started) / 1000;
    expect(got.length).toBe(big.length);
    expect(sha256Hex(got)).toBe(sha256Hex(big));
    console.log(
      `raw SPDY: ${TRANSFER_BYTES / 1024 / 1024} MB up and echoed back in ${seconds.toFixed(2)} s ` +
        `(${(TRANSFER_BYTES / 1024 / 1024 / seconds).toFixed(1)} MB/s each way)`,
    );
    stream.destroy();
  }, 300_000);

  it(`${CONCURRENT} concurrent streams share ONE session, each getting its own bytes back`, async () => {
    const session = await openSession();
    const payloads = Array.from({ length: CONCURRENT }, () => randomBytes(128 * 1024));
    const heapBefore = process.memoryUsage().heapUsed;
    const streams = await Promise.all(payloads.map(() => session.openPortStream(ECHO_PORT)));
    const heapPerStream = (process.memoryUsage().heapUsed - heapBefore) / CONCURRENT;
    expect(session.openStreams).toBe(CONCURRENT);
    const results = await Promise.all(
      streams.map((s, i) => {
        const back = readN(s, payloads[i]!.length);
        s.write(payloads[i]);
        return back;
      }),
    );
    results.forEach((r, i) => expect(sha256Hex(r)).toBe(sha256Hex(payloads[i]!)));
    console.log(
      `raw SPDY: ${CONCURRENT} open streams on one session, ~${Math.round(heapPerStream / 1024)} KiB of heap each`,
    );
    for (const s of streams) s.destroy();
    await expect.poll(() => session.openStreams).toBe(0);
    expect(session.closed).toBe(false);
  }, 120_000);

  it('a client that half-closes after its request still gets the whole answer', async () => {
    const session = await openSession();
    const stream = await session.openPortStream(WEB_PORT);
    const answer = readToEnd(stream);
    stream.write('GET /half-close HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    stream.end();
    const text = (await answer).toString();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('"url":"/half-close"');
  }, 30_000);

  it('a connection dropped mid-transfer (RST CANCEL) leaves the session healthy for the next ones', async () => {
    const session = await openSession();
    for (let i = 0; i < 3; i++) {
      const doomed = await session.openPortStream(ECHO_PORT);
      const some = readN(doomed, 1024 * 1024);
      doomed.write(randomBytes(8 * 1024 * 1024)); // far more than is read before the drop
      await some;
      doomed.destroy(); // the echo keeps coming for a while: frames for a stream that is gone
    }
    await expect.poll(() => session.openStreams).toBe(0);
    const next = await session.openPortStream(ECHO_PORT);
    const payload = randomBytes(256 * 1024);
    const back = readN(next, payload.length);
    next.write(payload);
    expect(sha256Hex(await back)).toBe(sha256Hex(payload));
    expect(await session.ping()).toBeGreaterThanOrEqual(0);
    expect(session.closed).toBe(false);
  }, 60_000);

  it('both sides ending normally closes the stream without a reset, and the count goes back to 0', async () => {
    const session = await openSession();
    const stream = await session.openPortStream(WEB_PORT);
    const answer = readToEnd(stream);
    stream.end('GET /done HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    expect((await answer).toString()).toMatch(/^HTTP\/1\.1 200 /);
    await new Promise<void>((r) => (stream.destroyed ? r() : stream.once('close', () => r())));
    expect(stream.errored).toBeNull();
    expect(session.openStreams).toBe(0);
  }, 30_000);

  it("a pod port that refuses: that connection ends with the server's error text; the session and its other streams go on", async () => {
    const session = await openSession();
    const working = await session.openPortStream(ECHO_PORT);
    const texts: string[] = [];
    const outcome = await session
      .openPortStream(DEAD_PORT, (t) => texts.push(t))
      .then(
        (s) =>
          new Promise<string>((resolve) => {
            s.once('error', (e) => resolve(e.message));
            s.once('close', () => resolve('closed without error'));
            s.write('anyone?');
          }),
        (e: unknown) => (e instanceof DialError ? e.message : String(e)),
      );
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/refused/i);
    expect(outcome).toBe(texts[0]);
    expect(session.closed).toBe(false);
    const two = readN(working, 2);
    working.write('ok');
    expect((await two).toString()).toBe('ok');
  }, 30_000);

  it('PING round trips are answered by the real server', async () => {
    const transport = await openSpdyTransport({ client, namespace: NS, pod: POD, port: ECHO_PORT });
    const session = new SpdySession(transport, { pingIntervalMs: 200, pingTimeoutMs: 5_000 });
    sessions.push(session);
    const rtt = await session.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(rtt).toBeLessThan(5_000);
    await expect.poll(() => session.lastPingRttMs, { timeout: 5_000 }).toBeDefined();
    expect(session.closed).toBe(false);
  });

  it('an API server that stops answering (SIGSTOP): the PING deadline ends the session and its streams in words; after SIGCONT a new session works', async () => {
    const transport = await openSpdyTransport({ client, namespace: NS, pod: POD, port: ECHO_PORT });
    const session = new SpdySession(transport, { pingIntervalMs: 300, pingTimeoutMs: 1_500 });
    sessions.push(session);
    const stream = await session.openPortStream(ECHO_PORT);
    const streamError = new Promise<string>((r) => stream.once('error', (e) => r(e.message)));
    const closed = new Promise<string>((r) => session.once('close', r));
    await cluster.pauseApiServer();
    const paused = performance.now();
    try {
      expect(await closed).toBe('the API server stopped answering pings for 1.5 s');
      // One interval to send the ping, then its deadline (with slack for a loaded machine).
      expect(performance.now() - paused).toBeLessThan(6_000);
      expect(await streamError).toMatch(
        /the tunnel to the pod closed: the API server stopped answering pings/,
      );
    } finally {
      cluster.resumeApiServer();
    }
    const again = await openSession();
    const s = await again.openPortStream(ECHO_PORT);
    const two = readN(s, 2);
    s.write('ok');
    expect((await two).toString()).toBe('ok');
  }, 60_000);

  it('a pod that does not exist: the upgrade is refused with DialError pod-gone (404)', async () => {
    const err = await openSpdyTransport({ client, namespace: NS, pod: 'no-such-pod', port: ECHO_PORT }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DialError);
    expect((err as DialError).failure).toBe('pod-gone');
    expect((err as DialError).message).toMatch(/spdy-session\/no-such-pod is gone \(404\)/);
  });

  it('credentials the server rejects: DialError unauthorized (401)', async () => {
    const { merged } = await loadKubeconfig([h.kubeconfigPath]);
    const bad = new ApiClient(accessFor(merged, cluster.contextFor('badtoken')));
    try {
      const err = await openSpdyTransport({ client: bad, namespace: NS, pod: POD, port: ECHO_PORT }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as DialError).failure).toBe('unauthorized');
      expect((err as DialError).message).toMatch(/credentials rejected \(401\)/);
    } finally {
      bad.close();
    }
  });
});
