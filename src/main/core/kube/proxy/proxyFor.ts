import { domainToASCII } from 'node:url';
import { cidrContains, ipEqual, isLoopback, parseCidr, parseIp, type Cidr, type Ip } from './ip';

// Which proxy a request to the API server goes through, decided as kubectl (client-go)
// decides it:
// - the cluster's `proxy-url` in the kubeconfig, when set, is used for every request to that
//   cluster (client-go: http.ProxyURL, no NO_PROXY, no localhost exception);
// - otherwise the environment, with Go's http.ProxyFromEnvironment rules
//   (golang.org/x/net/http/httpproxy): HTTPS_PROXY for https URLs, HTTP_PROXY for http URLs,
//   upper case first; "localhost" and loopback addresses are never proxied; NO_PROXY is a
//   comma list of "*", IPs, CIDRs and domain names, each optionally with ":port" — a name
//   matches itself and its subdomains, ".name" and "*.name" only subdomains.

/** The proxy schemes client-go accepts (socks5h is socks5 with remote DNS, which we always do). */
export type ProxyProtocol = 'http' | 'https' | 'socks5';

const DEFAULT_PORT: Readonly<Record<ProxyProtocol, number>> = { http: 80, https: 443, socks5: 1080 };

/**
 * A proxy to tunnel through. The credentials from its URL are kept in private fields: they
 * never appear in a log line, a JSON dump or an error message (`address` and `toString` name
 * the proxy without them).
 */
export class ProxyTarget {
  readonly protocol: ProxyProtocol;
  readonly host: string;
  readonly port: number;
  readonly #username: string | undefined;
  readonly #password: string | undefined;

  constructor(protocol: ProxyProtocol, host: string, port: number, username?: string, password?: string) {
    this.protocol = protocol;
    this.host = host;
    this.port = port;
    this.#username = username;
    this.#password = password;
  }

