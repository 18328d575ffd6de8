import { describe, expect, it } from 'vitest';
import { describeVectors, readVector } from '../../../../test/support/vectors';
import { validateForwardSpec } from '../../domain/forward';
import type { ForwardSpec } from '../../domain/forward';
import { importKftray } from './kftray';
import { importLocalPort } from './localport';
import type { ImportOptions } from './result';
import { exportForwards, importTetherJson } from './tetherJson';

const noEnv: ImportOptions = {};

function spec(input: Record<string, unknown>): ForwardSpec {
  const result = validateForwardSpec(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

const handMade: ForwardSpec[] = [
  spec({
    name: 'API',
    description: 'the public API',
    context: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
    namespace: 'api',
    target: 'deploy/api',
    remotePort: 'http',
    localPort: 8443,
    bindAddress: '0.0.0.0',
    allowNonLoopback: true,
    probe: {
      type: 'http',
      path: '/healthz?x=1',
      expectedStatus: 204,
      scheme: 'https',
      headers: { 'X-A': 'b' },
    },
    restart: { enabled: false, maxAttempts: 9, initialDelayMs: 250, multiplier: 1.5, maxDelayMs: 9000 },
    idleStop: { enabled: true, afterMs: 600_000 },
    tags: ['prod', 'api'],
    startAtLaunch: true,
    enabled: false,
    kubeconfigHint: '~/.kube/prod',
  }),
  spec({
    name: 'pods',
    context: 'kind',
    target: 'app=web,tier in (a,b)',
    remotePort: 80,
    probe: { type: 'none' },
  }),
  spec({
    id: 'custom-id',
    name: 'db',
    context: 'kind',
    target: 'pod/db-0',
    remotePort: 5432,
    localPort: 'auto',
  }),
];

describe('Tether export format', () => {
  it('writes a versioned, readable file', () => {
    const text = exportForwards(handMade);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as { tether: number; forwards: Record<string, unknown>[] };
    expect(parsed.tether).toBe(1);
    expect(parsed.forwards.map((f) => f['target'])).toEqual([
      'deployment/api',
      'app=web,tier in (a,b)',
      'pod/db-0',
    ]);
    expect(Object.keys(parsed.forwards[0] ?? {})).toEqual([
      'id',
      'name',
      'description',
      'context',
      'namespace',
      'target',
      'remotePort',
      'localPort',
      'bindAddress',
      'allowNonLoopback',
      'probe',
      'restart',
      'idleStop',
      'tags',
      'startAtLaunch',
      'enabled',
      'kubeconfigHint',
    ]);
    expect(exportForwards(handMade)).toBe(text); // stable
    expect(exportForwards([])).toBe('{\n  "tether": 1,\n  "forwards": []\n}\n');
  });

  it('round-trips every field, ids included (a non-loopback bind with the confirmation)', () => {
    const result = importTetherJson(exportForwards(handMade), { allowNonLoopback: true });
    expect(result.format).toBe('tether');
    expect(result.errors).toEqual([]);
    expect(result.forwards).toEqual(handMade);
    expect(result.warnings).toEqual([
      '"API" binds to 0.0.0.0: every machine that can reach this one can use the forward',
    ]);
    // and again: export(import(export(x))) === export(x)
    expect(exportForwards(result.forwards)).toBe(exportForwards(handMade));
  });

  it('without the confirmation, brings a non-loopback bind back to 127.0.0.1', () => {
    const result = importTetherJson(exportForwards(handMade), noEnv);
    expect(result.forwards[0]).toMatchObject({ bindAddress: '127.0.0.1', allowNonLoopback: false });
    expect(result.forwards.slice(1)).toEqual(handMade.slice(1));
  });

  it('fills defaults and ids for hand-written entries', () => {
    const text = JSON.stringify({
      tether: 1,
      forwards: [{ name: 'web', context: 'kind', target: 'svc/web', remotePort: 80 }],
    });
    const result = importTetherJson(text, noEnv);
    expect(result.forwards[0]).toMatchObject({
      namespace: 'default',
      localPort: 'auto',
      probe: { type: 'tcp' },
    });
    expect(result.forwards[0]?.id).toMatch(/^fwd-web-/);
  });

  it('reports invalid entries per field while the others import', () => {
    const text = JSON.stringify({
      tether: 1,
      forwards: [
        { name: 'ok', context: 'kind', target: 'svc/ok', remotePort: 80 },
        { name: 'bad', context: 'kind', target: 'svc/Bad', remotePort: 0, namespace: 'X' },
        'nope',
        { context: 'kind', target: 'svc/x', remotePort: 1 },
      ],
    });
    const result = importTetherJson(text, noEnv);
    expect(result.forwards.map((f) => f.name)).toEqual(['ok']);
    expect(result.errors).toEqual([
      { entry: 'bad', message: expect.stringContaining('Namespace "X" is not a valid DNS-1123 label') },
      { entry: 'bad', message: expect.stringContaining('Service name "Bad"') },
      { entry: 'bad', message: 'Remote port must be a whole number from 1 to 65535' },
      { entry: 'forwards[2]', message: 'A forward must be an object, got "nope"' },
      { entry: 'forwards[3]', message: 'Name is required' },
    ]);
  });

  it('keeps ids unique and names unique', () => {
    const text = JSON.stringify({
      tether: 1,
      forwards: [
        { id: 'same', name: 'a', context: 'k', target: 'svc/a', remotePort: 1 },
        { id: 'same', name: 'a', context: 'k', target: 'svc/b', remotePort: 2 },
      ],
    });
    const result = importTetherJson(text, noEnv);
    expect(result.forwards.map((f) => [f.id, f.name])).toEqual([
      ['same', 'a'],
      ['same-2', 'a-2'],
    ]);
    expect(result.warnings).toEqual([
      'Two entries are named "a": the later one was renamed "a-2"',
      'Id "same" appears twice: "a-2" now has id "same-2"',
    ]);
  });

  it('refuses other versions and shapes', () => {
    expect(importTetherJson('{"tether": 2, "forwards": []}', noEnv).errors).toEqual([
      { entry: 'file', message: 'Tether export version 2 is not supported (this Tether reads version 1)' },
    ]);
    expect(importTetherJson('{"forwards": []}', noEnv).errors[0]?.message).toContain(
      '"tether" (the version)',
    );
    expect(importTetherJson('{"tether": 1, "forwards": {}}', noEnv).errors).toEqual([
      { entry: 'file', message: '"forwards" must be a list, got a map' },
    ]);
    expect(importTetherJson('nope', noEnv).errors[0]?.message).toMatch(/^Not valid JSON/);
  });

  it('checks contexts against the known ones', () => {
    const result = importTetherJson(exportForwards(handMade.slice(1)), { knownContexts: ['kind'] });
    expect(result.errors).toEqual([]);
    const strict = importTetherJson(exportForwards(handMade.slice(1)), { knownContexts: ['other'] });
    expect(strict.errors).toEqual([]);
    expect(strict.forwards).toHaveLength(2);
    expect(strict.entries.map((e) => e.outcomes.map((o) => o.kind))).toEqual(
      Array(2).fill(['new', 'context-not-in-kubeconfig']),
    );
    const mapped = importTetherJson(exportForwards(handMade.slice(1)), {
      knownContexts: ['other'],
      contextMap: { kind: 'other' },
    });
    expect(mapped.forwards.map((f) => [f.id, f.context])).toEqual(
      handMade.slice(1).map((f) => [f.id, 'other']),
    );
  });
});

describeVectors('Tether export round trip of imported vectors', () => {
  it('LocalPort and kftray imports survive export → import unchanged', () => {
    const sources = [
      importLocalPort(readVector('localport', 'docs-example-production-daemon.yaml'), noEnv).forwards,
      importKftray(readVector('kftray', 'history-configs-2024-08-minified.json'), noEnv).forwards,
      importKftray(readVector('kftray', 'examples-configs.json'), noEnv).forwards,
    ];
    for (const forwards of sources) {
      expect(forwards.length).toBeGreaterThan(0);
      const back = importTetherJson(exportForwards(forwards), noEnv);
      expect(back.errors).toEqual([]);
      expect(back.warnings).toEqual([]);
      expect(back.forwards).toEqual(forwards);
    }
  });
});
