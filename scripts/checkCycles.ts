// `npm run lint` step: fails when the source tree has an import cycle nobody has allowed
// (scripts/cycles/checkTree.ts says which). `node scripts/checkCycles.ts [root]`, root defaulting
// to this repository.
import { resolve } from 'node:path';
import { checkTree } from './cycles/checkTree.ts';
import { readSourceFiles } from './cycles/sourceFiles.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..'));
const { errors, warnings } = checkTree(readSourceFiles(root));
for (const warning of warnings) console.warn(`cycles: ${warning}`);
for (const error of errors) console.error(error);
if (errors.length === 0) console.log('cycles: none beyond the allowlist');
process.exit(errors.length === 0 ? 0 : 1);
