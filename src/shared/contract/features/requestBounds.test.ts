import { describe, expect, it } from 'vitest';
import { MAX_FORWARD_DRAFT_CHARS } from '../../domain/forward';
import { UiNavigateSchema } from '../../domain/navigation';
import { ShellSettingsSchema } from '../../domain/shellSettings';
import { commands } from '../channels';

// Request fields that end up in an API path or a stored file are checked at the contract, so a
// caller cannot walk to another API path or send an unbounded record.

const pod = (namespace: string, name: string) =>
  commands['clusters:pod'].req.safeParse({ context: 'kind-dev', namespace, name }).success;

describe('clusters:pod', () => {
  it.each(['..', '.', 'a/..', '../secrets', 'Web', 'a_b', '%2e%2e', 'a..b', '-a'])(
    'refuses the pod name %j (not a DNS-1123 subdomain)',
    (name) => expect(pod('default', name)).toBe(false),
  );

  it.each(['..', 'kube-system/..', 'Default', 'a.b', 'x'.repeat(64)])(
    'refuses the namespace %j (not a DNS-1123 label)',
    (namespace) => expect(pod(namespace, 'web-0')).toBe(false),
  );

  it('accepts real names', () => {
    expect(pod('kube-system', 'coredns-5d78c9869d-x2x7k')).toBe(true);
    expect(pod('default', 'web.v1-0')).toBe(true);
  });
});

describe('namespaces in other request paths', () => {
  it('forwards:targets refuses a namespace that is not a DNS-1123 label', () => {
    const req = commands['forwards:targets'].req;
    expect(req.safeParse({ context: 'c', namespace: '..' }).success).toBe(false);
    expect(req.safeParse({ context: 'c', namespace: 'kube-system' }).success).toBe(true);
  });

  it('clusters:pods refuses a namespace filter that is not a DNS-1123 label', () => {
    const req = commands['clusters:pods'].req;
    expect(req.safeParse({ context: 'c', namespace: '../x' }).success).toBe(false);
    expect(req.safeParse({ context: 'c', namespace: 'default' }).success).toBe(true);
  });
});

describe('forwards:save', () => {
  const save = commands['forwards:save'].req;

  it('refuses a draft record larger than the bound, with a message saying so', () => {
    const result = save.safeParse({
      forward: { name: 'a', description: 'x'.repeat(MAX_FORWARD_DRAFT_CHARS) },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/too large/);
  });

  it('refuses a record with thousands of keys', () => {
    const forward = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1]));
    expect(save.safeParse({ forward }).success).toBe(false);
  });

  it('refuses a cyclic record instead of throwing', () => {
    const forward: Record<string, unknown> = { name: 'a' };
    forward['self'] = forward;
    expect(() => save.safeParse({ forward })).not.toThrow();
    expect(save.safeParse({ forward }).success).toBe(false);
  });

  it('accepts an ordinary draft', () => {
    expect(
      save.safeParse({ forward: { name: 'api', context: 'c', target: 'svc/api', remotePort: 80 } }).success,
    ).toBe(true);
  });
});

describe('a context name is one rule wherever it is named', () => {
  // Longer than a DNS name (253): kubeconfig context names are free text, and a forward may be
  // stored for one (ContextNameSchema), so every other channel must take it too.
  const long = `arn:aws:eks:eu-central-1:123456789012:cluster/${'platform-'.repeat(30)}prod`;
  const tooLong = 'c'.repeat(1025);

  it.each([
    [
      'forwards:targets',
      (context: string) => commands['forwards:targets'].req.safeParse({ context, namespace: 'default' }),
    ],
    [
      'clusters:pod',
      (context: string) =>
        commands['clusters:pod'].req.safeParse({ context, namespace: 'default', name: 'web-0' }),
    ],
    [
      'shell:update mutedContexts',
      (context: string) => commands['shell:update'].req.safeParse({ mutedContexts: [context] }),
    ],
    [
      'stored shell settings',
      (context: string) => ShellSettingsSchema.safeParse({ mutedContexts: [context] }),
    ],
    ['a notification click', (context: string) => UiNavigateSchema.safeParse({ view: 'cluster', context })],
  ])(
    '%s takes a context name longer than 253 characters, as the forward form does, and refuses one over 1024 or with a control character',
    (_, parse) => {
      expect(long.length).toBeGreaterThan(253);
      expect(parse(long).success).toBe(true);
      expect(parse(tooLong).success).toBe(false);
      expect(parse('bad\u0007name').success).toBe(false);
    },
  );
});
