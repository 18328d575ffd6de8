import { describe, expect, it } from 'vitest';
import { ForwardTargetSchema, formatTarget, parseTarget } from './forwardTarget';

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
