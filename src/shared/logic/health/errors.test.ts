import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { classifyError, countsAsProbeFailure, type ErrorKind } from './errors';

function sysError(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

function forbiddenStatus(resource: string, verb = 'list', ns?: string): Record<string, unknown> {
  const scope = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `${resource} is forbidden: User "dev@example.com" cannot ${verb} resource "${resource}" in API group "" ${scope}`,
    reason: 'Forbidden',
    details: { kind: resource },
    code: 403,
  };
}

describe('classifyError: HTTP statuses', () => {
  it('401 from a client-node ApiException → credentials', () => {
    const c = classifyError(
      new ApiException(401, 'Unauthorized', { kind: 'Status', code: 401, message: 'Unauthorized' }, {}),
    );
    expect(c.kind).toBe('credentials');
    expect(c.status).toBe(401);
    expect(c.message).toMatch(/^credentials rejected \(401\)/);
  });

  it('403 with a Status body → "no permission to list nodes", parsed from the message', () => {
    const c = classifyError(new ApiException(403, 'Forbidden', forbiddenStatus('nodes'), {}));
    expect(c).toMatchObject({ kind: 'forbidden', status: 403, message: 'no permission to list nodes' });
    expect(c.denial).toEqual({ verb: 'list', resource: 'nodes', namespace: null });
  });

  it("403 from the engine's ApiError (Status message, no body): kubectl's sentence is kept", () => {
    const said =
      'pods is forbidden: User "system:serviceaccount:t:r" cannot list resource "pods" in API group "" at the cluster scope';
    const err = Object.assign(new Error(said), { name: 'ApiError', statusCode: 403 });
    const c = classifyError(err, { verb: 'list', resource: 'pods', namespace: null });
    expect(c).toMatchObject({
      kind: 'forbidden',
      message: 'no permission to list pods',
      serverMessage: said,
    });
    expect(
      classifyError(new ApiException(403, 'Forbidden', forbiddenStatus('nodes'), {})).serverMessage,
    ).toMatch(/^nodes is forbidden: User "dev@example.com" cannot list/);
  });

  it('403 namespaced, body as a JSON string', () => {
    const c = classifyError(
      new ApiException(403, 'Forbidden', JSON.stringify(forbiddenStatus('pods', 'watch', 'payments')), {}),
    );
    expect(c.message).toBe('no permission to watch pods in payments');
    expect(c.denial).toEqual({ verb: 'watch', resource: 'pods', namespace: 'payments' });
  });

  it('403: the caller context wins over parsing; API groups are kept', () => {
    expect(classifyError({ statusCode: 403 }, { verb: 'list', resource: 'events' }).message).toBe(
      'no permission to list events',
    );
    const grouped = forbiddenStatus('events');
    grouped['message'] =
      'events.events.k8s.io is forbidden: User "x" cannot list resource "events" in API group "events.k8s.io" at the cluster scope';
    expect(classifyError({ code: 403, body: grouped }).denial?.resource).toBe('events.events.k8s.io');
    expect(classifyError({ status: 403 }).message).toBe('permission denied (403)');
    expect(
      classifyError({ status: 403 }, { verb: 'list', resource: 'nodes', namespace: null }).denial,
    ).toEqual({
      verb: 'list',
      resource: 'nodes',
      namespace: null,
    });
  });

  it.each<[number, ErrorKind]>([
    [404, 'gone'],
    [410, 'gone'],
    [429, 'throttled'],
    [500, 'server-error'],
    [502, 'server-error'],
    [503, 'server-error'],
    [504, 'timeout'],
    [408, 'timeout'],
    [407, 'credentials'],
    [400, 'unknown'],
    [422, 'unknown'],
  ])('status %i → %s', (status, kind) => {
    expect(classifyError({ statusCode: status }).kind).toBe(kind);
  });

  it('finds the status wherever it is: code, statusCode, status, response.status, body.code', () => {
    expect(classifyError({ code: 503 }).status).toBe(503);
    expect(classifyError(Object.assign(new Error('Service Unavailable'), { statusCode: 503 })).status).toBe(
      503,
    );
    expect(classifyError({ response: { status: 401 } }).kind).toBe('credentials');
    expect(classifyError({ response: { statusCode: 429 } }).kind).toBe('throttled');
    expect(classifyError({ body: { kind: 'Status', code: 410 } }).kind).toBe('gone');
    // A watch "ERROR" event carries a Status object directly.
    expect(classifyError({ kind: 'Status', code: 410, reason: 'Expired' }).kind).toBe('gone');
  });

  it('429 and 503 read Retry-After (header or Status details)', () => {
    expect(
      classifyError(new ApiException(429, 'Too Many Requests', {}, { 'retry-after': '3' })).retryAfterMs,
    ).toBe(3000);
    expect(classifyError({ code: 429, body: { details: { retryAfterSeconds: 2 } } }).retryAfterMs).toBe(2000);
    expect(classifyError({ statusCode: 503, headers: { 'Retry-After': 1 } }).retryAfterMs).toBe(1000);
    expect(classifyError({ statusCode: 429 }).retryAfterMs).toBeNull();
  });

  it('404 names the resource when known; other 4xx quote the server', () => {
    expect(classifyError({ statusCode: 404 }, { resource: 'events.events.k8s.io' }).message).toBe(
      'events.events.k8s.io not found (404)',
    );
    expect(classifyError({ code: 422, body: { message: 'field is immutable\nmore' } }).message).toBe(
      'request rejected (422): field is immutable',
    );
  });

  it('a status wins over a network code in the same chain', () => {
    const e = Object.assign(new Error('x', { cause: sysError('connect ECONNREFUSED', 'ECONNREFUSED') }), {
      statusCode: 502,
    });
    expect(classifyError(e).kind).toBe('server-error');
  });
});

