// Tolerant readers for loosely typed Kubernetes objects. Informers hand us client-node models
// (dates already turned into Date objects), tests and the headless path hand us plain JSON
// (dates as RFC 3339 strings). A field of the wrong type reads as "absent", never throws:
// one odd object from a CRD-heavy cluster must not take the health view down.

/** A plain object view of an unknown value. */
export type RawObject = Readonly<Record<string, unknown>>;

/** The value as an object, or undefined when it is not a non-array object. */
export function obj(value: unknown): RawObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as RawObject)
    : undefined;
}

/** A nested field by path, e.g. at(pod, 'status', 'phase'). */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const o = obj(current);
    if (!o) return undefined;
    current = o[key];
  }
  return current;
}

/** The value as a non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The value as a finite number, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value as an array (empty when it is not one). */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A Kubernetes timestamp (Date, RFC 3339 string or epoch ms) as epoch ms, else null. */
export function timeMs(value: unknown): number | null {
  let ms: number | undefined;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') ms = Date.parse(value);
  else if (typeof value === 'number') ms = value;
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 ? Math.trunc(ms) : null;
}

/** The latest of some timestamps, ignoring nulls. */
export function latest(...times: readonly (number | null)[]): number | null {
  let best: number | null = null;
  for (const t of times) if (t !== null && (best === null || t > best)) best = t;
  return best;
}

/** Long kubelet/scheduler messages cut to a size a popover can show. */
export function clip(text: string | undefined, max = 500): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

/** "1 pod" / "3 pods". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
