/**
 * Lenient readers for values that arrive as `unknown` from the Kubernetes API (or a parsed
 * YAML file). They never throw: a value of the wrong shape reads as absent, because a status
 * written by another controller version must degrade to "less information", never to a crash.
 */

/** A plain object (not an array, not null), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array, or an empty one for anything else (a `null` list is as good as none). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string; numbers and booleans are written out (YAML may turn `1.0` or `true` into them). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A non-empty string after trimming, or undefined. */
export function asNonEmptyString(value: unknown): string | undefined {
  const text = asString(value)?.trim();
  return text ? text : undefined;
}

/** A finite number; numeric strings count ("3" from a hand-written YAML). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** true/false, also from the strings "true"/"false" (any case); anything else is undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  return undefined;
}

/**
 * Epoch milliseconds of a Kubernetes time (RFC 3339 string, or a Date when a YAML 1.1 parser
 * turned it into one); undefined when absent or unparseable.
 */
export function asTimeMs(value: unknown): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  const text = asNonEmptyString(value);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A Kubernetes time as an ISO string (normalised when parseable, kept as written otherwise). */
export function asIsoTime(value: unknown): string | undefined {
  const ms = asTimeMs(value);
  if (ms !== undefined) return new Date(ms).toISOString();
  return asNonEmptyString(value);
}

/** Walks a path of object keys, e.g. `dig(obj, 'status', 'initialization')`. */
export function dig(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}
