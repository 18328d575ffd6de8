import { readFile } from 'node:fs/promises';
import type { ContextList, KubeconfigProblem } from '../../../shared/domain/contexts';
import { redactSecrets } from '../../../shared/logic/text/redact';
import { describeContexts } from './describe';
import { mergeKubeconfigs } from './merge';
import type { KubeconfigDoc, MergedKubeconfig } from './model';
import { KubeconfigParseError, parseKubeconfig } from './parse';

/** The result of reading every kubeconfig file: what the engine uses and what the UI sees. */
export interface LoadedKubeconfig {
  merged: MergedKubeconfig;
  list: ContextList;
}

/**
 * Reads and merges the given files. A file that is missing or malformed is reported as a
 * problem naming the file and skipped; the others still load, so one broken file never
 * takes every cluster away.
 */
export async function loadKubeconfig(files: string[]): Promise<LoadedKubeconfig> {
  const docs: KubeconfigDoc[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, message: readProblem(err) });
      continue;
    }
    try {
      docs.push(parseKubeconfig(text, file));
    } catch (err) {
      const message = err instanceof KubeconfigParseError ? err.message : `could not be read: ${String(err)}`;
      problems.push({ file, message });
    }
  }
  const merged = mergeKubeconfigs(docs);
  merged.files = files;
  const contexts = describeContexts(merged);
  if (merged.currentContext && !merged.contexts.has(merged.currentContext)) {
    problems.push({
      file:
        files.find((f) => docs.find((d) => d.file === f)?.currentContext === merged.currentContext) ??
        files[0] ??
        '',
      message: `current-context "${merged.currentContext}" is not defined in any kubeconfig file`,
    });
  }
  // Parse errors quote the file's text, which may hold a token: the UI and logs get it redacted.
  const list: ContextList = {
    files,
    contexts: contexts.map((c) => ({ ...c, problems: c.problems.map(redactSecrets) })),
    problems: problems.map((p) => ({ ...p, message: redactSecrets(p.message) })),
  };
  if (merged.currentContext) list.currentContext = merged.currentContext;
  return { merged, list };
}

function readProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied reading the file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `could not be read: ${err instanceof Error ? err.message : String(err)}`;
}
