import type { ImportResult } from './result';

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
