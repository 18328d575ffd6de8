import type { KnipConfig } from 'knip';

/**
 * The unused-code check run by `npm run lint`: every file, export, type and dependency must be
 * reached from an entry point. Tests are entries too (a helper only a test uses is alive), and an
 * export its own file uses is not reported (zod schemas composed where they are declared).
 */
const config: KnipConfig = {
  entry: [
    // Electron main, preload, renderer and the CLI come from the vite configs, the tests from
    // vitest.config.ts, bin/tether.js from package.json (knip's plugins); these it cannot see.
    'scripts/*.{mjs,ts}',
    'bench/*.bench.ts',
    // Started by path: bench/events.bench.ts runs it in a child process, forward.bench.ts as a worker.
    'bench/eventFlood.ts',
    'bench/forwardLoad.worker.ts',
  ],
  project: [
    'src/**/*.{ts,tsx}',
    'scripts/**/*.{ts,mjs}',
    'bench/**/*.ts',
    'test/**/*.ts',
    'eslint/**/*.js',
    'bin/*.js',
    '*.{js,ts}',
  ],
  ignoreExportsUsedInFile: true,
  // electron-store's storage engine: tests read the settings file through it as the app does.
  ignoreDependencies: ['conf'],
  // System tools, not npm packages: ss (port holder lookup), tinyproxy and microsocks (proxy tests).
  ignoreBinaries: ['ss', 'tinyproxy', 'microsocks'],
};

export default config;
