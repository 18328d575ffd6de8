// `npm run bench -- <name>`: runs bench/<name>.bench.ts and prints its figures.
// Benchmarks are vitest files in the `bench` project (not part of `npm test`): they measure,
// print what they measured, and compare against a baseline run in the same process where an
// issue asks for a ratio. `npm run bench` with no name lists them.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const names = readdirSync(new URL('../bench/', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.log(`Usage: npm run bench -- <name>\nBenchmarks: ${names.join(', ') || '(none yet)'}`);
  process.exit(name ? 2 : 0);
}
// vitest's package exports hide its bin file, so point at it directly.
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const r = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--project',
    'bench',
    `bench/${name}.bench.ts`,
    '--disableConsoleIntercept',
    '--reporter=dot',
  ],
  { stdio: 'inherit', env: { ...process.env, TETHER_BENCH: name } },
);
process.exit(r.status ?? 1);
