// The forward benchmark's load: an echo server (the pod's app) and the client that measures
// through a forward, on their own thread. A user's client and the app never run inside the
// engine; measuring from the engine's own event loop would make the local hop compete with the
// load generator and the echo server, a cost no user sees. Run by Node directly (type stripping).
import { connect, createServer, type Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';

const MB = 1024 * 1024;

/** What the benchmark asks this thread to do. */
export type LoadRequest =
  | { id: number; op: 'echo-server' }
  | { id: number; op: 'throughput'; port: number; bytes: number }
  | { id: number; op: 'ping-pong'; port: number; n: number }
  | { id: number; op: 'ttfb'; port: number; n: number };

/** Sends `bytes` through an echo at `port` and times until all came back: MB/s. */
function throughput(port: number, bytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', noDelay: true });
    let got = 0;
    let sent = 0;
    const t0 = performance.now();
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!s.write(chunk)) return void s.once('drain', pump);
      }
    };
    s.on('connect', pump);
    s.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= bytes) {
        const secs = (performance.now() - t0) / 1000;
        s.destroy();
        resolve(bytes / MB / secs);
      }
    });
    s.on('error', reject);
  });
}

/** Round-trip times (ms) of `n` 32-byte ping-pongs over one connection. */
async function pingPong(port: number, n: number): Promise<number[]> {
  const s: Socket = connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise((r) => s.once('connect', r));
  const out: number[] = [];
  const msg = Buffer.alloc(32, 0x62);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (d: Buffer) => {
        got += d.length;
        if (got >= msg.length) {
          s.off('data', onData);
          resolve();
        }
      };
      s.on('data', onData);
      s.write(msg);
    });
    out.push(performance.now() - t0);
  }
  s.destroy();
  return out;
}

/**
 * Time to first byte of `n` new connections, one after another (ms): from connect() to the
 * first echoed byte of a 32-byte message written as soon as the connection is up.
 */
async function firstByte(port: number, n: number): Promise<number[]> {
  const out: number[] = [];
  const msg = Buffer.alloc(32, 0x63);
  for (let i = 0; i < n; i++) {
    out.push(
      await new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        const s = connect({ port, host: '127.0.0.1', noDelay: true }, () => s.write(msg));
        s.once('data', () => {
          resolve(performance.now() - t0);
          s.destroy();
        });
        s.once('error', reject);
        s.once('close', () => reject(new Error('closed before the first byte')));
      }),
    );
  }
  return out;
}

function echoServer(): Promise<number> {
  const server = createServer((sock) => {
    sock.on('error', () => sock.destroy());
    sock.pipe(sock);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

parentPort?.on('message', (req: LoadRequest) => {
  const work =
    req.op === 'echo-server'
      ? echoServer()
      : req.op === 'throughput'
        ? throughput(req.port, req.bytes)
        : req.op === 'ping-pong'
          ? pingPong(req.port, req.n)
          : firstByte(req.port, req.n);
  work.then(
    (value) => parentPort?.postMessage({ id: req.id, value }),
    (err: unknown) => parentPort?.postMessage({ id: req.id, error: String(err) }),
  );
});
