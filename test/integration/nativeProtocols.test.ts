// Each native protocol forced in turn (TETHER_FORWARD_PROTOCOL), through a real forward of the
// engine, the real API server and kwok to a real local server: 256 MB both ways with matching
// sha256, an HTTP request, and a client that half-closes after its request and still gets the
// whole answer. No protocol is skipped: each has its own describe block, run every time.
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_PROTOCOLS } from '../../src/main/core/forwards/tunnel/protocolChoice';
import {
  descendantsNamed,
  exposeViaPortForward,
  fixtures,
  startEchoServer,
  startHttpServer,
} from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { startEngineUnderTest, type EngineUnderTest } from '../support/engineUnderTest';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-native-protocols';
const ECHO_PORT = 7000;
const WEB_PORT = 8080;
const MB = 1024 * 1024;
/** Bytes sent each way per protocol. */
const TRANSFER = Number(process.env.TETHER_TEST_TRANSFER_MB ?? 256) * MB;

/**
 * Sends `total` fresh random bytes through the echo and reads them back at the same time;
 * resolves with both digests and the seconds it took.
 */
function echoTransfer(port: number, total: number): Promise<{ sent: string; got: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let received = 0;
    let written = 0;
    const t0 = performance.now();
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      got.update(d);
      received += d.length;
      if (received >= total) {
        socket.destroy();
        resolve({
          sent: sent.digest('hex'),
          got: got.digest('hex'),
          seconds: (performance.now() - t0) / 1000,
        });
      }
    });
    socket.once('close', () => {
      if (received < total) reject(new Error(`closed after ${received} of ${total} bytes came back`));
    });
    const pump = () => {
      while (written < total) {
        const chunk = randomBytes(Math.min(MB, total - written));
        sent.update(chunk);
        written += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.once('connect', pump);
  });
}

/** Writes a request, half-closes, and collects everything until the server closes. */
function halfCloseRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.once('end', () => {
      socket.end();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.end(request));
  });
}

describe('native protocols, each forced in turn (real API server)', () => {
  let echo: LocalServer;
  let http: LocalServer;
  const exposures: Exposure[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    http = await startHttpServer();
    await fixtures.createNamespace(a, NS);
    await Promise.all([
      fixtures.createApp(a, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT }),
      fixtures.createApp(a, { namespace: NS, name: 'web', port: 80, containerPort: WEB_PORT }),
    ]);
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } }),
      await exposeViaPortForward(a, { namespace: NS, port: WEB_PORT, target: { port: http.port } }),
    );
  });

  afterAll(async () => {
    await Promise.all(exposures.map((e) => e.remove()));
    await Promise.all([echo?.close(), http?.close()]);
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  for (const protocol of NATIVE_PROTOCOLS) {
    describe(protocol, () => {
      let t: EngineUnderTest;
      beforeAll(async () => {
        // No PATH and no TETHER_KUBECTL: a forward that fell back to kubectl could not start.
        t = await startEngineUnderTest({
          kubeconfigPath: h.kubeconfigPath,
          env: { TETHER_FORWARD_ENGINE: 'native', TETHER_FORWARD_PROTOCOL: protocol },
        });
      });
      afterAll(async () => t?.stop());

      it(`carries ${TRANSFER / MB} MB both ways with matching sha256`, { timeout: 180_000 }, async () => {
        const s = await t.startActive({
          name: `bulk ${protocol}`,
          context: a.context,
          namespace: NS,
          target: 'service/echo',
          remotePort: ECHO_PORT,
        });
        expect(s.protocol).toBe(protocol);
        const r = await echoTransfer(s.localPort!, TRANSFER);
        expect(r.got).toBe(r.sent);
        console.log(`${protocol}: ${TRANSFER / MB} MB each way in ${r.seconds.toFixed(1)} s`);
        expect(descendantsNamed('kubectl')).toEqual([]);
        await t.call('forwards:stop', { id: s.spec.id });
      });

      it('an HTTP request, and a client that half-closes after its request still gets the whole answer', async () => {
        const s = await t.startActive({
          name: `web ${protocol}`,
          context: a.context,
          namespace: NS,
          target: 'service/web',
          remotePort: 80,
        });
        expect(s.protocol).toBe(protocol);
        const res = await fetch(`http://127.0.0.1:${s.localPort}/hello`);
        expect(res.status).toBe(200);
        const answer = await halfCloseRequest(
          s.localPort!,
          'GET /half-close HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        );
        expect(answer).toMatch(/^HTTP\/1\.1 200/);
        // The whole answer: the body names the request it answers, and the last chunk came.
        expect(answer).toContain('"url":"/half-close"');
        expect(answer.endsWith('0\r\n\r\n')).toBe(true);
        await t.call('forwards:stop', { id: s.spec.id });
      });
    });
  }
});
