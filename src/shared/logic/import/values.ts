// Readers for the untyped values JSON.parse and YAML give us. Each reader either returns a value
// or records a problem phrased with the source file's own key names, so the user can find it.

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of a value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Problems found while reading one entry, in the order found. */
export type Problems = string[];

/** An optional string; anything else present is a problem. */
export function readString(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  label = key,
): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  problems.push(`${label} must be text, got ${show(value)}`);
  return undefined;
}

/** A string that must be present and non-blank. */
export function requireString(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  message: string,
): string | undefined {
  const value = readString(record, key, problems);
  const wrongType = record[key] !== undefined && record[key] !== null && value === undefined;
  if (wrongType) return undefined; // readString has already said what is wrong
  if (value === undefined || value.trim() === '') {
    problems.push(message);
    return undefined;
  }
  return value;
}

/** An optional finite number. */
export function readNumber(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  label = key,
): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  problems.push(`${label} must be a number, got ${show(value)}`);
  return undefined;
}

/** An optional port 1–65535 (0 too when `allowZero`, which several tools use for "pick one"). */
export function readPort(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  options: { label?: string; allowZero?: boolean } = {},
): number | undefined {
  const label = options.label ?? key;
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  const min = options.allowZero ? 0 : 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 65535) return value;
  problems.push(`${label} must be a whole number from ${min} to 65535, got ${show(value)}`);
  return undefined;
}

/** An optional boolean; with `allowStrings`, "true"/"false" too (kftray's serde accepts both). */
export function readBool(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  options: { label?: string; allowStrings?: boolean } = {},
): boolean | undefined {
  const label = options.label ?? key;
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (options.allowStrings && (value === 'true' || value === 'false')) return value === 'true';
  problems.push(`${label} must be true or false, got ${show(value)}`);
  return undefined;
}

/** An optional map. */
export function readRecord(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  label = key,
): Record<string, unknown> | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  problems.push(`${label} must be a map, got ${show(value)}`);
  return undefined;
}

/** An optional list of strings (scalars are turned into text; YAML reads `[2024]` as a number). */
export function readStringList(
  record: Record<string, unknown>,
  key: string,
  problems: Problems,
  label = key,
): string[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${label} must be a list, got ${show(value)}`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      out.push(String(item));
    else problems.push(`${label} must only hold text, got ${show(item)}`);
  }
  return out;
}

/** "a, b and c" for messages. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
