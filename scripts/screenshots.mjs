#!/usr/bin/env node
// Refreshes the README's pictures: runs the e2e suites that take them (real Chromium, real
// `tether serve`, a real control plane) with their screenshots in a fresh temporary folder,
// then copies the README's set into docs/screenshots. `npm test` never writes there.
// Needs what the e2e suite needs: `npm run build` first (this script runs it), Chromium and the
// control-plane binaries (see README, Test).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The pictures README.md shows, by the name each e2e test gives its screenshot. */
const README_SHOTS = [
  'clusters',
  'clusters-dark',
  'cluster-pods',
  'pod-detail',
  'forward-active',
  'provisioning',
  'cluster-unhealthy',
  'layout-400',
  'layout-wide',
  'engine-lost',
  'no-token',
  'stale-bar',
  'forward-retry',
];
const SUITES = [
  'test/e2e/clusters.test.ts',
  'test/e2e/layout.test.ts',
  'test/e2e/trust.test.ts',
  'test/e2e/forwardFlow.test.ts',
];

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(
      `screenshots: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status}); docs/screenshots unchanged.\n`,
    );
    process.exit(r.status ?? 1);
  }
};

const shots = mkdtempSync(join(tmpdir(), 'tether-readme-shots-'));
run('npm', ['run', 'build']);
run('npx', ['vitest', 'run', '--project', 'e2e', ...SUITES], {
  ...process.env,
  TETHER_SCREENSHOTS_DIR: shots,
});
const docs = join(root, 'docs', 'screenshots');
mkdirSync(docs, { recursive: true });
const missing = README_SHOTS.filter((n) => !existsSync(join(shots, `${n}.png`)));
if (missing.length) {
  process.stderr.write(
    `screenshots: the run took no ${missing.join(', ')} (in ${shots}); docs/screenshots unchanged.\n`,
  );
  process.exit(1);
}
for (const n of README_SHOTS) copyFileSync(join(shots, `${n}.png`), join(docs, `${n}.png`));
process.stdout.write(
  `screenshots: ${README_SHOTS.length} pictures copied into docs/screenshots from ${shots}\n`,
);
