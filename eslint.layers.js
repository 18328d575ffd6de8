// @ts-check
// The layer picture, enforced: imports go one way only.
//
//   src/renderer ──► src/shared ◄── src/main/core ◄── src/main (Electron adapter)
//
// - src/shared: pure TypeScript. No node:* or Node built-ins, no electron, no React/DOM.
//   Inside it: domain <- logic <- contract (domain imports neither, logic not the contract).
// - src/main/core: the engine in plain Node. Never electron (or electron-store, which loads it).
//   src/main/headless and src/main/cli run in plain Node as well and follow the same rule.
// - src/renderer: only renderer code and src/shared; never Node, electron or main.
// Tests beside shared code may read fixture files, so *.test.ts is exempt from the Node ban.
//
// Packages are banned by name (`no-restricted-imports`); folders are banned by the real path a
// relative import resolves to (`tether/import-zones`, eslint/importZones.js), so a zone fires
// however many `../` the import spells.
import { builtinModules } from 'node:module';
import { tetherPlugin } from './eslint/importZones.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronish = ['electron', 'electron-store', 'electron/*'];

/** @param {string} group @param {string} message */
const pattern = (group, message) => ({ group: [group], message });

/** The parts of src/main that run in plain Node; the rest of src/main is the Electron adapter. */
const plainNodeMain = ['src/main/core', 'src/main/headless', 'src/main/cli'];

/**
 * Folder boundaries, judged by resolved path. Each zone has a planted violation in
 * test/lint/layers.test.ts proving it fires.
 * @type {import('./eslint/importZones.js').Zone[]}
 */
export const zones = [
  {
    from: ['src/shared'],
    target: ['src/main'],
    message: 'src/shared must not import from src/main: both sides import shared, never the reverse.',
  },
  {
    from: ['src/shared'],
    target: ['src/renderer'],
    message: 'src/shared must not import from src/renderer: both sides import shared, never the reverse.',
  },
  {
    from: ['src/shared/domain'],
    target: ['src/shared/logic', 'src/shared/contract'],
    message:
      'src/shared/domain imports nothing of ours: logic and the contract are built on the domain, never the reverse.',
  },
  {
    from: ['src/shared/logic'],
    target: ['src/shared/contract'],
    message:
      'src/shared/logic must not import the contract: the contract carries domain types and uses logic, never the reverse.',
  },
  {
    from: ['src/main/core'],
    target: ['src/main'],
    except: ['src/main/core'],
    message:
      'The engine (src/main/core) must not import the Electron adapter, the headless server or the CLI: they are built on it.',
  },
  {
    from: ['src/main/headless', 'src/main/cli'],
    target: ['src/main'],
    except: plainNodeMain,
    message:
      'src/main/headless and src/main/cli run in plain Node: they must not import the Electron adapter.',
  },
  {
    from: ['src/main/preload'],
    target: ['src/main'],
    except: ['src/main/preload'],
    message: 'The preload runs in the sandboxed renderer process: it imports only src/shared and itself.',
  },
  {
    from: ['src/main'],
    target: ['src/renderer'],
    message: 'src/main must not import renderer code: the renderer is reached only through the contract.',
  },
  {
    from: ['src/renderer'],
    target: ['src/main'],
    message: 'The renderer must not import src/main; use the contract (src/renderer/client).',
  },
  {
    from: ['src'],
    target: ['test'],
    exemptTests: true,
    message: 'Production code must not import from test/: only tests may use the test support.',
  },
];

/** @type {import('typescript-eslint').ConfigArray} */
export const layerRules = [
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { tether: tetherPlugin },
    rules: { 'tether/import-zones': ['error', { zones }] },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/shared is pure TypeScript: no Node built-ins.',
            })),
            ...electronish.map((name) => ({ name, message: 'src/shared must not import electron.' })),
            { name: 'react', message: 'src/shared must not import React.' },
            { name: 'react-dom', message: 'src/shared must not import React DOM.' },
          ],
          patterns: [
            pattern('node:*', 'src/shared is pure TypeScript: no Node built-ins.'),
            pattern('react/*', 'src/shared must not import React.'),
            pattern('react-dom/*', 'src/shared must not import React DOM.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    // The headless transport and the CLI run in plain Node too.
    files: ['src/main/core/**/*.{ts,tsx}', 'src/main/headless/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronish.map((name) => ({
            name,
            message: 'src/main/core is the engine in plain Node: it never imports electron.',
          })),
          patterns: [pattern('electron/*', 'src/main/core never imports electron.')],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer runs in a browser: no Node built-ins.',
            })),
            ...electronish.map((name) => ({
              name,
              message: 'The renderer talks to main only through the contract (src/renderer/client).',
            })),
          ],
          patterns: [
            pattern('node:*', 'The renderer runs in a browser: no Node built-ins.'),
            pattern('@kubernetes/*', 'The renderer never talks to clusters; use the contract.'),
            pattern('execa', 'The renderer never spawns processes.'),
          ],
        },
      ],
    },
  },
];
