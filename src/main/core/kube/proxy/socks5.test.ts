// The SOCKS5 client's byte exchange (RFC 1928, RFC 1929) against a scripted server on a real
// local socket: every byte we send is checked, every answer is the RFC's. The real proxy
// (Debian's microsocks) carries the engine's traffic in test/integration/proxies.test.ts.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteReader } from './byteReader';
import { ProxyTunnelError } from './proxyErrors';
import { connectRequest, credentialsRequest, greeting, socks5Handshake } from './socks5';

describe('SOCKS5 messages', () => {
  it('offers no-auth, and username/password too when there are credentials', () => {
    expect([...greeting(false)]).toEqual([5, 1, 0]);
    expect([...greeting(true)]).toEqual([5, 2, 0, 2]);
  });

  it('sends RFC 1929 credentials as length-prefixed UTF-8', () => {
    expect([...credentialsRequest('al', 'pé')]).toEqual([1, 2, 0x61, 0x6c, 3, 0x70, 0xc3, 0xa9]);
    expect(() => credentialsRequest('', 'x')).toThrow(/1 to 255/);
    expect(() => credentialsRequest('u', 'p'.repeat(256))).toThrow(/255/);
  });

  it('sends IPv4 and IPv6 literals as addresses and names as names, port big-endian', () => {
    expect([...connectRequest('10.1.2.3', 6443)]).toEqual([5, 1, 0, 1, 10, 1, 2, 3, 0x19, 0x2b]);
    expect([...connectRequest('fd00::1', 443)]).toEqual([5, 1, 0, 4, 0xfd, ...Array(14).fill(0), 1, 1, 0xbb]);
    expect([...connectRequest('api.corp', 80)]).toEqual([5, 1, 0, 3, 8, ...Buffer.from('api.corp'), 0, 80]);
    expect(() => connectRequest('a'.repeat(256), 80)).toThrow(/too long/);
  });
});

type Script = (client: Socket, read: (n: number) => Promise<number[]>) => Promise<void>;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server played by `script` on a real socket; resolves with our socket connected to it. */
async function scripted(script: Script): Promise<{ socket: Socket; done: Promise<void> }> {
  // Wrapped in an object: a promise resolved with a promise would wait for the script.
  let accepted!: (run: { done: Promise<void> }) => void;
  const scriptRun = new Promise<{ done: Promise<void> }>((r) => (accepted = r));
  const server = createServer((c) => {
    const reader = new ByteReader(c);
    accepted({ done: script(c, async (n) => [...(await reader.read(n))]).finally(() => reader.detach()) });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  servers.push({ close: () => (socket.destroy(), server.close()) });
  return { socket, done: (await scriptRun).done };
}

const PROXY = '127.0.0.1:1080';

describe('socks5Handshake', () => {
  it('no auth: greeting, CONNECT by name, then the bytes after the reply belong to the tunnel', async () => {
    const { socket, done } = await scripted(async (c, read) => {
      expect(await read(3)).toEqual([5, 1, 0]);
      c.write(Buffer.from([5, 0]));
      expect(await read(5 + 8 + 2)).toEqual([5, 1, 0, 3, 8, ...Buffer.from('api.corp'), 0x19, 0x2b]);
      // Success, bound to 10.0.0.9:4242, and the server's first tunnelled bytes in the same write.
      c.write(Buffer.from([5, 0, 0, 1, 10, 0, 0, 9, 0x10, 0x92, ...Buffer.from('TLS')]));
    });
    const head = await socks5Handshake(socket, { host: 'api.corp', port: 6443, proxy: PROXY });
    await done;
    expect(head.toString()).toBe('TLS');
  });

  it('username and password when the proxy picks that method', async () => {
    const { socket, done } = await scripted(async (c, read) => {
      expect(await read(4)).toEqual([5, 2, 0, 2]);
      c.write(Buffer.from([5, 2]));
      expect(await read(1 + 1 + 5 + 1 + 6)).toEqual([
        1,
        5,
        ...Buffer.from('alice'),
        6,
        ...Buffer.from('s3cret'),
      ]);
      c.write(Buffer.from([1, 0]));
      expect(await read(4 + 4 + 2)).toEqual([5, 1, 0, 1, 127, 0, 0, 1, 0x19, 0x2b]);
      // Bound address as a domain name this time.
      c.write(Buffer.from([5, 0, 0, 3, 2, 0x68, 0x69, 0, 1]));
    });
    const credentials = { username: 'alice', password: 's3cret' };
    const head = await socks5Handshake(socket, { host: '127.0.0.1', port: 6443, credentials, proxy: PROXY });
    await done;
    expect(head.length).toBe(0);
  });

  it('wrong credentials are an auth failure that names the proxy and not the password', async () => {
    const { socket } = await scripted(async (c, read) => {
      await read(4);
      c.write(Buffer.from([5, 2]));
      await read(1 + 1 + 5 + 1 + 5);
      c.write(Buffer.from([1, 1]));
    });
    const err = await socks5Handshake(socket, {
      host: 'api.corp',
      port: 443,
      credentials: { username: 'alice', password: 'wrong' },
      proxy: PROXY,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyTunnelError);
    expect(err).toMatchObject({ reason: 'auth', code: 'ERR_PROXY_TUNNEL' });
    expect(String(err)).toContain('127.0.0.1:1080');
    expect(String(err)).not.toContain('wrong');
  });

  it('a proxy that wants credentials we do not have says so', async () => {
    const { socket } = await scripted(async (c, read) => {
      await read(3);
      c.write(Buffer.from([5, 0xff]));
    });
    await expect(socks5Handshake(socket, { host: 'api.corp', port: 443, proxy: PROXY })).rejects.toThrow(
      /wants a username and password/,
    );
  });

  it('a CONNECT refused by the proxy carries the RFC reply in words', async () => {
    const { socket } = await scripted(async (c, read) => {
      await read(3);
      c.write(Buffer.from([5, 0]));
      await read(4 + 4 + 2);
      c.write(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
    });
    const err = await socks5Handshake(socket, { host: '10.9.9.9', port: 6443, proxy: PROXY }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ reason: 'refused' });
    expect(String(err)).toMatch(
      /127\.0\.0\.1:1080 did not open a tunnel to 10\.9\.9\.9:6443: connection refused/,
    );
  });

  it('a server that is not SOCKS5, or hangs up mid-handshake, is an error, not a hang', async () => {
    const http = await scripted(async (c, read) => {
      await read(3);
      c.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await expect(socks5Handshake(http.socket, { host: 'a', port: 1, proxy: PROXY })).rejects.toThrow(
      /does not speak SOCKS5/,
    );
    const hangup = await scripted(async (c, read) => {
      await read(3);
      c.end(Buffer.from([5]));
    });
    await expect(socks5Handshake(hangup.socket, { host: 'a', port: 1, proxy: PROXY })).rejects.toThrow(
      /closed the connection during the handshake/,
    );
  });
});
