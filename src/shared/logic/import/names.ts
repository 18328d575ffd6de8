/**
 * A name not in `taken`: the name itself, else "name-2", "name-3"… (kftray allows duplicate
 * aliases; Tether shows names in one menu, so duplicates are renamed, never dropped).
 */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Labels that tell entries apart in messages: each base as is when unique in the file, else
 * "base (#n)" with the entry's 1-based position.
 */
export function entryLabels(bases: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  return bases.map((base, i) => ((counts.get(base) ?? 0) > 1 ? `${base} (#${i + 1})` : base));
}
