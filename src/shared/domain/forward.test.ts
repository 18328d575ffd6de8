import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IDLE_STOP,
  DEFAULT_RESTART_POLICY,
  ForwardDraftSchema,
  ForwardSpecObjectSchema,
  ForwardSpecSchema,
  ForwardTargetSchema,
  LocalPortSchema,
  RemotePortSchema,
  formatLabelSelector,
  formatTarget,
  forwardId,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isIPv4,
  isIPv6,
  isIanaSvcName,
  isLoopbackAddress,
  isWildcardAddress,
  parseLabelSelector,
  parseTarget,
  validateForwardSpec,
} from './forward';
import type { ForwardSpec, ForwardValidation } from './forward';

const minimal = { name: 'api', context: 'kind-dev', target: 'svc/api', remotePort: 80 };

function expectOk(result: ForwardValidation): ForwardSpec {
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

function errorsOf(result: ForwardValidation): Record<string, string> {
  if (result.ok) throw new Error('expected errors');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('Kubernetes name rules', () => {
  it('accepts DNS-1123 labels and rejects the rest', () => {
    for (const ok of ['default', 'kube-system', 'a', '0abc', 'a'.repeat(63)])
      expect(isDns1123Label(ok)).toBe(true);
    for (const bad of ['', 'Default', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)])
      expect(isDns1123Label(bad)).toBe(false);
  });

  it('accepts DNS-1123 subdomains (dotted) up to 253 characters', () => {
    expect(isDns1123Subdomain('api-7d9f.web')).toBe(true);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}`)).toBe(true);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain('Api')).toBe(false);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
  });

  it('wants Service names to start with a letter (DNS-1035)', () => {
    expect(isDns1035Label('grafana')).toBe(true);
    expect(isDns1035Label('9grafana')).toBe(false);
    expect(isDns1035Label('a.b')).toBe(false);
  });

  it('applies IANA_SVC_NAME rules to named ports', () => {
    for (const ok of ['http', 'metrics', 'grpc-web', 'h2c', 'a'.repeat(15)])
      expect(isIanaSvcName(ok)).toBe(true);
    for (const bad of ['', '8080', 'HTTP', '-http', 'http-', 'grpc--web', 'a'.repeat(16), 'my_port']) {
      expect(isIanaSvcName(bad)).toBe(false);
    }
  });
});

describe('label selectors', () => {
  it('parses every supported operator', () => {
    const parsed = parseLabelSelector(
      'app=api, tier==web,env!=prod,zone in (a, b),track notin (canary),legacy,!beta',
    );
    expect(parsed).toEqual({
      ok: true,
      requirements: [
        { key: 'app', operator: '=', value: 'api' },
        { key: 'tier', operator: '=', value: 'web' },
        { key: 'env', operator: '!=', value: 'prod' },
        { key: 'zone', operator: 'in', values: ['a', 'b'] },
        { key: 'track', operator: 'notin', values: ['canary'] },
        { key: 'legacy', operator: 'exists' },
        { key: 'beta', operator: 'notExists' },
      ],
    });
    if (parsed.ok) {
      expect(formatLabelSelector(parsed.requirements)).toBe(
        'app=api,tier=web,env!=prod,zone in (a,b),track notin (canary),legacy,!beta',
      );
    }
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('app.kubernetes.io/component=server').ok).toBe(true);
    expect(parseLabelSelector('app=').ok).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['app=api,', 'expected a label key'],
    ['app in (a', 'expected "," or ")"'],
    ['app in ()', 'needs at least one value'],
    ['app in a', 'expected "("'],
    ['app>1', 'unexpected ">"'],
    ['Bad_Prefix/app=x', 'DNS-1123 subdomain'],
    ['app=-x', 'label value "-x" is invalid'],
    [`app=${'v'.repeat(64)}`, 'is invalid'],
    ['app=a b', 'unexpected "b"'],
  ])('rejects %j with a message about it', (selector, fragment) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });
});

describe('targets', () => {
  it.each([
    ['pod/web-0', { kind: 'pod', name: 'web-0' }],
    ['po/web-0', { kind: 'pod', name: 'web-0' }],
    ['web-0', { kind: 'pod', name: 'web-0' }],
    ['svc/api', { kind: 'service', name: 'api' }],
    ['service/api', { kind: 'service', name: 'api' }],
    ['Service/api', { kind: 'service', name: 'api' }],
    ['deploy/api-server', { kind: 'deployment', name: 'api-server' }],
    ['deployment/api-server', { kind: 'deployment', name: 'api-server' }],
    ['app=api,tier=web', { kind: 'selector', selector: 'app=api,tier=web' }],
    ['  app = api , tier == web ', { kind: 'selector', selector: 'app=api,tier=web' }],
    [
      'app.kubernetes.io/component=server',
      { kind: 'selector', selector: 'app.kubernetes.io/component=server' },
    ],
    ['env in (dev,qa)', { kind: 'selector', selector: 'env in (dev,qa)' }],
  ])('parses %j', (text, target) => {
    expect(parseTarget(text)).toEqual({ ok: true, target });
  });

  it.each([
    ['', 'empty'],
    ['statefulset/db', 'Target kind "statefulset" is not supported'],
    ['svc/Api', 'Service name "Api" is not a valid DNS-1035 label'],
    ['svc/9lives', 'DNS-1035'],
    ['pod/Web', 'Pod name "Web" is not a valid DNS-1123 subdomain'],
    ['deploy/', 'Deployment name "" is not a valid'],
    ['app.kubernetes.io/name', 'neither KIND/NAME'],
    ['app,tier', 'needs at least one key=value'],
    ['app=(', 'unexpected "("'],
  ])('rejects %j', (text, fragment) => {
    const parsed = parseTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });

  it('round-trips through the string form', () => {
    for (const text of [
      'pod/web-0',
      'service/api',
      'deployment/api',
      'app=api,tier!=db',
      'app,tier=web',
      '!old,x=y',
    ]) {
      const first = parseTarget(text);
      if (!first.ok) throw new Error(first.message);
      const again = parseTarget(formatTarget(first.target));
      expect(again).toEqual(first);
    }
  });

  it('validates target objects too', () => {
    expect(ForwardTargetSchema.safeParse({ kind: 'service', name: 'api' }).success).toBe(true);
    expect(ForwardTargetSchema.safeParse({ kind: 'job', name: 'x' }).error?.issues[0]?.message).toBe(
      'Target kind must be pod, service, deployment or selector',
    );
    expect(ForwardTargetSchema.safeParse({ kind: 'selector', selector: 'app' }).success).toBe(false);
  });
});

describe('ports', () => {
  it('takes remote ports as numbers or names', () => {
    expect(RemotePortSchema.safeParse(80).success).toBe(true);
    expect(RemotePortSchema.safeParse('http').success).toBe(true);
    expect(RemotePortSchema.safeParse(0).error?.issues[0]?.message).toBe(
      'Remote port must be a whole number from 1 to 65535',
    );
    expect(RemotePortSchema.safeParse(65536).success).toBe(false);
    expect(RemotePortSchema.safeParse(80.5).error?.issues[0]?.message).toContain('Remote port');
    expect(RemotePortSchema.safeParse('HTTP').error?.issues[0]?.message).toContain(
      'Remote port name "HTTP" is invalid',
    );
  });

  it('takes local ports as 1–65535 or "auto"', () => {
    expect(LocalPortSchema.safeParse('auto').success).toBe(true);
    expect(LocalPortSchema.safeParse(1).success).toBe(true);
    expect(LocalPortSchema.safeParse(65535).success).toBe(true);
    for (const bad of [0, 65536, 'any', 1.5, null]) {
      expect(LocalPortSchema.safeParse(bad).error?.issues[0]?.message).toContain('Local port');
    }
  });
});

describe('addresses', () => {
  it('recognises IPv4 and IPv6 literals', () => {
    expect(isIPv4('127.0.0.1')).toBe(true);
    expect(isIPv4('256.0.0.1')).toBe(false);
    expect(isIPv4('01.2.3.4')).toBe(false);
    for (const ok of [
      '::1',
      '::',
      'fe80::1',
      '2001:db8:0:0:0:0:2:1',
      '::ffff:127.0.0.1',
      '1:2:3:4:5:6:7:8',
    ]) {
      expect(isIPv6(ok)).toBe(true);
    }
    for (const bad of [':::1', '1:2:3:4:5:6:7:8:9', 'fe80::1%en0', '12345::', '1::2::3', 'localhost']) {
      expect(isIPv6(bad)).toBe(false);
    }
  });

  it('tells loopback and wildcard addresses apart', () => {
    for (const a of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(a)).toBe(true);
    }
    for (const a of ['0.0.0.0', '192.168.1.10', '::', 'fe80::1', '::ffff:10.0.0.1']) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
    expect(isWildcardAddress('0.0.0.0')).toBe(true);
    expect(isWildcardAddress('::')).toBe(true);
    expect(isWildcardAddress('127.0.0.1')).toBe(false);
  });
});

describe('validateForwardSpec', () => {
  it('fills every default from a minimal draft', () => {
    const spec = expectOk(validateForwardSpec(minimal));
    expect(spec).toEqual({
      id: spec.id,
      name: 'api',
      context: 'kind-dev',
      namespace: 'default',
      target: { kind: 'service', name: 'api' },
      remotePort: 80,
      localPort: 'auto',
      bindAddress: '127.0.0.1',
      allowNonLoopback: false,
      probe: { type: 'tcp', intervalMs: 30_000, timeoutMs: 5_000, failureThreshold: 3, successThreshold: 1 },
      restart: { ...DEFAULT_RESTART_POLICY },
      idleStop: { ...DEFAULT_IDLE_STOP },
      tags: [],
      startAtLaunch: false,
      enabled: true,
    });
    expect(spec.idleStop.enabled).toBe(false);
    expect(spec.id).toMatch(/^fwd-api-[0-9a-f]{16}$/);
    expect(ForwardSpecSchema.parse(spec)).toEqual(spec);
  });

  it('offers an unrefined object schema for contracts to pick from', () => {
    expect(ForwardSpecObjectSchema.pick({ id: true }).parse({ id: 'fwd-a', name: 'x' })).toEqual({
      id: 'fwd-a',
    });
  });

  it('keeps a given id', () => {
    expect(expectOk(validateForwardSpec({ ...minimal, id: 'mine-1' })).id).toBe('mine-1');
  });

  it('fills http probe defaults', () => {
    const spec = expectOk(validateForwardSpec({ ...minimal, probe: { type: 'http', path: '/healthz' } }));
    expect(spec.probe).toEqual({
      type: 'http',
      path: '/healthz',
      expectedStatus: 200,
      scheme: 'http',
      headers: {},
      intervalMs: 30_000,
      timeoutMs: 5_000,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(expectOk(validateForwardSpec({ ...minimal, probe: { type: 'none' } })).probe).toEqual({
      type: 'none',
    });
  });

  it('reports every bad field at once, each with its own message', () => {
    const errors = errorsOf(
      validateForwardSpec({
        name: '  ',
        context: 'kind-dev',
        namespace: 'My_Namespace',
        target: 'svc/Bad_Name',
        remotePort: 70000,
        localPort: 0,
        bindAddress: 'example.com',
        probe: { type: 'http', path: 'healthz', expectedStatus: 700, timeoutMs: 50 },
        restart: { maxAttempts: 0, multiplier: 11, initialDelayMs: 5000, maxDelayMs: 1000 },
        idleStop: { enabled: true, afterMs: 1000 },
        tags: [''],
      }),
    );
    expect(errors).toMatchObject({
      name: 'Name is required',
      namespace: expect.stringContaining('Namespace "My_Namespace" is not a valid DNS-1123 label'),
      target: expect.stringContaining('Service name "Bad_Name"'),
      remotePort: 'Remote port must be a whole number from 1 to 65535',
      localPort: 'Local port must be a whole number from 1 to 65535, or "auto"',
      bindAddress: 'Bind address "example.com" must be "localhost" or an IPv4/IPv6 address',
      'probe.path': expect.stringContaining('HTTP probe path must start with "/" and contain no spaces'),
      'probe.expectedStatus': 'Expected status must be 100–599',
      'probe.timeoutMs': 'Probe timeout must be at least 100 ms',
      'restart.maxAttempts': 'Max attempts must be 1–100',
      'restart.multiplier': 'Backoff multiplier must be 1–10',
      'idleStop.afterMs': 'Idle auto-stop must be at least 1 min',
      'tags.0': 'Tags must not be empty',
    });
  });

  it('says which required fields are missing', () => {
    expect(errorsOf(validateForwardSpec({}))).toEqual({
      name: 'Name is required',
      context: 'Context is required',
      target: 'Target is required',
      remotePort: 'Remote port is required',
    });
    expect(errorsOf(validateForwardSpec(null))).toEqual({ '': 'A forward must be an object' });
    expect(errorsOf(validateForwardSpec([minimal]))).toEqual({ '': 'A forward must be an object' });
  });

  it('checks cross-field rules', () => {
    expect(
      errorsOf(validateForwardSpec({ ...minimal, restart: { initialDelayMs: 5000, maxDelayMs: 1000 } })),
    ).toEqual({
      'restart.maxDelayMs': 'Max delay must not be below the initial delay',
    });
    expect(
      errorsOf(
        validateForwardSpec({ ...minimal, probe: { type: 'tcp', intervalMs: 2000, timeoutMs: 3000 } }),
      ),
    ).toEqual({ 'probe.timeoutMs': 'Probe timeout must not exceed its interval' });
  });

  it('rejects an unknown probe type', () => {
    expect(errorsOf(validateForwardSpec({ ...minimal, probe: { type: 'postgres' } }))).toEqual({
      'probe.type': 'Probe type must be none, tcp or http',
    });
  });

  it('names the known contexts when the context is unknown', () => {
    expect(errorsOf(validateForwardSpec(minimal, { knownContexts: ['minikube', 'kind-prod'] }))).toEqual({
      context: 'Context "kind-dev" is not in your kubeconfig; known contexts: minikube, kind-prod',
    });
    expect(errorsOf(validateForwardSpec(minimal, { knownContexts: [] })).context).toContain(
      'no contexts are known',
    );
    const many = Array.from({ length: 12 }, (_, i) => `ctx-${i}`);
    expect(errorsOf(validateForwardSpec(minimal, { knownContexts: many })).context).toContain('and 2 more');
    expect(validateForwardSpec(minimal, { knownContexts: ['kind-dev'] }).ok).toBe(true);
  });

  it('reports the context even when other fields are wrong too', () => {
    const errors = errorsOf(
      validateForwardSpec({ ...minimal, remotePort: 0 }, { knownContexts: ['minikube'] }),
    );
    expect(Object.keys(errors).sort()).toEqual(['context', 'remotePort']);
  });

  it('binds to loopback unless non-loopback is explicitly allowed, and then warns', () => {
    expect(validateForwardSpec({ ...minimal, bindAddress: '127.0.0.2' })).toMatchObject({
      ok: true,
      warnings: [],
    });
    expect(validateForwardSpec({ ...minimal, bindAddress: '::1' }).ok).toBe(true);
    expect(errorsOf(validateForwardSpec({ ...minimal, bindAddress: '0.0.0.0' })).bindAddress).toContain(
      'is not loopback',
    );
    // the opt-in rule is reported together with other problems
    const both = errorsOf(validateForwardSpec({ ...minimal, bindAddress: '0.0.0.0', remotePort: 0 }));
    expect(Object.keys(both).sort()).toEqual(['bindAddress', 'remotePort']);

    const wide = validateForwardSpec({ ...minimal, bindAddress: '0.0.0.0', allowNonLoopback: true });
    expect(wide.ok).toBe(true);
    expect(wide.warnings).toEqual([
      '"api" binds to 0.0.0.0: every machine that can reach this one can use the forward',
    ]);
    const lan = validateForwardSpec({ ...minimal, bindAddress: '192.168.1.5', allowNonLoopback: true });
    expect(lan.warnings[0]).toContain('not loopback');
  });

  it('accepts a target object, named remote ports and a label selector', () => {
    const spec = expectOk(
      validateForwardSpec({
        ...minimal,
        target: { kind: 'selector', selector: 'app=api' },
        remotePort: 'http',
      }),
    );
    expect(spec.target).toEqual({ kind: 'selector', selector: 'app=api' });
    expect(spec.remotePort).toBe('http');
    expect(errorsOf(validateForwardSpec({ ...minimal, target: 42 })).target).toContain('Target must be text');
    expect(
      errorsOf(validateForwardSpec({ ...minimal, target: { kind: 'pod', name: 'X' } }))['target.name'],
    ).toContain('Pod name "X"');
  });

  it('trims names and tags and refuses control characters', () => {
    const spec = expectOk(validateForwardSpec({ ...minimal, name: '  api  ', tags: [' db '] }));
    expect(spec.name).toBe('api');
    expect(spec.tags).toEqual(['db']);
    expect(errorsOf(validateForwardSpec({ ...minimal, name: 'a\u0007b' })).name).toContain(
      'control characters',
    );
    expect(errorsOf(validateForwardSpec({ ...minimal, name: 'x'.repeat(101) })).name).toContain(
      'at most 100',
    );
  });

  it('accepts context names kubectl accepts (EKS ARNs)', () => {
    const arn = 'arn:aws:eks:us-west-2:111222333444:cluster/ExampleCluster';
    expect(expectOk(validateForwardSpec({ ...minimal, context: arn })).context).toBe(arn);
  });
});

describe('forwardId', () => {
  const parts = {
    name: 'Argo CD',
    context: 'kind',
    namespace: 'argocd',
    target: { kind: 'service', name: 'argocd-server' },
  } as const;

  it('is stable and readable', () => {
    expect(forwardId(parts)).toBe(forwardId({ ...parts }));
    expect(forwardId(parts)).toMatch(/^fwd-argo-cd-[0-9a-f]{16}$/);
  });

  it('changes with any identifying part', () => {
    const ids = new Set([
      forwardId(parts),
      forwardId({ ...parts, name: 'Argo CD 2' }),
      forwardId({ ...parts, context: 'kind-2' }),
      forwardId({ ...parts, namespace: 'other' }),
      forwardId({ ...parts, target: { kind: 'deployment', name: 'argocd-server' } }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('copes with names that have no ASCII letters', () => {
    expect(forwardId({ ...parts, name: '—' })).toMatch(/^fwd-[0-9a-f]{16}$/);
    expect(
      ForwardDraftSchema.shape.id.safeParse(forwardId({ ...parts, name: 'x'.repeat(100) })).success,
    ).toBe(true);
  });
});
