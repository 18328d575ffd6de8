// Builds the import graph of the source tree with the TypeScript compiler's parser: one graph of
// files joined by the imports that run when a module loads (a cycle there can hand a module an
// unfinished neighbour), and one of folders joined by every import, type-only and lazy ones too
// (a cycle there means two folders cannot be understood, or moved, one without the other).
import ts from 'typescript';

/** Repo-relative posix path → the file's source text. */
export type SourceFiles = ReadonlyMap<string, string>;
/** Node → the nodes it imports. */
export type Graph = Map<string, Set<string>>;

/** One import as written in a file. */
export interface ImportRef {
  specifier: string;
  /** True when it only brings in types, so nothing of the target runs on load. */
  typeOnly: boolean;
  /** True for `import()` expressions, which load the target later, not on load. */
  lazy: boolean;
}

/** Every import and re-export a file writes, static and dynamic. */
export function importsOf(fileName: string, source: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: importIsTypeOnly(node), lazy: false });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: exportIsTypeOnly(node), lazy: false });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      refs.push({ specifier: node.arguments[0].text, typeOnly: false, lazy: true });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true, lazy: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

function scriptKind(fileName: string): ts.ScriptKind {
  return fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x'` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    !!clause &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}

/** The file a relative specifier names among `files`, or undefined (packages, assets). */
export function resolveImport(fromFile: string, specifier: string, files: SourceFiles): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = joinPosix(dirnamePosix(fromFile), specifier);
  const stem = base.replace(/\.(js|ts|tsx)$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) =>
    files.has(c),
  );
}

function dirnamePosix(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

function joinPosix(dir: string, specifier: string): string {
  const parts = dir === '' ? [] : dir.split('/');
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The folders whose children are the units of the folder graph: `src/main/core/forwards`
 * (with its `tunnel/`), `src/shared/logic`, `src/main/cli` (with its `commands/`),
 * `src/renderer/features/home`. A file directly in one of these roots belongs to the root itself
 * (`src/main/core/engine.ts` is `src/main/core`). Longest root first.
 */
const UNIT_ROOTS = ['src/renderer/features', 'src/main/core', 'src/renderer', 'src/shared', 'src/main'];

/** The folder unit a file belongs to in the folder graph. */
export function folderUnitOf(file: string): string {
  const root = UNIT_ROOTS.find((r) => file.startsWith(`${r}/`));
  if (!root) return dirnamePosix(file);
  const rest = file.slice(root.length + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? root : `${root}/${rest.slice(0, slash)}`;
}

/** The graphs of a set of source files (only imports between those files count). */
export interface ImportGraphs {
  /** Files joined by the imports that run on load. */
  files: Graph;
  /** Folder units joined by any import. */
  folders: Graph;
  /** For each folder edge `a -> b`, the file imports that make it (`a/x.ts -> b/y.ts`). */
  folderEdgeImports: Map<string, string[]>;
}

/** Both graphs of a set of source files (only imports between those files count). */
export function buildGraphs(files: SourceFiles): ImportGraphs {
  const fileGraph: Graph = new Map();
  const folderGraph: Graph = new Map();
  const folderEdgeImports = new Map<string, string[]>();
  const add = (graph: Graph, from: string, to: string): void => {
    let targets = graph.get(from);
    if (!targets) graph.set(from, (targets = new Set()));
    targets.add(to);
  };
  for (const [file, source] of files) {
    for (const ref of importsOf(file, source)) {
      const target = resolveImport(file, ref.specifier, files);
      if (target === undefined) continue;
      if (!ref.typeOnly && !ref.lazy) add(fileGraph, file, target);
      const [fromUnit, toUnit] = [folderUnitOf(file), folderUnitOf(target)];
      if (fromUnit === toUnit) continue;
      add(folderGraph, fromUnit, toUnit);
      const edge = `${fromUnit} -> ${toUnit}`;
      const imports = folderEdgeImports.get(edge) ?? [];
      if (!imports.includes(`${file} -> ${target}`)) imports.push(`${file} -> ${target}`);
      folderEdgeImports.set(edge, imports);
    }
  }
  return { files: fileGraph, folders: folderGraph, folderEdgeImports };
}
