import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProxyConfigError, proxyFor, useProxy } from './proxyFor';

const SERVER = 'https://api.corp.example:6443';
const via = (server: string, env: Record<string, string>, proxyUrl?: string) => {
  const d = proxyFor(server, { env, ...(proxyUrl ? { proxyUrl } : {}) });
  return d.proxy ? `${d.proxy.toString()} (${d.source})` : 'direct';
};

describe('proxyFor: kubectl precedence', () => {
  it('the cluster proxy-url wins over the environment, even for localhost and NO_PROXY hosts', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: '*' };
    expect(via(SERVER, env, 'socks5://kc-proxy:1080')).toBe('socks5://kc-proxy:1080 (proxy-url)');
    expect(via('https://127.0.0.1:6443', {}, 'http://kc-proxy:8080')).toBe(
      'http://kc-proxy:8080 (proxy-url)',
    );
  });

  it('HTTPS_PROXY for https servers, HTTP_PROXY for http servers, upper case first', () => {
    const env = {
      HTTPS_PROXY: 'http://upper-s:1',
      https_proxy: 'http://lower-s:2',
      HTTP_PROXY: 'http://upper:3',
    };
    expect(via(SERVER, env)).toBe('http://upper-s:1 (HTTPS_PROXY)');
    expect(via(SERVER, { https_proxy: 'http://lower-s:2' })).toBe('http://lower-s:2 (https_proxy)');
    expect(via('http://api.corp.example:8080', env)).toBe('http://upper:3 (HTTP_PROXY)');
    // An https server is not sent through HTTP_PROXY (Go's rule).
    expect(via(SERVER, { HTTP_PROXY: 'http://upper:3' })).toBe('direct');
    expect(via(SERVER, {})).toBe('direct');
  });

  it('an empty upper-case variable falls through to the lower-case one', () => {
    expect(via(SERVER, { HTTPS_PROXY: '', https_proxy: 'http://lower:2' })).toBe(
      'http://lower:2 (https_proxy)',
    );
  });

  it('localhost and loopback addresses never use an environment proxy', () => {
    const env = { HTTPS_PROXY: 'http://p:3128' };
    for (const server of [
      'https://localhost:6443',
      'https://LOCALHOST',
      'https://127.0.0.1:6443',
      'https://127.8.9.10',
      'https://[::1]:6443',
      'https://[::ffff:127.0.0.1]:6443',
    ]) {
      expect(via(server, env), server).toBe('direct');
    }
    // Only the exact name "localhost" is special; 0.0.0.0 is not a loopback address.
    expect(via('https://localhost.corp:6443', env)).toBe('http://p:3128 (HTTPS_PROXY)');
    expect(via('https://0.0.0.0:6443', env)).toBe('http://p:3128 (HTTPS_PROXY)');
  });

  it('reads proxy URLs as Go does: bare host:port is http, default ports per scheme, socks5h is socks5', () => {
    expect(via(SERVER, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128 (HTTPS_PROXY)');
    expect(via(SERVER, { HTTPS_PROXY: '10.0.0.1:3128' })).toBe('http://10.0.0.1:3128 (HTTPS_PROXY)');
    expect(via(SERVER, { HTTPS_PROXY: 'http://proxy.corp' })).toBe('http://proxy.corp:80 (HTTPS_PROXY)');
    expect(via(SERVER, { HTTPS_PROXY: 'https://proxy.corp' })).toBe('https://proxy.corp:443 (HTTPS_PROXY)');
    expect(via(SERVER, { HTTPS_PROXY: 'socks5://proxy.corp' })).toBe(
      'socks5://proxy.corp:1080 (HTTPS_PROXY)',
    );
    expect(via(SERVER, { HTTPS_PROXY: 'socks5h://proxy.corp:9' })).toBe(
      'socks5://proxy.corp:9 (HTTPS_PROXY)',
    );
    expect(via(SERVER, { HTTPS_PROXY: 'http://[fd00::1]:3128' })).toBe('http://[fd00::1]:3128 (HTTPS_PROXY)');
  });

  it('keeps the credentials out of every printed form, and decodes them for the handshake', () => {
    const d = proxyFor(SERVER, { env: { HTTPS_PROXY: 'http://al%40ice:s3cr%3Aet@proxy:3128' } });
    expect(d.proxy?.credentials()).toEqual({ username: 'al@ice', password: 's3cr:et' });
    const printed = [String(d.proxy), JSON.stringify(d), JSON.stringify({ ...d.proxy }), d.proxy?.address];
    for (const p of printed) expect(p).not.toMatch(/s3cr|al%40ice|al@ice/);
    expect(
      proxyFor(SERVER, { env: { HTTPS_PROXY: 'http://proxy:3128' } }).proxy?.credentials(),
    ).toBeUndefined();
  });

  it('refuses a proxy it cannot use with a message naming the setting, never the password', () => {
    expect(() => proxyFor(SERVER, { env: {}, proxyUrl: 'socks4://u:pw@p:1080' })).toThrow(ProxyConfigError);
    expect(() => proxyFor(SERVER, { env: {}, proxyUrl: 'socks4://u:pw@p:1080' })).toThrow(
      /proxy-url has the scheme "socks4".*http, https or socks5 \(socks4:\/\/\*\*\*@p:1080\)/,
    );
    // kubeconfig proxy-url must name its scheme (client-go's parseProxyURL).
    expect(() => proxyFor(SERVER, { env: {}, proxyUrl: 'proxy:3128' })).toThrow(/proxy-url/);
    expect(() => proxyFor(SERVER, { env: { HTTPS_PROXY: 'ftp://p' } })).toThrow(/HTTPS_PROXY/);
    // A bad value that does not apply (NO_PROXY bypass) is no error, as in Go.
    expect(via(SERVER, { HTTPS_PROXY: 'ftp://p', NO_PROXY: 'corp.example' })).toBe('direct');
  });
});

