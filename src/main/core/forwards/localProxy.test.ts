import { createServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalProxy } from './localProxy';
import { tcpDialer, type Dialer } from './tunnel/dialer';

// An upstream echo server standing in for kubectl's port.
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => s.write(text));
    s.on('data', (d) => {
      got += d.toString();
      if (got.length >= text.length) {
        s.end();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.on('close', () => (got.length < text.length ? reject(new Error(`closed after "${got}"`)) : undefined));
  });
}

describe('LocalProxy', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  const proxyFor = async (opts: Partial<ConstructorParameters<typeof LocalProxy>[0]> = {}) => {
    const failures: Dialer[] = [];
    const proxy = new LocalProxy({
      host: '127.0.0.1',
      port: 0,
      onUpstreamFailure: (p) => failures.push(p),
      ...opts,
    });
    const port = await proxy.listen();
    cleanup.push(() => proxy.close());
    return { proxy, port, failures };
  };

  it('carries bytes both ways and counts them', async () => {
    const up = await echoServer();
    cleanup.push(() => up.server.close());
    const { proxy, port } = await proxyFor();
    proxy.setUpstream(tcpDialer(up.port));
    expect(await roundTrip(port, 'hello')).toBe('hello');
    // The client's close reaches the proxy a moment after the echo came back.
    for (let i = 0; i < 100 && proxy.traffic().openConnections > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(proxy.traffic()).toMatchObject({
      bytesIn: 5,
      bytesOut: 5,
      totalConnections: 1,
      openConnections: 0,
    });
  });

  it('holds clients while there is no tunnel and serves them once one is set', async () => {
    const up = await echoServer();
    cleanup.push(() => up.server.close());
    const { proxy, port } = await proxyFor();
    const pending = roundTrip(port, 'held');
    await new Promise((r) => setTimeout(r, 100));
    expect(proxy.traffic().heldConnections).toBe(1);
    proxy.setUpstream(tcpDialer(up.port));
    expect(await pending).toBe('held');
  });

  it('closes a held client after the hold time', async () => {
    const { port } = await proxyFor({ holdMs: 100 });
    await expect(roundTrip(port, 'x')).rejects.toThrow(/closed|ECONNRESET/);
  });

  it('a refused tunnel port holds the client again and reports it; a new tunnel serves it', async () => {
    const dead = await echoServer();
    const deadPort = dead.port;
    await new Promise((r) => dead.server.close(r));
    const up = await echoServer();
    cleanup.push(() => up.server.close());
    const { proxy, port, failures } = await proxyFor();
    const deadDialer = tcpDialer(deadPort);
    proxy.setUpstream(deadDialer);
    const pending = roundTrip(port, 'retry');
    await new Promise((r) => setTimeout(r, 100));
    expect(failures).toEqual([deadDialer]);
    expect(proxy.currentUpstream).toBeUndefined();
    proxy.setUpstream(tcpDialer(up.port));
    expect(await pending).toBe('retry');
  });

  it('one client resetting never affects another', async () => {
    const up = await echoServer();
    cleanup.push(() => up.server.close());
    const { proxy, port } = await proxyFor();
    proxy.setUpstream(tcpDialer(up.port));
    const rude = connect(port, '127.0.0.1');
    await new Promise((r) => rude.once('connect', r));
    rude.write('partial');
    rude.resetAndDestroy();
    expect(await roundTrip(port, 'fine')).toBe('fine');
  });

  it('a taken port rejects listen() with EADDRINUSE', async () => {
    const { port } = await proxyFor();
    const second = new LocalProxy({ host: '127.0.0.1', port, onUpstreamFailure: () => {} });
    await expect(second.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
