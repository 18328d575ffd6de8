import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ContextInfoSchema } from '../../../shared/domain/contexts';
import { hasVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { describeContexts } from './describe';
import { mergeKubeconfigs } from './merge';
import { KubeconfigParseError, parseKubeconfig } from './parse';

// Any kubeconfig text gives contexts or one KubeconfigParseError with a message (which
// loadKubeconfig reports for that file): never another exception from parsing, merging or
// describing.

const RUNS = 200;

function readOrExplain(text: string): void {
  let doc;
  try {
    doc = parseKubeconfig(text, '/home/u/.kube/config');
  } catch (err) {
    expect(err).toBeInstanceOf(KubeconfigParseError);
    expect((err as Error).message.trim()).not.toBe('');
    return;
  }
  const contexts = describeContexts(mergeKubeconfigs([doc]));
  for (const c of contexts) expect(ContextInfoSchema.safeParse(c).success).toBe(true);
}

const KEYS = [
  'apiVersion',
  'kind',
  'clusters',
  'users',
  'contexts',
  'current-context',
  'name',
  'cluster',
  'user',
  'context',
  'server',
  'certificate-authority',
  'certificate-authority-data',
  'insecure-skip-tls-verify',
  'namespace',
  'token',
  'tokenFile',
  'client-certificate',
  'client-key',
  'exec',
  'command',
  'args',
  'env',
  'auth-provider',
  'proxy-url',
  'tls-server-name',
  'interactiveMode',
  'username',
  'password',
  'extensions',
];
const shaped: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('https://h:6443', 'rel/ca.crt', './bin/x'),
    ),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('node'), {
      maxKeys: 6,
    }),
  ),
})).node;

describe('parseKubeconfig never throws anything but a KubeconfigParseError', () => {
  it('on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), readOrExplain), { numRuns: RUNS });
  });

  it('on kubeconfig-shaped YAML', () => {
    fc.assert(
      fc.property(shaped, (v) => {
        readOrExplain(stringify(v));
        readOrExplain(stringify({ apiVersion: 'v1', clusters: [v], users: [v], contexts: [v] }));
      }),
      { numRuns: RUNS },
    );
  });

  it('on an alias with no anchor', () => {
    expect(() => parseKubeconfig('contexts: *nope\n', '/k')).toThrow(KubeconfigParseError);
  });
});

const files = hasVectors ? readdirSync(vectorPath('kubeconfig')).filter((f) => /\.ya?ml$/.test(f)) : [];
const mutation = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc
      .tuple(
        fc.nat(text.length),
        fc.constantFrom('{', ']', ': ', '- ', '*a', '&a ', '\t', '"', '\u0000', 'null'),
      )
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  );

describe.skipIf(!hasVectors)('mutated real kubeconfigs [needs ../shared/vectors]', () => {
  it.each(files)('%s', (file) => {
    fc.assert(fc.property(mutation(readVector('kubeconfig', file)), readOrExplain), { numRuns: 30 });
  });
});
