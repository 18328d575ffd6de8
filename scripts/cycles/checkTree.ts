import { FOLDER_CYCLES_ALLOWED } from './allowlist.ts';
import { judgeCycles, type CycleVerdict, type EdgeName } from './findCycles.ts';
import { buildGraphs, type SourceFiles } from './importGraph.ts';

/** What the cycle check says about a source tree: error lines (each fails lint) and warnings. */
export interface TreeReport {
  errors: string[];
  warnings: string[];
}

/**
 * Files: no cycle of imports that run on load (no allowlist). Folders: no cycle of any imports
 * through an edge not in `allowed`.
 */
export function checkTree(
  files: SourceFiles,
  allowed: readonly EdgeName[] = FOLDER_CYCLES_ALLOWED,
): TreeReport {
  const graphs = buildGraphs(files);
  const report: TreeReport = { errors: [], warnings: [] };
  const add = (kind: string, verdict: CycleVerdict, edgeImports?: Map<string, string[]>): void => {
    for (const { edge, cycle } of verdict.newCycles) {
      const imports = (edgeImports?.get(edge) ?? []).map((i) => `\n    (${i})`).join('');
      report.errors.push(`import cycle (${kind}) through ${edge}${imports}:\n  ${cycle.join('\n  -> ')}`);
    }
    for (const edge of verdict.staleAllowances) {
      report.warnings.push(`${edge} is no longer on a cycle: remove it from scripts/cycles/allowlist.ts`);
    }
  };
  add('files, imports that run on load', judgeCycles(graphs.files, []));
  add('folders, all imports', judgeCycles(graphs.folders, allowed), graphs.folderEdgeImports);
  return report;
}
