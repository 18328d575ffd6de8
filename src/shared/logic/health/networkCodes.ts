import { at, str } from './raw';
import { messageOf } from './errorChain';

// Node and undici error codes the health model knows: network failures (with the sentence a user
// reads for each), timeouts and TLS trust failures.

export const UNREACHABLE_MESSAGES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: the API server is not listening (is the cluster stopped?)',
  ECONNRESET: 'connection reset by the API server or a proxy',
  ECONNABORTED: 'connection to the API server aborted',
  EPIPE: 'connection to the API server closed',
  UND_ERR_SOCKET: 'connection to the API server closed',
  UND_ERR_CLOSED: 'connection to the API server closed',
  ENOTFOUND: 'API server host not found (DNS): check your network or VPN',
  EAI_AGAIN: 'API server host could not be resolved (DNS): check your network or VPN',
  EHOSTUNREACH: 'no route to the API server: check your network or VPN',
  ENETUNREACH: 'network unreachable: check your network or VPN',
  ENETDOWN: 'network is down',
  EHOSTDOWN: 'API server host is down',
};

export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ABORT_ERR',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export const TLS_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function findCodes(chain: readonly unknown[]): string[] {
  const codes: string[] = [];
  for (const e of chain) {
    const code = str(at(e, 'code'));
    if (code !== undefined && !codes.includes(code)) codes.push(code);
  }
  // Errors that arrive as text ("connect ECONNREFUSED 127.0.0.1:6443") still carry the code.
  for (const e of chain) {
    for (const m of messageOf(e).matchAll(/\b([A-Z][A-Z_]{4,})\b/g)) {
      const code = m[1];
      if (code !== undefined && isKnownCode(code) && !codes.includes(code)) codes.push(code);
    }
  }
  return codes;
}

function isKnownCode(code: string): boolean {
  return code in UNREACHABLE_MESSAGES || TIMEOUT_CODES.has(code) || TLS_CODES.has(code);
}
