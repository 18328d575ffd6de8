import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FOLDER_CYCLES_ALLOWED } from '../../scripts/cycles/allowlist';
import { checkTree } from '../../scripts/cycles/checkTree';
import { judgeCycles, stronglyConnected } from '../../scripts/cycles/findCycles';
import { buildGraphs, folderUnitOf, importsOf, resolveImport } from '../../scripts/cycles/importGraph';
import { readSourceFiles } from '../../scripts/cycles/sourceFiles';
import { repoRoot } from '../support/vectors';

/**
 * The import-cycle step of `npm run lint` (scripts/checkCycles.ts): cycles are planted in memory
 * on top of the real source tree, and once on disk in a temp folder to prove the script itself
 * exits non-zero.
 */
const realTree = readSourceFiles(repoRoot);
const withPlanted = (planted: Record<string, string>) => new Map([...realTree, ...Object.entries(planted)]);

describe('import cycle check', { timeout: 60_000 }, () => {
  it('passes on the real tree with its allowlist', () => {
    expect(checkTree(realTree).errors).toEqual([]);
  });

  it('reads the real tree: the allowlisted edges are found from real imports', () => {
    const { folders } = buildGraphs(realTree);
    expect(folders.get('src/main/core/clusters')).toContain('src/main/core/watch');
    // Without the allowlist every allowed edge is reported as a cycle, so each entry is live today.
    const unallowed = checkTree(realTree, []).errors.join('\n');
    for (const edge of FOLDER_CYCLES_ALLOWED) expect(unallowed).toContain(`through ${edge}`);
  });

  it('fails on a planted file cycle of imports that run on load', () => {
    const { errors } = checkTree(
      withPlanted({
        'src/main/core/watch/plantedA.ts': "import { b } from './plantedB';\nexport const a = () => b;\n",
        'src/main/core/watch/plantedB.ts': "import { a } from './plantedA';\nexport const b = () => a;\n",
      }),
    );
    // One error per edge on the cycle: both imports are named.
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('files, imports that run on load');
    expect(errors.join('\n')).toContain(
      'through src/main/core/watch/plantedA.ts -> src/main/core/watch/plantedB.ts',
    );
    expect(errors.join('\n')).toContain(
      'through src/main/core/watch/plantedB.ts -> src/main/core/watch/plantedA.ts',
    );
  });

  it('lets a type-only file cycle pass (nothing runs on load) but not a folder one', () => {
    const sameFolder = checkTree(
      withPlanted({
        'src/main/core/watch/plantedA.ts': "import type { B } from './plantedB';\nexport type A = B[];\n",
        'src/main/core/watch/plantedB.ts': "import { type A } from './plantedA';\nexport type B = A | 1;\n",
      }),
    );
    expect(sameFolder.errors).toEqual([]);
    // src/main/core/clusters already imports src/main/core/watch: a type import back closes a cycle.
    const acrossFolders = checkTree(
      withPlanted({
        'src/main/core/watch/planted.ts':
          "import type { ClusterMonitor } from '../clusters/clusterMonitor';\nexport type M = ClusterMonitor;\n",
      }),
    );
    // Both edges of the new cycle are named; the planted one with the import that makes it.
    const reported = acrossFolders.errors.join('\n');
    expect(acrossFolders.errors).toHaveLength(2);
    expect(reported).toContain('through src/main/core/clusters -> src/main/core/watch');
    expect(reported).toContain('through src/main/core/watch -> src/main/core/clusters');
    expect(reported).toContain(
      '(src/main/core/watch/planted.ts -> src/main/core/clusters/clusterMonitor.ts)',
    );
  });

  it('fails on a planted cycle between layers of src/shared and lazy imports too', () => {
    const { errors } = checkTree(
      withPlanted({
        'src/shared/domain/planted.ts': "export const load = () => import('../logic/planted');\n",
        'src/shared/logic/planted.ts': "import { load } from '../domain/planted';\nexport const l = load;\n",
      }),
    );
    expect(errors.join('\n')).toContain('through src/shared/domain -> src/shared/logic');
  });

  it('exits non-zero with the cycle named when run as the lint step', () => {
    const root = plantTree({
      'src/main/core/a/x.ts': "import { y } from '../b/y';\nexport const x = () => y;\n",
      'src/main/core/b/y.ts': "import type { X } from '../a/types';\nexport const y = (v: X) => v;\n",
      'src/main/core/a/types.ts': 'export type X = number;\n',
    });
    const run = runCheck(root);
    expect(run.status).toBe(1);
    expect(run.output).toContain('through src/main/core/a -> src/main/core/b');
    rmSync(join(root, 'src/main/core/b/y.ts'));
    writeFileSync(join(root, 'src/main/core/b/y.ts'), 'export const y = 1;\n');
    expect(runCheck(root)).toEqual({ status: 0, output: expect.stringContaining('none beyond') });
  });
});

