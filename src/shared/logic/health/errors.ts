import { at, str } from './raw';
import {
  apiErrorMessage,
  clipLine,
  findBody,
  findRetryAfterMs,
  findStatus,
  firstLine,
  messageOf,
  unwrap,
} from './errorChain';
import { findCodes, TIMEOUT_CODES, TLS_CODES, UNREACHABLE_MESSAGES } from './networkCodes';
import { denialMessage, type PermissionDenial } from './permissions';

// Error classification: whatever a probe, list or watch threw → a kind the health model acts on
// and a sentence a user understands. Shapes seen in practice:
// - @kubernetes/client-node ApiException: numeric `code` (HTTP status), `body` (a V1Status,
//   object or JSON string), `headers`.
// - client-node Watch: Error with `statusCode`.
// - Node/undici network errors: string `code` (ECONNREFUSED…), often wrapped: "fetch failed"
//   with `cause`, or an AggregateError (happy eyeballs) with `errors`.
// - AbortSignal: name AbortError / TimeoutError.
// - exec credential plugins: "exec: executable aws not found" (kubectl/client-go wording),
//   "spawn aws ENOENT" (Node), or the plugin's stderr.
// - the engine's proxy leg (src/main/core/kube/proxy): code ERR_PROXY_UNREACHABLE (the proxy
//   itself could not be reached; its message says which and why) or ERR_PROXY_TUNNEL (the
//   proxy would not open the tunnel: `reason` auth or refused).
// Precedence: the proxy leg first (nothing reached the API server), then an HTTP status (the
// server answered), then exec-plugin, then timeouts, then network codes; anything else is
// `unknown` with the error's own first line.

/** What went wrong, as far as health is concerned. */
export type ErrorKind =
  | 'unreachable'
  | 'proxy-unreachable'
  | 'timeout'
  | 'credentials'
  | 'forbidden'
  | 'gone'
  | 'throttled'
  | 'server-error'
  | 'exec-plugin'
  | 'unknown';

/** The classification of one error. */
export interface ErrorClassification {
  readonly kind: ErrorKind;
  /** One sentence for a person, no stack, no response dump. */
  readonly message: string;
  /** HTTP status, when the server answered. */
  readonly status: number | null;
  /** Node/undici error code (ECONNREFUSED…) or error name, when there was one. */
  readonly code: string | null;
  /** From Retry-After on 429/503, in ms. */
  readonly retryAfterMs: number | null;
  /** For 403: what was denied (from the context given, else parsed from the Status message). */
  readonly denial: PermissionDenial | null;
  /** For 403: the API server's own sentence, as kubectl prints it after "Error from server (Forbidden):". */
  readonly serverMessage?: string;
}

/** What the caller was doing; makes 403/404 messages specific ("no permission to list nodes"). */
export interface ClassifyContext {
  readonly verb?: string;
  readonly resource?: string;
  readonly namespace?: string | null;
  /** Set when the error came from running the kubeconfig's exec credential plugin. */
  readonly source?: 'exec-plugin';
}

/** Classify an error-ish value (Error, ApiException, plain object, string). */
export function classifyError(error: unknown, context: ClassifyContext = {}): ErrorClassification {
  const chain = unwrap(error);
  const proxy = proxyFailure(chain);
  if (proxy !== null) return proxy;
  const status = findStatus(chain);
  if (status !== null) return classifyStatus(status, chain, context);

  const exec = execPluginMessage(chain, context);
  if (exec !== null) return result('exec-plugin', exec, { code: findCodes(chain)[0] ?? null });

  const codes = findCodes(chain);
  const names = chain.map((e) => str(at(e, 'name'))).filter((n): n is string => n !== undefined);
  const timeoutCode = codes.find((c) => TIMEOUT_CODES.has(c));
  if (timeoutCode !== undefined || names.includes('TimeoutError') || names.includes('AbortError')) {
    return result('timeout', 'the API server did not answer in time', {
      code: timeoutCode ?? names.find((n) => n === 'TimeoutError' || n === 'AbortError') ?? null,
    });
  }
  const unreachable = codes.find((c) => c in UNREACHABLE_MESSAGES);
  if (unreachable !== undefined) {
    return result('unreachable', UNREACHABLE_MESSAGES[unreachable] ?? 'API server unreachable', {
      code: unreachable,
    });
  }
  const tls = codes.find((c) => TLS_CODES.has(c));
  if (tls !== undefined) {
    return result(
      'unknown',
      `TLS certificate problem (${tls}): the API server's certificate is not trusted`,
      {
        code: tls,
      },
    );
  }
  if (chain.some((e) => /timed? ?out/i.test(messageOf(e)))) {
    return result('timeout', 'the API server did not answer in time', { code: codes[0] ?? null });
  }
  return result('unknown', firstLine(chain) ?? 'unknown error', { code: codes[0] ?? null });
}

/**
 * Does this outcome of a liveness probe count as "API down" for hysteresis? A 403/404/410/429
 * means the server answered, so the API is up; credentials and exec-plugin failures do count
 * (nothing works until the user logs in again).
 */
export function countsAsProbeFailure(kind: ErrorKind): boolean {
  return kind !== 'forbidden' && kind !== 'gone' && kind !== 'throttled';
}