describe('NO_PROXY matching (Go httpproxy rules)', () => {
  const bypass = (noProxy: string, host: string, port = '443') => !useProxy(host, port, noProxy);

  it('a name matches itself and its subdomains; .name and *.name only subdomains', () => {
    expect(bypass('corp.example', 'corp.example')).toBe(true);
    expect(bypass('corp.example', 'api.corp.example')).toBe(true);
    expect(bypass('corp.example', 'notcorp.example')).toBe(false);
    expect(bypass('.corp.example', 'corp.example')).toBe(false);
    expect(bypass('.corp.example', 'api.corp.example')).toBe(true);
    expect(bypass('*.corp.example', 'corp.example')).toBe(false);
    expect(bypass('*.corp.example', 'a.b.corp.example')).toBe(true);
  });

  it('ports, IPs, CIDRs, case, spaces and "*"', () => {
    expect(bypass('corp.example:6443', 'api.corp.example', '6443')).toBe(true);
    expect(bypass('corp.example:6443', 'api.corp.example', '443')).toBe(false);
    expect(bypass('10.1.2.3', '10.1.2.3')).toBe(true);
    expect(bypass('10.1.2.3:6443', '10.1.2.3', '443')).toBe(false);
    expect(bypass('10.0.0.0/8', '10.200.0.1')).toBe(true);
    expect(bypass('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(bypass('fd00::/8', 'fd12::1')).toBe(true);
    expect(bypass('[fd00::1]:443', 'fd00::1')).toBe(true);
    expect(bypass('fd00::1', 'fd00:0::1')).toBe(true);
    expect(bypass(' Foo.COM , bar.com', 'api.foo.com')).toBe(true);
    expect(bypass('*', 'anything.example')).toBe(true);
    expect(bypass('a.com,*', '10.0.0.1')).toBe(true);
    expect(bypass('', 'a.com')).toBe(false);
    expect(bypass(',, :80 ,', 'a.com', '80')).toBe(false);
  });

  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  // A name whose last label is all digits is an IPv4 literal to a URL ("0.0.0.0"), not a
  // domain with subdomains: such names belong to the address properties, not these.
  const domain = fc
    .array(label, { minLength: 1, maxLength: 4 })
    .map((l) => l.join('.'))
    .filter((d) => !/(^|\.)\d+$/.test(d));
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

  it('property: a name entry covers the name and every subdomain, a dotted entry only the subdomains', () => {
    fc.assert(
      fc.property(domain, label, (d, sub) => {
        expect(bypass(d, d)).toBe(true);
        expect(bypass(d, `${sub}.${d}`)).toBe(true);
        expect(bypass(`.${d}`, `${sub}.${d}`)).toBe(true);
        expect(bypass(`.${d}`, d)).toBe(false);
        expect(bypass(d.toUpperCase(), `${sub}.${d}`)).toBe(true);
      }),
    );
  });

  it('property: a name that only shares a suffix of characters, not of labels, is proxied', () => {
    fc.assert(
      fc.property(domain, label, (d, prefix) => {
        // "xcorp.example" is not a subdomain of "corp.example".
        expect(bypass(d, `${prefix}${d}`)).toBe(false);
      }),
    );
  });

  it('property: order of entries does not matter, and adding entries never turns a bypass into proxying', () => {
    const entry = fc.oneof(
      domain,
      domain.map((d) => `.${d}`),
      ipv4.map((o) => o.join('.')),
    );
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.array(entry, { maxLength: 3 }),
        domain,
        (list, extra, host) => {
          const before = bypass(list.join(','), host);
          expect(bypass([...list].reverse().join(','), host)).toBe(before);
          if (before) expect(bypass([...list, ...extra].join(','), host)).toBe(true);
        },
      ),
    );
  });

  it('property: an IPv4 CIDR covers exactly the addresses that share its prefix', () => {
    // Loopback addresses are never proxied whatever NO_PROXY says (a property below), so
    // they cannot tell whether the CIDR matched.
    const notLoopback = ipv4.filter((o) => o[0] !== 127);
    fc.assert(
      fc.property(ipv4, notLoopback, fc.integer({ min: 0, max: 32 }), (net, ip, bits) => {
        const toInt = (o: number[]) => o.reduce((a, b) => a * 256 + b, 0);
        const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
        const same = (toInt(net) & mask) >>> 0 === (toInt(ip) & mask) >>> 0;
        expect(bypass(`${net.join('.')}/${bits}`, ip.join('.'))).toBe(same);
      }),
    );
  });

  it('property: loopback and localhost are never proxied, whatever NO_PROXY says', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), fc.nat(255), fc.string(), (b, c, d, noProxy) => {
        expect(useProxy(`127.${b}.${c}.${d}`, '443', noProxy)).toBe(false);
        expect(useProxy('localhost', '443', noProxy)).toBe(false);
      }),
    );
  });
});
