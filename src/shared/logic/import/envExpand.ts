// LocalPort's `${VAR}` expansion, reproduced exactly (yaml_config_repository.py): it runs on the
// raw file text before YAML parsing, so a value can change the YAML structure, comments are
// rewritten too, and numbers stay numbers (`port: ${DB_PORT:5432}` parses as 5432).

/** Variables to look placeholders up in (at probe time: the engine's environment). */
export type EnvMap = Readonly<Record<string, string | undefined>>;

/** The expanded text, and the variables that were unset with no default (left as written). */
export interface EnvExpansion {
  text: string;
  /** Names of unset variables without a default, first-seen order, each once. */
  unresolved: string[];
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/**
 * Expands `${VAR}` and `${VAR:default}` as LocalPort does: the expression splits at the first
 * ":"; the name is trimmed, the default is kept verbatim (it may hold more ":", or start with
 * "~"; `${VAR:-x}` has the default "-x"). A variable set to "" gives "", not the default.
 * `${VAR}` with VAR unset stays literally `${VAR}`. There is no escape (`$${X}` is not special).
 */
export function expandEnv(text: string, env: EnvMap): EnvExpansion {
  const unresolved: string[] = [];
  const expanded = text.replace(PLACEHOLDER, (whole, expression: string) => {
    const colon = expression.indexOf(':');
    if (colon >= 0) {
      const name = expression.slice(0, colon).trim();
      return lookup(env, name) ?? expression.slice(colon + 1);
    }
    const name = expression.trim();
    const value = lookup(env, name);
    if (value !== undefined) return value;
    if (!unresolved.includes(name)) unresolved.push(name);
    return whole;
  });
  return { text: expanded, unresolved };
}

// Own properties only: a name such as "constructor" must not reach Object.prototype.
function lookup(env: EnvMap, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
}

/** Every variable name a text's `${VAR}` / `${VAR:default}` placeholders use, first-seen order, each once. */
export function placeholderNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const expression = match[1] ?? '';
    const colon = expression.indexOf(':');
    const name = (colon >= 0 ? expression.slice(0, colon) : expression).trim();
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Probe-time expansion of header values: only the variables the user approved are looked up
 * (LocalPort's rules: `${VAR:default}` falls back to its default); every other placeholder stays
 * as written. Header names are never expanded.
 */
export function expandApprovedHeaders(
  headers: Readonly<Record<string, string>>,
  approved: readonly string[],
  env: EnvMap,
): Record<string, string> {
  if (approved.length === 0) return { ...headers };
  const allowed: Record<string, string | undefined> = {};
  for (const name of approved) allowed[name] = lookup(env, name);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = value.replace(PLACEHOLDER, (whole, expression: string) => {
      const colon = expression.indexOf(':');
      const varName = (colon >= 0 ? expression.slice(0, colon) : expression).trim();
      if (!approved.includes(varName)) return whole;
      return allowed[varName] ?? (colon >= 0 ? expression.slice(colon + 1) : whole);
    });
  }
  return out;
}