describe('classifyError: network', () => {
  it.each([
    ['ECONNREFUSED', 'unreachable', /connection refused/],
    ['ECONNRESET', 'unreachable', /connection reset/],
    ['ENOTFOUND', 'unreachable', /not found \(DNS\)/],
    ['EAI_AGAIN', 'unreachable', /DNS/],
    ['EHOSTUNREACH', 'unreachable', /no route/],
    ['ENETUNREACH', 'unreachable', /network unreachable/],
    ['ETIMEDOUT', 'timeout', /did not answer in time/],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', /did not answer/],
  ] as const)('%s → %s', (code, kind, message) => {
    const c = classifyError(sysError(`connect ${code} 10.0.0.1:6443`, code));
    expect(c.kind).toBe(kind);
    expect(c.code).toBe(code);
    expect(c.message).toMatch(message);
  });

  it('undici "fetch failed" with the code on its cause', () => {
    const e = new TypeError('fetch failed', {
      cause: sysError('connect ECONNREFUSED 127.0.0.1:6443', 'ECONNREFUSED', { syscall: 'connect' }),
    });
    expect(classifyError(e)).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
  });

  it('AggregateError from happy eyeballs', () => {
    const e = new AggregateError([
      sysError('connect ECONNREFUSED ::1:6443', 'ECONNREFUSED'),
      sysError('connect ECONNREFUSED 127.0.0.1:6443', 'ECONNREFUSED'),
    ]);
    expect(classifyError(e).kind).toBe('unreachable');
  });

  it('codes in plain strings', () => {
    expect(classifyError('connect ECONNREFUSED 127.0.0.1:6443').kind).toBe('unreachable');
    expect(classifyError('getaddrinfo ENOTFOUND api.example.com').code).toBe('ENOTFOUND');
    expect(classifyError('ERROR: something odd').kind).toBe('unknown');
    expect(classifyError('ERROR: something odd').code).toBeNull();
  });

  it('AbortError and TimeoutError → timeout', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 20 });
    expect(classifyError(abort).kind).toBe('timeout');
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(classifyError(timeout)).toMatchObject({ kind: 'timeout', code: 'TimeoutError' });
    expect(classifyError(new Error('request timed out after 2000ms')).kind).toBe('timeout');
  });

  it('TLS problems are explained', () => {
    const c = classifyError(sysError('certificate has expired', 'CERT_HAS_EXPIRED'));
    expect(c.kind).toBe('unknown');
    expect(c.message).toMatch(/TLS certificate problem \(CERT_HAS_EXPIRED\)/);
  });

  it('survives cyclic causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a).kind).toBe('unknown');
  });
});

