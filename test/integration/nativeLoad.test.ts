// Load through native forwards (the engine's default protocol order, no kubectl): 200
// concurrent connections through one forward, then 50 forwards on 2 clusters with 10
// connections each exchanging bytes for 2 minutes — every exchange must come back whole.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../harness/index.ts';
import { exposeViaPortForward, fixtures, startEchoServer } from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { startEngineUnderTest, type EngineUnderTest } from '../support/engineUnderTest';
import { sharedHarness } from './context';

const h = sharedHarness();
const clusters = [h.cluster('a'), h.cluster('b')];
const NS = 'tether-native-load';
const ECHO_PORT = 7000;
/** How long the 50 forwards are kept busy. */
const SOAK_MS = 120_000;

/** Opens a connection through the forward, resolving once it is connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** One echo exchange on an open connection: what was sent must come back, byte for byte. */
function exchange(s: Socket, size: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = randomBytes(size);
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(
      () => finish(new Error(`only ${got} of ${size} bytes came back in time`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got < size) return;
      finish(
        Buffer.concat(chunks).equals(out) ? undefined : new Error('the echo differs from what was sent'),
      );
    };
    const onClose = () => finish(new Error(`closed after ${got} of ${size} bytes`));
    const finish = (err?: Error) => {
      clearTimeout(timer);
      s.off('data', onData);
      s.off('close', onClose);
      s.off('error', onClose);
      if (err) reject(err);
      else resolve();
    };
    s.on('data', onData);
    s.once('close', onClose);
    s.once('error', onClose);
    s.write(out);
  });
}

describe('native forwards under load (real API servers)', () => {
  let echo: LocalServer;
  let t: EngineUnderTest;
  const exposures: Exposure[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    const prepare = async (c: ClusterHandle) => {
      await fixtures.createNamespace(c, NS);
      await fixtures.createApp(c, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT });
      exposures.push(
        await exposeViaPortForward(c, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } }),
      );
    };
    await Promise.all(clusters.map(prepare));
    t = await startEngineUnderTest({
      kubeconfigPath: h.kubeconfigPath,
      env: { TETHER_FORWARD_ENGINE: 'native' },
    });
  });

  afterAll(async () => {
    await t?.stop();
    await Promise.all(exposures.map((e) => e.remove()));
    await echo?.close();
    await Promise.all(
      clusters.map((c) => c.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false })),
    );
  });

  it(
    '200 concurrent connections through one forward each get their own bytes back',
    { timeout: 120_000 },
    async () => {
      const s = await t.startActive({
        name: 'load 200',
        context: clusters[0]!.context,
        namespace: NS,
        target: 'service/echo',
        remotePort: ECHO_PORT,
      });
      const sockets = await Promise.all(Array.from({ length: 200 }, () => open(s.localPort!)));
      try {
        const results = await Promise.allSettled(sockets.map((c) => exchange(c, 64 * 1024)));
        const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
        expect(failed).toEqual([]);
        expect(t.status(s.spec.id).traffic.openConnections).toBe(200);
      } finally {
        for (const c of sockets) c.destroy();
      }
      await t.call('forwards:stop', { id: s.spec.id });
    },
  );

  it(
    '50 forwards on 2 clusters × 10 connections each, busy for 2 minutes: 0 errors',
    { timeout: SOAK_MS + 120_000 },
    async () => {
      const forwards = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.startActive(
            {
              name: `soak ${i}`,
              context: clusters[i % 2]!.context,
              namespace: NS,
              target: 'service/echo',
              remotePort: ECHO_PORT,
            },
            60_000,
          ),
        ),
      );
      expect(new Set(forwards.map((f) => f.localPort)).size).toBe(50);
      const sockets = (
        await Promise.all(
          forwards.map((f) => Promise.all(Array.from({ length: 10 }, () => open(f.localPort!)))),
        )
      ).flat();
      expect(sockets).toHaveLength(500);
      const errors: string[] = [];
      let exchanges = 0;
      const until = performance.now() + SOAK_MS;
      try {
        await Promise.all(
          sockets.map(async (c) => {
            while (performance.now() < until && errors.length === 0) {
              try {
                await exchange(c, 1 + Math.floor(Math.random() * 16 * 1024));
                exchanges++;
              } catch (err) {
                errors.push(String(err));
                return;
              }
              await new Promise((r) => setTimeout(r, 20));
            }
          }),
        );
      } finally {
        for (const c of sockets) c.destroy();
      }
      console.log(`soak: ${exchanges} exchanges on 500 connections through 50 forwards`);
      expect(errors).toEqual([]);
      expect(exchanges).toBeGreaterThan(5_000);
      for (const f of forwards) expect(t.status(f.spec.id).state).toBe('Active');
    },
  );
});
