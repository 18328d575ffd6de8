import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { forwardList } from '../../../../test/support/forwardArbitraries';
import { hasVectors, readVector, vectorPath } from '../../../../test/support/vectors';
import { importKftray } from './kftray';
import { importKubeForwarder } from './kubeForwarder';
import { importLocalPort } from './localport';
import { importForwards } from './index';
import { ImportResultSchema, type ImportResult } from '../../domain/importResult';
import { type ImportOptions } from './result';
import { exportForwards, importTetherJson } from './tetherJson';

// Properties of every importer: any input gives a result or a message a person can read, never
// a throw; and Tether's own export imports back to the very same forwards.

const RUNS = 200;
const options: ImportOptions = {
  knownContexts: ['dev', 'prod'],
  currentContext: 'dev',
};

const IMPORTERS: Record<string, (text: string, o: ImportOptions) => ImportResult> = {
  localport: importLocalPort,
  kftray: importKftray,
  'kube-forwarder': importKubeForwarder,
  tether: importTetherJson,
};

// A result the contract can carry, where every problem is said in words.
function expectReadable(result: ImportResult | undefined): void {
  if (result === undefined) return; // importForwards: format not recognised (the caller asks)
  expect(ImportResultSchema.safeParse(result).success).toBe(true);
  for (const e of result.errors) expect(e.message.trim()).not.toBe('');
  for (const u of result.unsupported) expect(u.reason.trim()).not.toBe('');
  for (const w of result.warnings) expect(w.trim()).not.toBe('');
}

function eachImporter(text: string): void {
  for (const run of Object.values(IMPORTERS)) expectReadable(run(text, options));
  expectReadable(importForwards(text, options));
}

// Plausible field names of every format, so generated objects reach past the top-level checks.
const KEYS = [
  'version',
  'services',
  'name',
  'technology',
  'local_port',
  'remote_port',
  'connection',
  'resource_name',
  'resource_type',
  'namespace',
  'context',
  'health_check',
  'type',
  'config',
  'headers',
  'url',
  'restart_policy',
  'defaults',
  'tags',
  'enabled',
  'cluster_health',
  'cluster_contexts',
  'service',
  'local_address',
  'alias',
  'workload_type',
  'protocol',
  'kubeconfig',
  'target',
  'remote_address',
  'clusters',
  'resources',
  'forwards',
  'tether',
  'remotePort',
  'localPort',
  'bindAddress',
  'allowNonLoopback',
  'probe',
  'id',
  'kind',
  'forward',
  'expected_status',
  'interval',
  'timeout',
  'description',
  'port',
  'ports',
  'kubeconfigHint',
];
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('kubectl', 'ssh', 'service', 'pod', 'http', 'dev', '0.0.0.0', '${HOME}', 'app=x', 'svc/a'),
  fc.integer({ min: -5, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const shaped: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('node'), {
      maxKeys: 6,
    }),
  ),
})).node;

describe('importers never throw', () => {
  // Found by the mutated-vector property below: yaml reports this only when building values.
  it('a LocalPort alias with no anchor is a message, not a throw', () => {
    const result = importLocalPort(
      'version: "1.0"\nservices:\n  - name: api\n    local_port: *a200\n',
      options,
    );
    expect(result.errors).toEqual([
      { entry: 'file', message: expect.stringMatching(/^Not valid YAML: .*a200/) },
    ]);
  });

  it('on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), eachImporter), { numRuns: RUNS });
  });

  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => eachImporter(JSON.stringify(v))),
      {
        numRuns: RUNS,
      },
    );
  });

  it('on objects shaped like the formats, as JSON and as YAML', () => {
    fc.assert(
      fc.property(shaped, fc.constantFrom('tether', 'kftray', 'kube-forwarder', 'localport'), (v, tag) => {
        const wrapped =
          tag === 'tether'
            ? { tether: 1, forwards: [v] }
            : tag === 'localport'
              ? { version: '1.0', services: [v] }
              : v;
        eachImporter(JSON.stringify(wrapped) ?? 'null');
        eachImporter(stringify(wrapped));
      }),
      { numRuns: RUNS },
    );
  });

  it('on a Tether export whose fields are replaced by anything', () => {
    fc.assert(
      fc.property(forwardList({ maxLength: 2 }), fc.constantFrom(...KEYS), shaped, (forwards, key, value) => {
        const root = JSON.parse(exportForwards(forwards)) as { forwards: Record<string, unknown>[] };
        for (const f of root.forwards) f[key] = value;
        expectReadable(importTetherJson(JSON.stringify(root), options));
      }),
      { numRuns: RUNS },
    );
  });
});

// Real files from other tools, mutated: cut, spliced with garbage, or a line repeated.
const mutation = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc
      .tuple(fc.nat(text.length), fc.string({ unit: 'binary', maxLength: 10 }))
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc
      .tuple(
        fc.nat(text.length),
        fc.constantFrom('{', '}', '[', ']', ':', '"', '\n  - ', '*a', '&a ', '${X}', '\u0000'),
      )
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc.nat(text.length).map((at) => {
      const lines = text.split('\n');
      const i = at % Math.max(1, lines.length);
      return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
    }),
  );

const vectorFiles = hasVectors
  ? (['localport', 'kftray', 'kube-forwarder', 'kubeconfig'] as const).flatMap((dir) =>
      readdirSync(vectorPath(dir))
        .filter((f) => /\.(json|ya?ml)$/.test(f))
        .map((f) => ({ dir, file: f })),
    )
  : [];

describe.skipIf(!hasVectors)('importers never throw on mutated real files [needs ../shared/vectors]', () => {
  const own = { localport: importLocalPort, kftray: importKftray, 'kube-forwarder': importKubeForwarder };
  it.each(vectorFiles.filter((v) => v.dir !== 'kubeconfig'))(
    '$dir/$file',
    ({ dir, file }) => {
      const text = readVector(dir, file);
      const run = own[dir as keyof typeof own];
      fc.assert(
        fc.property(mutation(text), (mutated) => {
          expectReadable(run(mutated, options));
          expectReadable(importForwards(mutated, options));
        }),
        { numRuns: 20 },
      );
    },
    30_000,
  );
});

describe('Tether JSON export → import', () => {
  it('round-trips every valid loopback forward exactly', () => {
    fc.assert(
      fc.property(forwardList(), (forwards) => {
        const result = importTetherJson(exportForwards(forwards), {});
        expect(result.errors).toEqual([]);
        expect(result.forwards).toEqual(forwards);
      }),
      { numRuns: RUNS },
    );
  });
});
