import { detectFormat } from './detect';
import { importKftray } from './kftray';
import { importKubeForwarder } from './kubeForwarder';
import { importLocalPort } from './localport';
import type { ImportFormat, ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import { importTetherJson } from './tetherJson';

// One entry point for the CLI (`tether import FILE [--format X]`) and the UI's import dialog.

export { detectFormat } from './detect';
export { expandApprovedHeaders, expandEnv, placeholderNames } from './envExpand';
export type { EnvExpansion, EnvMap } from './envExpand';
export { importKftray } from './kftray';
export { importKubeForwarder } from './kubeForwarder';
export { importLocalPort } from './localport';
export { exportForwards, importTetherJson, TETHER_EXPORT_VERSION } from './tetherJson';
export { claimsCollide, findCollision } from './conflicts';
export type { PortClaim } from './conflicts';
// What an import returns is domain (src/shared/domain/importResult.ts); offered here with the importers.
export { ClusterHealthImportSchema, ClusterHealthSettingsSchema } from '../../domain/clusterHealthImport';
export { DEFAULT_CLUSTER_HEALTH } from './clusterHealth';
export type { ClusterHealthImport, ClusterHealthSettings } from '../../domain/clusterHealthImport';
export {
  ImportEntrySchema,
  ImportErrorSchema,
  ImportOutcomeSchema,
  ImportFormatSchema,
  ImportResultSchema,
  UnsupportedEntrySchema,
} from '../../domain/importResult';
export { FILE_ENTRY } from './result';
export type {
  ImportEntry,
  ImportError,
  ImportFormat,
  ImportOutcome,
  ImportResult,
  UnsupportedEntry,
} from '../../domain/importResult';
export type { ImportOptions } from './result';
export { importAction, withReplacements } from './replacements';
export type { ImportAction, StoredForward } from './replacements';
export { MAX_CONTEXT_MAPPINGS, parseContextMap } from './contextMap';
export type { ContextMapParse } from './contextMap';

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