describe('classifyError: exec credential plugins', () => {
  it('kubectl/client-go wording: executable not found', () => {
    const c = classifyError(new Error('getting credentials: exec: executable aws not found'));
    expect(c.kind).toBe('exec-plugin');
    expect(c.message).toMatch(/^credential helper "aws" not found: install it/);
  });

  it('Node spawn ENOENT', () => {
    const e = sysError('spawn gke-gcloud-auth-plugin ENOENT', 'ENOENT', {
      syscall: 'spawn gke-gcloud-auth-plugin',
      path: 'gke-gcloud-auth-plugin',
    });
    const c = classifyError(e);
    expect(c.kind).toBe('exec-plugin');
    expect(c.message).toContain('"gke-gcloud-auth-plugin"');
  });

  it('spawn ENOENT without a message', () => {
    const e = { code: 'ENOENT', syscall: 'spawn kubelogin' };
    expect(classifyError(e).message).toContain('"kubelogin"');
  });

  it('plugin stderr when the caller says it came from the plugin', () => {
    const c = classifyError(
      new Error('Error when retrieving token from sso: Token has expired and refresh failed\nmore'),
      {
        source: 'exec-plugin',
      },
    );
    expect(c).toMatchObject({
      kind: 'exec-plugin',
      message:
        'credential helper failed: Error when retrieving token from sso: Token has expired and refresh failed',
    });
  });

  it('messages that mention the exec plugin', () => {
    expect(
      classifyError(new Error('exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"'))
        .kind,
    ).toBe('exec-plugin');
  });
});

describe('classifyError: anything else', () => {
  it.each([null, undefined, 42, {}, [], new Error('')])('%s → unknown without throwing', (value) => {
    const c = classifyError(value);
    expect(c.kind).toBe('unknown');
    expect(c.message.length).toBeGreaterThan(0);
  });

  it('keeps the first line of the message, clipped', () => {
    expect(classifyError(new Error(`boom\n    at x (file.js:1:1)`)).message).toBe('boom');
    expect(classifyError(new Error('y'.repeat(500))).message).toHaveLength(200);
  });
});

describe('countsAsProbeFailure', () => {
  it('the server answering means the API is up', () => {
    expect(countsAsProbeFailure('forbidden')).toBe(false);
    expect(countsAsProbeFailure('gone')).toBe(false);
    expect(countsAsProbeFailure('throttled')).toBe(false);
    for (const kind of [
      'unreachable',
      'timeout',
      'credentials',
      'server-error',
      'exec-plugin',
      'unknown',
    ] as const) {
      expect(countsAsProbeFailure(kind)).toBe(true);
    }
  });
});

describe('classifyError: the proxy leg', () => {
  // Shaped as src/main/core/kube/proxy/proxyErrors.ts makes them; over HTTP/2 they arrive as
  // the cause of the stream's ERR_HTTP2_STREAM_CANCEL.
  const unreachable = sysError(
    'proxy unreachable: 10.0.0.5:3128 (connection refused)',
    'ERR_PROXY_UNREACHABLE',
    {
      proxy: '10.0.0.5:3128',
      cause: sysError('connect ECONNREFUSED 10.0.0.5:3128', 'ECONNREFUSED'),
    },
  );

  it('a proxy that cannot be reached is its own kind, not "API unreachable", even wrapped', () => {
    const wrapped = sysError('The pending stream has been canceled', 'ERR_HTTP2_STREAM_CANCEL', {
      cause: unreachable,
    });
    for (const e of [unreachable, wrapped]) {
      expect(classifyError(e)).toMatchObject({
        kind: 'proxy-unreachable',
        message: 'proxy unreachable: 10.0.0.5:3128 (connection refused)',
        code: 'ERR_PROXY_UNREACHABLE',
      });
    }
    expect(countsAsProbeFailure('proxy-unreachable')).toBe(true);
  });

  it('a proxy refusing our credentials is a credentials problem; refusing the tunnel, API unreachable', () => {
    const auth = sysError(
      'the proxy p:3128 did not open a tunnel to api:443: proxy authentication failed (407)',
      'ERR_PROXY_TUNNEL',
      {
        reason: 'auth',
      },
    );
    expect(classifyError(auth)).toMatchObject({ kind: 'credentials', status: 407 });
    const refused = sysError(
      'the proxy p:1080 did not open a tunnel to api:443: connection refused',
      'ERR_PROXY_TUNNEL',
      {
        reason: 'refused',
      },
    );
    expect(classifyError(refused)).toMatchObject({
      kind: 'unreachable',
      message: 'the proxy p:1080 did not open a tunnel to api:443: connection refused',
    });
  });
});
