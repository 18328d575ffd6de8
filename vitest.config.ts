import { defineConfig } from 'vitest/config';

/**
 * One vitest run, several projects by folder:
 * - unit: pure logic and the engine beside its source (src/shared, src/main)
 * - renderer: React components and stores under happy-dom
 * - contract: the same contract suite over both transports (test/contract)
 * - integration: the engine against the real control plane (test/integration)
 * - e2e: the real renderer in Debian's Chromium against `tether serve` (test/e2e)
 * - bench: benchmarks (bench/), run only by `npm run bench -- <name>`
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/shared/**/*.test.ts',
            'src/main/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/packaging/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // Benchmarks: only through `npm run bench -- <name>`, never part of `npm test`.
        test: {
          name: 'bench',
          include: ['bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: 30 * 60_000,
          hookTimeout: 10 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
