// Real local servers for port-forward tests: kwok's PortForward resources dial these, so
// bytes sent through `kubectl port-forward` reach something the test controls.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A server listening on 127.0.0.1. */
export interface LocalServer {
  port: number;
  /** Connections accepted so far (to prove traffic arrived). */
  readonly connections: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      if (typeof addr === 'object' && addr) resolve(addr.port);
      else reject(new Error('server has no address'));
    });
  });
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** TCP echo server: writes back every byte it receives. Port 0 picks a free one. */
export async function startEchoServer(opts: { port?: number } = {}): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  const port = await listen(server, opts.port ?? 0);
  return {
    port,
    get connections() {
      return connections;
    },
    close: closer(server, sockets),
  };
}

/** Handler for startHttpServer; the default answers 200 with JSON describing the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

const describeRequest: HttpHandler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, method: req.method, url: req.url }));
};

/** HTTP server on 127.0.0.1; by default every request gets 200 and a JSON body. */
export async function startHttpServer(
  opts: { port?: number; handler?: HttpHandler } = {},
): Promise<LocalServer & { requests: number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const handler = opts.handler ?? describeRequest;
  const server = createHttpServer((req, res) => {
    requests++;
    handler(req, res);
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, opts.port ?? 0);
  return {
    port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    close: closer(server, sockets),
  };
}
