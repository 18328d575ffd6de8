// @ts-check
// A local ESLint rule that keeps each layer's imports on its own side by resolving every
// relative import to the real path it names, then checking that path against the zones.
// Matching the written specifier instead (as `no-restricted-imports` patterns do) misses
// imports whose text never contains the forbidden folder's name: `../../ipc/register` from
// `src/main/core/clusters` reaches the Electron adapter without the word "main" in it.
import path from 'node:path';

/**
 * @typedef {object} Zone
 * @property {string[]} from Folders (repo-relative) whose files the zone restricts.
 * @property {string[]} target Folders those files must not import from.
 * @property {string[]} [except] Folders inside `target` that stay allowed.
 * @property {boolean} [exemptTests] When true, `*.test.ts(x)` files in `from` are not restricted.
 * @property {string} message The error shown on a violating import.
 */

/** @param {string} file @param {string} folder */
const inside = (file, folder) => file === folder || file.startsWith(`${folder}/`);
/** @param {string} p */
const toPosix = (p) => p.split(path.sep).join('/');
const testFile = /\.test\.tsx?$/;
/** The repository root: this file sits in `<root>/eslint/`. */
const root = path.resolve(import.meta.dirname, '..');

/** The repo-relative path an import names, or undefined for a package import. @param {string} file @param {string} specifier */
export function resolvedImport(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return toPosix(path.relative(root, path.resolve(path.dirname(file), specifier)));
}

/** The zone an import from `file` (repo-relative) to `target` (repo-relative) breaks, if any. @param {Zone[]} zones @param {string} file @param {string} target */
export function brokenZone(zones, file, target) {
  return zones.find(
    (zone) =>
      zone.from.some((folder) => inside(file, folder)) &&
      !(zone.exemptTests && testFile.test(file)) &&
      zone.target.some((folder) => inside(target, folder)) &&
      !(zone.except ?? []).some((folder) => inside(target, folder)),
  );
}

/** @type {import('eslint').Rule.RuleModule} */
const zonesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports that cross a layer boundary, judged by the path they resolve to.' },
    schema: [
      {
        type: 'object',
        properties: { zones: { type: 'array' } },
        required: ['zones'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    /** @type {Zone[]} */
    const zones = context.options[0].zones;
    const file = toPosix(path.relative(root, context.filename));
    /** @param {import('eslint').Rule.Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = resolvedImport(context.filename, source.value);
      if (target === undefined) return;
      const zone = brokenZone(zones, file, target);
      if (zone) context.report({ node: source, message: `${zone.message} (${source.value} is ${target})` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `import('…').Type` in a type position.
      /** @param {any} node */
      TSImportType: (node) => check(node.argument?.literal ?? node.source),
    };
  },
};

/** The local plugin: `tether/import-zones`. */
export const tetherPlugin = { rules: { 'import-zones': zonesRule } };
