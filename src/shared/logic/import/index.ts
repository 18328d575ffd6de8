import { detectFormat } from './detect';
import { importKftray } from './kftray';
import { importKubeForwarder } from './kubeForwarder';
import { importLocalPort } from './localport';
import type { ImportFormat, ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import { importTetherJson } from './tetherJson';

// One entry point for the CLI (`tether import FILE [--format X]`) and the UI's import dialog.

export { exportForwards, importTetherJson } from './tetherJson';
// What an import returns is domain (src/shared/domain/importResult.ts); offered here with the importers.
export { ImportFormatSchema, ImportResultSchema } from '../../domain/importResult';
export type { ImportFormat, ImportOutcome, ImportResult } from '../../domain/importResult';
export type { ImportOptions } from './result';
export { importAction, withReplacements } from './replacements';
export { parseContextMap } from './contextMap';

const IMPORTERS: Readonly<Record<ImportFormat, (text: string, options: ImportOptions) => ImportResult>> = {
  localport: importLocalPort,
  kftray: importKftray,
  'kube-forwarder': importKubeForwarder,
  tether: importTetherJson,
};

/** Options for {@link importForwards}: an explicit format (`--format`), else detection. */
export interface ImportForwardsOptions extends ImportOptions {
  format?: ImportFormat;
  /** The file's name, a tie-breaker for detection. */
  filename?: string;
}

/**
 * Imports a file of any supported format. Without `format` the content is inspected; when it
 * matches nothing, the result is undefined (ask the user for the format).
 */
export function importForwards(text: string, options: ImportForwardsOptions): ImportResult | undefined {
  const format = options.format ?? detectFormat(text, options.filename);
  return format ? IMPORTERS[format](text, options) : undefined;
}
