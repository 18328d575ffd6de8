import { at, num, obj, str } from './raw';

// Reading an error-ish value (Error, ApiException, plain object, string) the way errors.ts needs
// it: the chain of causes, and the HTTP status, Status body, Retry-After and message in it.

// The error, its causes and aggregated errors, depth-limited (cycles happen).
export function unwrap(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 16) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    const cause = at(e, 'cause');
    if (cause !== undefined) queue.push(cause);
    const errors = at(e, 'errors');
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return out;
}

export function findStatus(chain: readonly unknown[]): number | null {
  for (const e of chain) {
    const candidates = [
      at(e, 'statusCode'),
      at(e, 'status'),
      typeof at(e, 'code') === 'number' ? at(e, 'code') : undefined,
      at(e, 'response', 'status'),
      at(e, 'response', 'statusCode'),
      at(parseBody(at(e, 'body')), 'code'),
    ];
    for (const c of candidates) {
      const n = num(c);
      if (n !== undefined && n >= 400 && n <= 599) return Math.trunc(n);
    }
  }
  return null;
}

/** The message of the engine's ApiError (kube/apiClient.ts): the API server's Status message. */
export function apiErrorMessage(chain: readonly unknown[]): string | undefined {
  const e = chain.find((x) => str(at(x, 'name')) === 'ApiError');
  return e === undefined ? undefined : str(at(e, 'message'));
}

export function findBody(chain: readonly unknown[]): unknown {
  for (const e of chain) {
    const body = parseBody(at(e, 'body'));
    if (body !== undefined) return body;
  }
  return undefined;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return obj(body);
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    return obj(JSON.parse(body));
  } catch {
    return undefined;
  }
}

export function findRetryAfterMs(chain: readonly unknown[], body: unknown): number | null {
  for (const e of chain) {
    const headers = at(e, 'headers') ?? at(e, 'response', 'headers');
    const value = at(headers, 'retry-after') ?? at(headers, 'Retry-After');
    const seconds = typeof value === 'string' ? Number(value) : num(value);
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  }
  const fromBody = num(at(body, 'details', 'retryAfterSeconds'));
  return fromBody !== undefined && fromBody >= 0 ? Math.round(fromBody * 1000) : null;
}

export function messageOf(e: unknown): string {
  if (typeof e === 'string') return e;
  return str(at(e, 'message')) ?? '';
}

export function firstLine(chain: readonly unknown[]): string | null {
  for (const e of chain) {
    const m = messageOf(e).trim();
    if (m.length > 0) return clipLine(m);
  }
  return null;
}

export function clipLine(text: string): string {
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
