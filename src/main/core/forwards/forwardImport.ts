// What an import asks of the supervisor, parsed against the user's kubeconfig, and what it
// says about each forward it does not save as given.
import { ContractError } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { importForwards, type ImportFormat, type ImportResult } from '../../../shared/logic/import';
import { withReplacements, type ImportAction } from '../../../shared/logic/import/replacements';

/** An import request: the file, and what the user confirmed. */
export interface ImportRequest {
  text: string;
  format?: ImportFormat | undefined;
  filename?: string | undefined;
  /** Keep non-loopback binds from the file (else 127.0.0.1). */
  allowNonLoopback?: boolean | undefined;
  /** Replace forwards with the same id (never running ones). */
  replaceExisting?: boolean | undefined;
  /** Variables approved for probe-header expansion at probe time. */
  approveVariables?: readonly string[] | undefined;
  /** The file's context (or Kube Forwarder cluster name) → one of the user's contexts. */
  contextMap?: Readonly<Record<string, string>> | undefined;
}

/** Parses an import file; an unrecognised format is a 'bad-request' saying how to name it. */
export function parseImportRequest(
  req: ImportRequest,
  o: {
    knownContexts: readonly string[];
    currentContext: string | undefined;
    existingIds: ReadonlySet<string>;
  },
): ImportResult {
  const result = importForwards(req.text, {
    knownContexts: o.knownContexts,
    ...(req.allowNonLoopback ? { allowNonLoopback: true } : {}),
    ...(req.approveVariables ? { approveVariables: req.approveVariables } : {}),
    ...(req.contextMap ? { contextMap: req.contextMap } : {}),
    ...(o.currentContext ? { currentContext: o.currentContext } : {}),
    ...(req.format ? { format: req.format } : {}),
    ...(req.filename ? { filename: req.filename } : {}),
  });
  if (!result) {
    throw new ContractError(
      'bad-request',
      'The file format was not recognised; give it explicitly (localport, kftray, kube-forwarder or tether).',
    );
  }
  return withReplacements(result, new Set(o.existingIds));
}

/** What the import says about `spec` given its action and the stored forward; null when nothing. */
export function importWarning(
  action: ImportAction,
  spec: ForwardSpec,
  existing: ForwardSpec | undefined,
): string | null {
  switch (action) {
    case 'keep-existing':
      return `"${spec.name}" would replace the existing forward "${existing?.name ?? spec.id}" (${spec.id}): not imported; confirm replacing to import it`;
    case 'keep-running':
      return `"${existing?.name ?? spec.id}" (${spec.id}) is running: not replaced; stop it, then import again`;
    case 'remap':
      return `"${spec.name}" now runs in context "${spec.context}" (was "${existing?.context ?? ''}")`;
    default:
      return null;
  }
}
