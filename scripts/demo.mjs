// `npm run demo`: two real local clusters plus `tether serve` against them (see
// test/harness/demo.ts). Node 24 runs the TypeScript harness directly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../test/harness/demo.ts', import.meta.url));
const r = spawnSync(process.execPath, [demo], { stdio: 'inherit' });
process.exit(r.status ?? 1);
