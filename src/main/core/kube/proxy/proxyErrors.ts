// Errors of the proxy leg, shaped for the health classification (src/shared/logic/health/
// errors.ts reads `code`): a proxy we cannot reach is its own state, not "API unreachable".
// Messages name the proxy by host:port only — never its credentials.

/** Words for the usual reasons a connection to a proxy fails. */
const WHY: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

/** The proxy itself could not be reached: "proxy unreachable: 10.0.0.5:3128 (connection refused)". */
export class ProxyUnreachableError extends Error {
  readonly code = 'ERR_PROXY_UNREACHABLE';
  /** host:port of the proxy. */
  readonly proxy: string;
  constructor(proxy: string, cause: unknown) {
    const c = cause as { code?: unknown; message?: unknown } | undefined;
    const code = typeof c?.code === 'string' ? c.code : '';
    const why = WHY[code] ?? (typeof c?.message === 'string' && c.message ? c.message : 'failed');
    super(`proxy unreachable: ${proxy} (${why})`, { cause });
    this.name = 'ProxyUnreachableError';
    this.proxy = proxy;
  }
}

/**
 * The proxy answered but would not open the tunnel: it refused our credentials (`auth`), or
 * could not reach the API server or may not (`refused`: a 403 or 502 from an HTTP proxy, a
 * SOCKS5 reply code).
 */
export class ProxyTunnelError extends Error {
  readonly code = 'ERR_PROXY_TUNNEL';
  readonly proxy: string;
  readonly reason: 'auth' | 'refused';
  constructor(proxy: string, target: string, why: string, reason: 'auth' | 'refused') {
    super(`the proxy ${proxy} did not open a tunnel to ${target}: ${why}`);
    this.name = 'ProxyTunnelError';
    this.proxy = proxy;
    this.reason = reason;
  }
}
