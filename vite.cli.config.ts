import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const deps = Object.keys(pkg.dependencies);

/**
 * The `tether` command line and headless engine, for plain Node 24: one ESM bundle that
 * leaves Node built-ins and npm dependencies to be imported at run time.
 */
export default defineConfig({
  define: { __TETHER_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node24',
    sourcemap: true,
    rollupOptions: {
      input: {
        tether: resolve('src/main/cli/index.ts'),
        // The orphan guard runs as its own process next to the bundle (guardedChildRegistry.ts).
        orphanGuardProcess: resolve('src/main/core/watchdog/orphanGuardProcess.ts'),
      },
      external: (id) =>
        id.startsWith('node:') ||
        builtinModules.includes(id) ||
        deps.some((d) => id === d || id.startsWith(`${d}/`)),
      output: { format: 'esm', entryFileNames: '[name].js' },
    },
  },
});
