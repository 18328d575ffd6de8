#!/usr/bin/env node
// The `tether` command: runs the built CLI bundle (npm run build makes out/cli/tether.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/tether.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error('tether: the CLI is not built yet. Run `npm run build` first.');
  process.exit(3);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`tether: Node ${process.versions.node} is too old; Tether needs Node 24 (see .nvmrc).`);
  process.exit(3);
}
await import(bundle);
