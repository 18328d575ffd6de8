/** Result of reading `theirs=mine` context mappings. */
export type ContextMapParse = { ok: true; map: Record<string, string> } | { ok: false; message: string };

/** Most mappings one import takes (the contract's bound too). */
export const MAX_CONTEXT_MAPPINGS = 100;

/**
 * Reads context mappings written `theirs=mine` (the CLI's repeatable `--context-map`): the
 * context (or Kube Forwarder cluster name) a file uses, then one of the user's contexts. The
 * split is at the last "=", since a foreign name is the likelier one to hold it.
 */
export function parseContextMap(pairs: readonly string[]): ContextMapParse {
  if (pairs.length > MAX_CONTEXT_MAPPINGS) {
    return { ok: false, message: `At most ${MAX_CONTEXT_MAPPINGS} context mappings (got ${pairs.length})` };
  }
  const entries: [string, string][] = [];
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const theirs = at < 0 ? '' : pair.slice(0, at).trim();
    const mine = at < 0 ? '' : pair.slice(at + 1).trim();
    if (theirs === '' || mine === '') {
      return {
        ok: false,
        message: `"${pair}" is not a context mapping: write THEIRS=MINE (the file's context, then one of yours)`,
      };
    }
    const earlier = entries.find(([t]) => t === theirs);
    if (earlier && earlier[1] !== mine) {
      return { ok: false, message: `"${theirs}" is mapped twice (to "${earlier[1]}" and to "${mine}")` };
    }
    if (!earlier) entries.push([theirs, mine]);
  }
  // fromEntries defines own properties, so a name such as "__proto__" stays a plain key.
  return { ok: true, map: Object.fromEntries(entries) };
}
