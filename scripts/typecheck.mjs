// Typechecks every layer's project (node side, web side, renderer tests) without emitting.
// The tsconfigs are composite so editors and `tsc -b` see the project references; here we
// only check types, so declaration output (and its portability rules for test helpers) is off.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const flags = [
  '--noEmit',
  '--composite',
  'false',
  '--declaration',
  'false',
  '--emitDeclarationOnly',
  'false',
  '--pretty',
];
let failed = false;
for (const project of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.web-test.json']) {
  try {
    execFileSync(process.execPath, [tsc, '-p', project, ...flags], { stdio: 'inherit' });
    console.log(`typecheck ${project}: ok`);
  } catch {
    console.error(`typecheck ${project}: FAILED`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
