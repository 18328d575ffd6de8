// `npm run harness -- up|down|status`: delegates to the TypeScript CLI, which Node 24 runs
// directly (type stripping), so the harness needs no build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../test/harness/cli.ts', import.meta.url));
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
