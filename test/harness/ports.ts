// Free TCP ports on loopback. kwokctl picks its own ports by scanning down from a fixed
// number, so two clusters created at the same time would pick the same ones; we pick
// every port ourselves and hand them over.
import { connect, createServer } from 'node:net';

/** Ports handed out by this process, so parallel callers never get the same one. */
const handedOut = new Set<number>();

function onePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** `n` distinct ports that were free a moment ago and that we have not handed out before. */
export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await onePort();
    if (!handedOut.has(p)) {
      handedOut.add(p);
      ports.push(p);
    }
  }
  return ports;
}

/**
 * Resolves once connecting to 127.0.0.1:port is refused. A killed Go server's main
 * thread turns zombie before its other threads exit and its sockets close; until then
 * the kernel still accepts connections (which then reset).
 */
export async function waitPortClosed(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    if (Date.now() > deadline)
      throw new Error(`port ${port} still accepts connections after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