/** A failure on the way to the proxy or inside it: not a statement about the API server. */
function proxyFailure(chain: readonly unknown[]): ErrorClassification | null {
  for (const e of chain) {
    const code = at(e, 'code');
    if (code === 'ERR_PROXY_UNREACHABLE') {
      return result('proxy-unreachable', clipLine(messageOf(e)) || 'proxy unreachable', { code });
    }
    if (code === 'ERR_PROXY_TUNNEL') {
      const message = clipLine(messageOf(e)) || 'the proxy did not open a tunnel';
      // Refused credentials are a log-in problem, as a 401 is; anything else means the API
      // server cannot be reached through the proxy.
      return at(e, 'reason') === 'auth'
        ? result('credentials', message, { code, status: 407 })
        : result('unreachable', message, { code });
    }
  }
  return null;
}

function classifyStatus(
  status: number,
  chain: readonly unknown[],
  ctx: ClassifyContext,
): ErrorClassification {
  const body = findBody(chain);
  const serverMessage = str(at(body, 'message'));
  const retryAfterMs = findRetryAfterMs(chain, body);
  const what = ctx.resource;
  if (status === 401)
    return result('credentials', 'credentials rejected (401): log in again or refresh your token', {
      status,
    });
  if (status === 407) return result('credentials', 'proxy authentication required (407)', { status });
  if (status === 403) {
    // The engine's own ApiError carries the Status message as its message, without a body.
    const said = serverMessage ?? apiErrorMessage(chain);
    const denial = denialFrom(ctx, body, said);
    const message = denial ? denialMessage(denial) : 'permission denied (403)';
    return result('forbidden', message, {
      status,
      denial,
      ...(said ? { serverMessage: clipLine(said) } : {}),
    });
  }
  if (status === 404) return result('gone', `${what ?? 'resource'} not found (404)`, { status });
  if (status === 410)
    return result('gone', 'watch expired (410): the list must be fetched again', { status });
  if (status === 429)
    return result('throttled', 'the API server is throttling requests (429)', { status, retryAfterMs });
  if (status === 408 || status === 504)
    return result('timeout', `the API server did not answer in time (${status})`, { status });
  if (status >= 500) return result('server-error', `API server error (${status})`, { status, retryAfterMs });
  const detail = serverMessage ? `: ${clipLine(serverMessage)}` : '';
  return result('unknown', `request rejected (${status})${detail}`, { status });
}

function denialFrom(
  ctx: ClassifyContext,
  body: unknown,
  message: string | undefined,
): PermissionDenial | null {
  // Status message, e.g.: nodes is forbidden: User "dev" cannot list resource "nodes" in API
  // group "" at the cluster scope  /  … in the namespace "payments"
  const parsed = message ? /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?/.exec(message) : null;
  const parsedNs = message ? /in the namespace "([^"]+)"/.exec(message) : null;
  const group = parsed?.[3];
  const parsedResource = parsed?.[2] ? (group ? `${parsed[2]}.${group}` : parsed[2]) : undefined;
  const verb = ctx.verb ?? parsed?.[1];
  const resource = ctx.resource ?? parsedResource ?? str(at(body, 'details', 'kind'));
  if (verb === undefined || resource === undefined) return null;
  const namespace = ctx.namespace !== undefined ? ctx.namespace : (parsedNs?.[1] ?? null);
  return { verb, resource, namespace };
}

function execPluginMessage(chain: readonly unknown[], ctx: ClassifyContext): string | null {
  for (const e of chain) {
    const message = messageOf(e);
    const notFound = /executable (\S+?) not found/i.exec(message);
    if (notFound?.[1]) return pluginNotFound(notFound[1]);
    const spawn = /spawn (\S+) ENOENT/.exec(message);
    if (spawn?.[1]) return pluginNotFound(spawn[1]);
    const syscall = str(at(e, 'syscall'));
    if (at(e, 'code') === 'ENOENT' && syscall?.startsWith('spawn')) {
      return pluginNotFound(str(at(e, 'path')) ?? syscall.slice('spawn '.length));
    }
  }
  const mentionsPlugin = chain.some((e) =>
    /\bexec(?: credential)? plugin\b|getting credentials|credential plugin|\bexec: /i.test(messageOf(e)),
  );
  if (ctx.source === 'exec-plugin' || mentionsPlugin) {
    return `credential helper failed: ${firstLine(chain) ?? 'no output'}`;
  }
  return null;
}

// Apps started from Finder do not get the shell's PATH: the usual reason "aws" is not found.
function pluginNotFound(command: string): string {
  const name = command.replace(/^["']|["':]$/g, '');
  return `credential helper "${name}" not found: install it, or put its full path in your kubeconfig (apps started from the Dock do not see your shell's PATH)`;
}

function result(
  kind: ErrorKind,
  message: string,
  extra: Partial<Omit<ErrorClassification, 'kind' | 'message'>> = {},
): ErrorClassification {
  return {
    kind,
    message,
    status: extra.status ?? null,
    code: extra.code ?? null,
    retryAfterMs: extra.retryAfterMs ?? null,
    denial: extra.denial ?? null,
    ...(extra.serverMessage !== undefined ? { serverMessage: extra.serverMessage } : {}),
  };
}
