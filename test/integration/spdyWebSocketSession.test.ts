// A SPDY/3.1 port-forward session carried by the SPDY-over-WebSocket tunnel (KEP-4006): the
// session code of the raw upgrade, unchanged, over openSpdyOverWebSocket, against the real API
// server and kwok's "kubelet", which dials real local servers.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialError } from '../../src/main/core/forwards/tunnel/dialer';
import { SpdySession } from '../../src/main/core/forwards/tunnel/spdy/session';
import { openSpdyOverWebSocket } from '../../src/main/core/forwards/tunnel/ws/spdyOverWebSocket';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { readN, readToEnd, sha256Hex } from '../support/streams.ts';
import { sharedHarness } from './context.ts';
import { createSpdyEchoPod } from './spdyEchoPod.ts';

const h = sharedHarness();
const cluster = h.cluster('a');
const NS = 'spdy-ws-session';
const POD = 'sws-echo';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;
/** A pod port kwok forwards to a local port nothing listens on. */
const DEAD_PORT = 7001;
const TRANSFER_BYTES = 64 * 1024 * 1024;

describe('SPDY/3.1 session over the SPDY-over-WebSocket tunnel (real API server, kwok)', () => {
  let client: ApiClient;
  let removePod: (() => Promise<void>) | undefined;
  const sessions: SpdySession[] = [];

  async function openSession(): Promise<{ session: SpdySession; transport: Duplex }> {
    const transport = await openSpdyOverWebSocket({ client, namespace: NS, pod: POD, port: ECHO_PORT });
    const session = new SpdySession(transport);
    sessions.push(session);
    return { session, transport };
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
    const { session } = await openSession();
    // kwok may take a moment to see the PortForward: a small exchange proves the path first.
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
      `SPDY over WebSocket: ${TRANSFER_BYTES / 1024 / 1024} MB up and echoed back in ${seconds.toFixed(2)} s ` +
        `(${(TRANSFER_BYTES / 1024 / 1024 / seconds).toFixed(1)} MB/s each way)`,
    );
    stream.destroy();
    expect(session.closed).toBe(false);
  }, 300_000);

  it('16 concurrent streams share ONE tunnel, each getting its own bytes back', async () => {
    const { session } = await openSession();
    const payloads = Array.from({ length: 16 }, () => randomBytes(512 * 1024));
    const streams = await Promise.all(payloads.map(() => session.openPortStream(ECHO_PORT)));
    expect(session.openStreams).toBe(16);
    const results = await Promise.all(
      streams.map((s, i) => {
        const back = readN(s, payloads[i]!.length);
        s.write(payloads[i]);
        return back;
      }),
    );
    results.forEach((r, i) => expect(sha256Hex(r)).toBe(sha256Hex(payloads[i]!)));
    for (const s of streams) s.destroy();
    await expect.poll(() => session.openStreams).toBe(0);
    expect(session.closed).toBe(false);
  }, 120_000);

  it('a client that half-closes after its request still gets the whole answer', async () => {
    const { session } = await openSession();
    const stream = await session.openPortStream(WEB_PORT);
    const answer = readToEnd(stream);
    stream.write('GET /half-close-ws HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    stream.end();
    const text = (await answer).toString();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('"url":"/half-close-ws"');
  }, 30_000);

  it("a pod port that refuses: that connection ends with the server's error text; the tunnel goes on", async () => {
    const { session } = await openSession();
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

  it('PING round trips go end to end; closing the session closes the tunnel without an error', async () => {
    const { session, transport } = await openSession();
    const rtt = await session.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(rtt).toBeLessThan(5_000);
    const errors: Error[] = [];
    transport.on('error', (e) => errors.push(e));
    const closed = new Promise<void>((r) => transport.once('close', () => r()));
    session.close('done');
    await closed;
    expect(errors).toEqual([]);
  });
});
