import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_STOP, DEFAULT_RESTART_POLICY } from './forwardPolicies';
import { ForwardSpecObjectSchema, ForwardSpecSchema, type ForwardSpec } from './forwardSpec';
import { validateForwardSpec, type ForwardValidation } from './forwardValidation';

const minimal = { name: 'api', context: 'kind-dev', target: 'svc/api', remotePort: 80 };

function expectOk(result: ForwardValidation): ForwardSpec {
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

function errorsOf(result: ForwardValidation): Record<string, string> {
  if (result.ok) throw new Error('expected errors');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

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