describe('import graph pieces', () => {
  it('tells type-only, value and lazy imports apart', () => {
    const refs = importsOf(
      'src/x.ts',
      [
        "import type { A } from './a';",
        "import { type B, type C } from './b';",
        "import { type D, e } from './d';",
        "import './side';",
        "import * as ns from './ns';",
        "export type { F } from './f';",
        "export * from './g';",
        "export const h = () => import('./h');",
        "export type I = import('./i').I;",
        "import z from 'zod';",
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly, r.lazy])).toEqual([
      ['./a', true, false],
      ['./b', true, false],
      ['./d', false, false],
      ['./side', false, false],
      ['./ns', false, false],
      ['./f', true, false],
      ['./g', false, false],
      ['./h', false, true],
      ['./i', true, false],
      ['zod', false, false],
    ]);
  });

  it('resolves relative imports to files and leaves packages out', () => {
    const files = new Map([
      ['src/a/b.ts', ''],
      ['src/a/c.tsx', ''],
      ['src/d/index.ts', ''],
    ]);
    expect(resolveImport('src/a/x.ts', './b', files)).toBe('src/a/b.ts');
    expect(resolveImport('src/a/x.ts', './b.js', files)).toBe('src/a/b.ts');
    expect(resolveImport('src/a/x.ts', './c', files)).toBe('src/a/c.tsx');
    expect(resolveImport('src/a/x.ts', '../d', files)).toBe('src/d/index.ts');
    expect(resolveImport('src/a/x.ts', './missing', files)).toBeUndefined();
    expect(resolveImport('src/a/x.ts', 'zod', files)).toBeUndefined();
  });

  it('groups files into folder units', () => {
    expect(folderUnitOf('src/main/core/forwards/tunnel/spdy.ts')).toBe('src/main/core/forwards');
    expect(folderUnitOf('src/main/core/engine.ts')).toBe('src/main/core');
    expect(folderUnitOf('src/main/cli/commands/serve.ts')).toBe('src/main/cli');
    expect(folderUnitOf('src/main/index.ts')).toBe('src/main');
    expect(folderUnitOf('src/shared/logic/health/config.ts')).toBe('src/shared/logic');
    expect(folderUnitOf('src/renderer/features/home/Home.tsx')).toBe('src/renderer/features/home');
    expect(folderUnitOf('src/renderer/stores/appStore.ts')).toBe('src/renderer/stores');
  });

  it('finds components and judges edges against the allowlist', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a', 'c'])],
      ['c', new Set(['d'])],
    ]);
    expect(stronglyConnected(graph)).toEqual([['a', 'b']]);
    expect(judgeCycles(graph, ['a -> b', 'b -> a'])).toEqual({ newCycles: [], staleAllowances: [] });
    expect(judgeCycles(graph, ['a -> b', 'c -> d'])).toEqual({
      newCycles: [{ edge: 'b -> a', cycle: ['b', 'a', 'b'] }],
      staleAllowances: ['c -> d'],
    });
  });
});

const planted: string[] = [];
afterEach(() => {
  for (const dir of planted.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function plantTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tether-cycles-'));
  planted.push(root);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), source);
  }
  return root;
}

function runCheck(root: string): { status: number; output: string } {
  try {
    const out = execFileSync(process.execPath, [join(repoRoot, 'scripts/checkCycles.ts'), root], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, output: out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}
