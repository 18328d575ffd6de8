import type { ImportResult } from '../../domain/importResult';

/**
 * Marks the entries whose forward id already exists as `replaces <id>` instead of `new`, so the
 * preview says which forwards an import would overwrite.
 */
export function withReplacements(result: ImportResult, existingIds: ReadonlySet<string>): ImportResult {
  return {
    ...result,
    entries: result.entries.map((e) =>
      e.id !== undefined && existingIds.has(e.id)
        ? {
            ...e,
            outcomes: e.outcomes.map((o) =>
              o.kind === 'new' ? { kind: 'replaces' as const, id: e.id ?? '' } : o,
            ),
          }
        : e,
    ),
  };
}

/** What an import does with one forward, given the one stored under the same id (if any). */
export type ImportAction =
  /** No forward has this id: it is added. */
  | 'add'
  /** The user confirmed replacing, and the stored forward is stopped. */
  | 'replace'
  /** The stored forward cannot start (its context is not in the kubeconfig) and this one can: a remap. */
  | 'remap'
  /** Same id, replacing not confirmed: the stored forward is kept as it is. */
  | 'keep-existing'
  /** The stored forward is running: an import never replaces or restarts it. */
  | 'keep-running';

/** The stored forward with the incoming one's id, as far as the rule needs it. */
export interface StoredForward {
  running: boolean;
  contextKnown: boolean;
}

/**
 * The import rule for one forward. An import never replaces a forward silently and never
 * restarts one; the exception is a forward that cannot run because its context is not in the
 * kubeconfig, which importing the same file with a context map brings to one the user has.
 */
export function importAction(
  stored: StoredForward | undefined,
  incomingContextKnown: boolean,
  replaceExisting: boolean,
): ImportAction {
  if (!stored) return 'add';
  if (stored.running) return 'keep-running';
  if (!stored.contextKnown && incomingContextKnown) return 'remap';
  return replaceExisting ? 'replace' : 'keep-existing';
}
