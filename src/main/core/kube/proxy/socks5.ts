import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { ByteReader } from './byteReader';
import { parseIp } from './ip';
import { ProxyTunnelError } from './proxyErrors';

// The client side of a SOCKS5 CONNECT (RFC 1928) with no authentication or username and
// password (RFC 1929), as Go's golang.org/x/net/internal/socks does it for kubectl: both
// methods offered when there are credentials, the host name sent as is (the proxy resolves
// it, so names only the proxy's network knows work), IP literals sent as addresses.

const VERSION = 0x05;
const NO_AUTH = 0x00;
const USER_PASS = 0x02;
const NO_ACCEPTABLE = 0xff;
const CONNECT = 0x01;
const ATYP_V4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_V6 = 0x04;

/** RFC 1928 reply codes, worded for a person. */
const REPLIES: Readonly<Record<number, string>> = {
  0x01: 'general SOCKS server failure',
  0x02: 'connection not allowed by the proxy',
  0x03: 'network unreachable',
  0x04: 'host unreachable',
  0x05: 'connection refused',
  0x06: 'TTL expired',
  0x07: 'command not supported',
  0x08: 'address type not supported',
};

/** The greeting: the methods we offer. */
export function greeting(withCredentials: boolean): Buffer {
  return Buffer.from(withCredentials ? [VERSION, 2, NO_AUTH, USER_PASS] : [VERSION, 1, NO_AUTH]);
}

/** RFC 1929 username/password request. */
export function credentialsRequest(username: string, password: string): Buffer {
  const u = Buffer.from(username, 'utf8');
  const p = Buffer.from(password, 'utf8');
  if (u.length < 1 || u.length > 255 || p.length > 255) {
    throw new Error('the SOCKS5 username must be 1 to 255 bytes and the password at most 255');
  }
  return Buffer.concat([Buffer.from([0x01, u.length]), u, Buffer.from([p.length]), p]);
}

/** The CONNECT request for host:port (IPv4, IPv6 or a domain name). */
export function connectRequest(host: string, port: number): Buffer {
  const family = isIP(host);
  const v6 = family === 6 ? parseIp(host) : null;
  let addr: Buffer;
  if (family === 4) addr = Buffer.from([ATYP_V4, ...host.split('.').map(Number)]);
  else if (v6) addr = Buffer.concat([Buffer.from([ATYP_V6]), v6.bytes]);
  else {
    const name = Buffer.from(host, 'utf8');
    if (name.length < 1 || name.length > 255) throw new Error(`host name too long for SOCKS5: ${host}`);
    addr = Buffer.concat([Buffer.from([ATYP_DOMAIN, name.length]), name]);
  }
  const p = Buffer.alloc(2);
  p.writeUInt16BE(port);
  return Buffer.concat([Buffer.from([VERSION, CONNECT, 0x00]), addr, p]);
}

/**
 * Runs the exchange on a socket already connected to the proxy; resolves with any bytes that
 * followed the proxy's reply (the tunnel's first bytes). `proxy` (host:port) and `target`
 * only word the errors.
 */
export async function socks5Handshake(
  socket: Duplex,
  o: { host: string; port: number; credentials?: { username: string; password: string }; proxy: string },
): Promise<Buffer> {
  const reader = new ByteReader(socket);
  const target = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  const fail = (why: string, auth = false) =>
    new ProxyTunnelError(o.proxy, target, why, auth ? 'auth' : 'refused');
  try {
    socket.write(greeting(o.credentials !== undefined));
    const [version, method] = await reader.read(2);
    if (version !== VERSION) throw fail('the proxy does not speak SOCKS5');
    if (method === USER_PASS && o.credentials) {
      socket.write(credentialsRequest(o.credentials.username, o.credentials.password));
      const [, status] = await reader.read(2);
      if (status !== 0x00) throw fail('the SOCKS5 proxy rejected the username or password', true);
    } else if (method === NO_ACCEPTABLE) {
      throw fail(
        o.credentials
          ? 'the SOCKS5 proxy accepts none of our authentication methods'
          : 'the SOCKS5 proxy wants a username and password (put them in the proxy URL)',
        true,
      );
    } else if (method !== NO_AUTH) {
      throw fail(`the SOCKS5 proxy chose an authentication method we did not offer (${method})`);
    }
    socket.write(connectRequest(o.host, o.port));
    const [v, rep, , atyp] = await reader.read(4);
    if (v !== VERSION) throw fail('the proxy sent a reply that is not SOCKS5');
    if (rep !== 0x00) throw fail(REPLIES[rep ?? -1] ?? `SOCKS5 error ${rep}`);
    // The bound address, which we do not need, then the bound port.
    if (atyp === ATYP_V4) await reader.read(4);
    else if (atyp === ATYP_V6) await reader.read(16);
    else if (atyp === ATYP_DOMAIN) await reader.read((await reader.read(1))[0] ?? 0);
    else throw fail(`the SOCKS5 proxy answered with an unknown address type ${atyp}`);
    await reader.read(2);
    return reader.detach();
  } catch (err) {
    reader.detach();
    throw err;
  }
}
