import type { Duplex } from 'node:stream';
import { ByteReader } from './byteReader';
import { ProxyTunnelError } from './proxyErrors';

/** A proxy's answer head larger than this is not a CONNECT answer. */
const MAX_HEAD_BYTES = 16 * 1024;

/** The CONNECT request for host:port, with Basic proxy credentials when there are some. */
export function connectRequest(
  host: string,
  port: number,
  credentials?: { username: string; password: string },
): string {
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const auth = credentials
    ? `Proxy-Authorization: Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}\r\n`
    : '';
  return `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`;
}

/** The status code and text of an HTTP response head; null when it is not one. */
export function parseStatusLine(head: string): { status: number; text: string } | null {
  const m = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?\r?\n/.exec(head);
  return m ? { status: Number(m[1]), text: (m[2] ?? '').trim() } : null;
}

/**
 * HTTP CONNECT (RFC 9110 §9.3.6) on a socket already connected to the proxy (plain, or TLS
 * for an https:// proxy). Resolves with any bytes after the proxy's answer head; a non-2xx
 * answer is a ProxyTunnelError (407: the credentials).
 */
export async function httpConnectHandshake(
  socket: Duplex,
  o: { host: string; port: number; credentials?: { username: string; password: string }; proxy: string },
): Promise<Buffer> {
  const reader = new ByteReader(socket);
  const target = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  try {
    socket.write(connectRequest(o.host, o.port, o.credentials));
    const head = (await reader.readUntil('\r\n\r\n', MAX_HEAD_BYTES)).toString('latin1');
    const status = parseStatusLine(head);
    if (!status) throw new ProxyTunnelError(o.proxy, target, 'the proxy did not answer in HTTP', 'refused');
    if (status.status === 407) {
      const why = o.credentials
        ? 'proxy authentication failed (407)'
        : 'proxy authentication required (407): put the credentials in the proxy URL';
      throw new ProxyTunnelError(o.proxy, target, why, 'auth');
    }
    if (status.status < 200 || status.status > 299) {
      throw new ProxyTunnelError(o.proxy, target, `${status.status} ${status.text}`.trim(), 'refused');
    }
    return reader.detach();
  } catch (err) {
    reader.detach();
    throw err;
  }
}