  /** host:port, IPv6 in brackets: how the proxy is named to a user. */
  get address(): string {
    return `${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** The URL's userinfo, decoded; undefined when it has none. */
  credentials(): { username: string; password: string } | undefined {
    if (this.#username === undefined) return undefined;
    return { username: this.#username, password: this.#password ?? '' };
  }

  toString(): string {
    return `${this.protocol}://${this.address}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Where the proxy came from, for logs and messages ("proxy-url", "HTTPS_PROXY", "https_proxy"…). */
export type ProxySource = 'proxy-url' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

/** The decision for one server URL: a proxy and where it came from, or none. */
export type ProxyDecision = { proxy: ProxyTarget; source: ProxySource } | { proxy: undefined };

/** A proxy setting that cannot be used; the message names the setting and what to fix. */
export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

/**
 * The proxy for requests to `server` (the cluster's https:// or http:// URL), from the
 * cluster's `proxy-url` if set, else from `env`. Pure: same inputs, same answer. Throws
 * ProxyConfigError when the setting that applies is not a usable proxy URL.
 */
export function proxyFor(
  server: string,
  config: { proxyUrl?: string | undefined; env: Readonly<Record<string, string | undefined>> },
): ProxyDecision {
  if (config.proxyUrl) {
    return { proxy: parseProxyUrl(config.proxyUrl, 'proxy-url', false), source: 'proxy-url' };
  }
  const url = new URL(server);
  const scheme = url.protocol.slice(0, -1);
  const names: readonly ProxySource[] =
    scheme === 'https'
      ? ['HTTPS_PROXY', 'https_proxy']
      : scheme === 'http'
        ? ['HTTP_PROXY', 'http_proxy']
        : [];
  const source = names.find((n) => config.env[n]);
  if (!source) return { proxy: undefined };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (scheme === 'https' ? '443' : '80');
  if (!useProxy(host, port, envAny(config.env, 'NO_PROXY', 'no_proxy'))) return { proxy: undefined };
  return { proxy: parseProxyUrl(config.env[source] ?? '', source, true), source };
}

/**
 * Go's useProxy: false for "localhost", loopback IPs and hosts NO_PROXY matches. `host` is
 * the URL's hostname without brackets, `port` its port (the scheme's default if none).
 */
export function useProxy(host: string, port: string, noProxy: string): boolean {
  const name = host.trim().toLowerCase();
  if (name === '') return true;
  if (name === 'localhost') return false;
  const ip = parseIp(name);
  if (ip && isLoopback(ip)) return false;
  const rules = parseNoProxy(noProxy);
  if (rules.all) return false;
  if (ip && rules.ips.some((m) => matchIp(m, ip, port))) return false;
  const asciiName = ascii(name);
  return !rules.domains.some((m) => matchDomain(m, asciiName, port));
}

interface IpRule {
  readonly ip?: Ip;
  readonly cidr?: Cidr;
  readonly port: string;
}

interface DomainRule {
  /** Always starts with ".". */
  readonly suffix: string;
  /** The entry had no leading dot: the name itself matches too. */
  readonly matchHost: boolean;
  readonly port: string;
}

interface NoProxyRules {
  readonly all: boolean;
  readonly ips: readonly IpRule[];
  readonly domains: readonly DomainRule[];
}

/** NO_PROXY as Go's httpproxy config.init reads it; malformed entries are skipped. */
function parseNoProxy(value: string): NoProxyRules {
  const ips: IpRule[] = [];
  const domains: DomainRule[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return { all: true, ips: [], domains: [] };
    const cidr = parseCidr(entry);
    if (cidr) {
      ips.push({ cidr, port: '' });
      continue;
    }
    const [entryHost, port] = splitHostPort(entry) ?? [entry, ''];
    let host = entryHost;
    if (host === '') continue;
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    const ip = parseIp(host);
    if (ip) {
      ips.push({ ip, port });
      continue;
    }
    if (host.startsWith('*.')) host = host.slice(1);
    const matchHost = !host.startsWith('.');
    domains.push({ suffix: `.${ascii(matchHost ? host : host.slice(1))}`, matchHost, port });
  }
  return { all: false, ips, domains };
}

function matchIp(rule: IpRule, ip: Ip, port: string): boolean {
  if (rule.cidr) return cidrContains(rule.cidr, ip);
  return rule.ip !== undefined && ipEqual(rule.ip, ip) && (rule.port === '' || rule.port === port);
}

function matchDomain(rule: DomainRule, host: string, port: string): boolean {
  const hit = host.endsWith(rule.suffix) || (rule.matchHost && host === rule.suffix.slice(1));
  return hit && (rule.port === '' || rule.port === port);
}

/**
 * Go's net.SplitHostPort for NO_PROXY entries: "host:port" or "[v6]:port"; null when there is
 * no port part (then the whole entry is the host). A bare IPv6 address has too many colons.
 */
function splitHostPort(s: string): [string, string] | null {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || s[end + 1] !== ':' || s.indexOf(':', end + 2) >= 0) return null;
    return [s.slice(1, end), s.slice(end + 2)];
  }
  const colon = s.indexOf(':');
  if (colon < 0 || s.indexOf(':', colon + 1) >= 0) return null;
  return [s.slice(0, colon), s.slice(colon + 1)];
}

/** Go's idnaASCII: punycode for names with non-ASCII letters, everything else unchanged. */
function ascii(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(name) ? domainToASCII(name) || name : name;
}

function envAny(env: Readonly<Record<string, string | undefined>>, ...names: string[]): string {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return '';
}

/**
 * A proxy URL as client-go reads it. `proxy-url` must name its scheme (http, https, socks5);
 * an environment value may be a bare "host:port", which means http (Go's rule).
 */
export function parseProxyUrl(value: string, setting: ProxySource, bareIsHttp: boolean): ProxyTarget {
  const text = value.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme || !bareIsHttp ? text : `http://${text}`);
  } catch {
    throw new ProxyConfigError(`${setting} is not a valid proxy URL: ${redact(text)}`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const protocol: ProxyProtocol | undefined =
    scheme === 'http' || scheme === 'https'
      ? scheme
      : scheme === 'socks5' || scheme === 'socks5h'
        ? 'socks5'
        : undefined;
  if (!protocol) {
    throw new ProxyConfigError(
      `${setting} has the scheme "${scheme}", which is not supported: use http, https or socks5 (${redact(text)}).`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new ProxyConfigError(`${setting} names no proxy host: ${redact(text)}`);
  const port = url.port ? Number(url.port) : DEFAULT_PORT[protocol];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return url.username || url.password
    ? new ProxyTarget(protocol, host, port, decode(url.username), decode(url.password))
    : new ProxyTarget(protocol, host, port);
}

/** The value with any userinfo replaced, for messages: a password never reaches a log. */
function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}
