import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __TETHER_VERSION__: JSON.stringify(pkg.version) };

/**
 * Three bundles: the Electron main process (ESM), the preload (one CommonJS file with
 * everything inlined, because a sandboxed preload can only `require('electron')`), and the
 * renderer (React). The headless CLI has its own config: vite.cli.config.ts.
 */
export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The orphan guard runs as its own process next to the bundle (guardedChildRegistry.ts).
          orphanGuardProcess: resolve('src/main/core/watchdog/orphanGuardProcess.ts'),
        },
      },
    },
  },
  preload: {
    define,
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    define,
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 900,
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
