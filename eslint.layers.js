// @ts-check
// The layer picture, enforced: imports go one way only.
//
//   src/renderer ──► src/shared ◄── src/main/core ◄── src/main (Electron adapter)
//
// - src/shared: pure TypeScript. No node:* or Node built-ins, no electron, no React/DOM.
// - src/main/core: the engine in plain Node. Never electron (or electron-store, which loads it).
//   src/main/headless and src/main/cli run in plain Node as well and follow the same rule.
// - src/renderer: only renderer code and src/shared; never Node, electron or main.
// Tests beside shared code may read fixture files, so *.test.ts is exempt from the Node ban.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronish = ['electron', 'electron-store', 'electron/*'];

/** @param {string} group @param {string} message */
const pattern = (group, message) => ({ group: [group], message });

/** @type {import('typescript-eslint').ConfigArray} */
export const layerRules = [
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
            pattern('**/main/**', 'src/shared must not import from src/main.'),
            pattern('**/renderer/**', 'src/shared must not import from src/renderer.'),
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
          patterns: [
            pattern('electron/*', 'src/main/core never imports electron.'),
            pattern('**/renderer/**', 'The engine must not import renderer code.'),
            pattern('../../main/*', 'The engine must not import the Electron adapter.'),
          ],
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
            pattern('**/main/**', 'The renderer must not import src/main; use the contract.'),
            pattern('@kubernetes/*', 'The renderer never talks to clusters; use the contract.'),
            pattern('execa', 'The renderer never spawns processes.'),
          ],
        },
      ],
    },
  },
];
