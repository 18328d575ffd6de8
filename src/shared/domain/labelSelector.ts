import { isDns1123Subdomain, QUALIFIED_NAME_PART, SUBDOMAIN_RULE } from './kubeNames';

// Label selectors (the subset of apimachinery labels.Parse that pod selection needs).

/** One requirement of a label selector, e.g. `app=api` or `tier in (web,edge)`. */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'notExists' }
  | { key: string; operator: '=' | '!='; value: string }
  | { key: string; operator: 'in' | 'notin'; values: string[] };

/** Result of parsing a label selector. */
export type LabelSelectorParse =
  { ok: true; requirements: LabelRequirement[] } | { ok: false; message: string };

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) {
    return `label key prefix "${prefix}" must be a DNS-1123 subdomain (${SUBDOMAIN_RULE})`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `label key "${key}" is invalid: the name part must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !QUALIFIED_NAME_PART.test(value)) {
    return `label value "${value}" is invalid: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * Parses a label selector such as `app=api,tier!=db,env in (dev,qa),!legacy`. Supports `=`, `==`,
 * `!=`, `in`, `notin`, `key` and `!key`; `>`/`<` are not supported (they never pick one pod).
 */
export function parseLabelSelector(text: string): LabelSelectorParse {
  const s = text;
  let pos = 0;
  const requirements: LabelRequirement[] = [];
  const fail = (message: string): LabelSelectorParse => ({ ok: false, message });
  const skipSpace = (): void => {
    while (pos < s.length && /\s/.test(s[pos] ?? '')) pos++;
  };
  const readToken = (pattern: RegExp): string => {
    const start = pos;
    while (pos < s.length && pattern.test(s[pos] ?? '')) pos++;
    return s.slice(start, pos);
  };
  const KEY_CHAR = /[A-Za-z0-9._/-]/;
  const VALUE_CHAR = /[A-Za-z0-9._-]/;
  const keyword = (word: string): boolean => {
    if (!s.startsWith(word, pos)) return false;
    const after = s[pos + word.length];
    return after === undefined || after === '(' || /\s/.test(after);
  };

  if (s.trim() === '') return fail('label selector is empty');
  for (;;) {
    skipSpace();
    let negated = false;
    if (s[pos] === '!' && s[pos + 1] !== '=') {
      negated = true;
      pos++;
      skipSpace();
    }
    const key = readToken(KEY_CHAR);
    if (key === '') {
      return fail(`label selector "${text}": expected a label key at position ${pos + 1}`);
    }
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return fail(`label selector "${text}": ${keyProblem}`);
    skipSpace();
    if (negated) {
      requirements.push({ key, operator: 'notExists' });
    } else if (s.startsWith('==', pos) || s.startsWith('!=', pos) || s[pos] === '=') {
      const operator = s.startsWith('!=', pos) ? '!=' : '=';
      pos += s.startsWith('==', pos) || operator === '!=' ? 2 : 1;
      skipSpace();
      const value = readToken(VALUE_CHAR);
      const valueProblem = labelValueProblem(value);
      if (valueProblem) return fail(`label selector "${text}": ${valueProblem}`);
      requirements.push({ key, operator, value });
    } else if (keyword('in') || keyword('notin')) {
      const operator = keyword('in') ? 'in' : 'notin';
      pos += operator.length;
      skipSpace();
      if (s[pos] !== '(') return fail(`label selector "${text}": expected "(" after "${operator}"`);
      pos++;
      const values: string[] = [];
      for (;;) {
        skipSpace();
        const value = readToken(VALUE_CHAR);
        const valueProblem = labelValueProblem(value);
        if (valueProblem) return fail(`label selector "${text}": ${valueProblem}`);
        values.push(value);
        skipSpace();
        if (s[pos] === ',') {
          pos++;
          continue;
        }
        if (s[pos] === ')') {
          pos++;
          break;
        }
        return fail(`label selector "${text}": expected "," or ")" in the value list of "${key}"`);
      }
      if (values.length === 1 && values[0] === '') {
        return fail(`label selector "${text}": "${operator}" needs at least one value`);
      }
      requirements.push({ key, operator, values });
    } else {
      requirements.push({ key, operator: 'exists' });
    }
    skipSpace();
    if (pos >= s.length) break;
    if (s[pos] === ',') {
      pos++;
      continue;
    }
    return fail(`label selector "${text}": unexpected "${s[pos] ?? ''}" at position ${pos + 1}`);
  }
  return { ok: true, requirements };
}

/** The canonical text of parsed requirements (`==` becomes `=`, spacing normalised, order kept). */
export function formatLabelSelector(requirements: readonly LabelRequirement[]): string {
  return requirements
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case 'notExists':
          return `!${r.key}`;
        case '=':
        case '!=':
          return `${r.key}${r.operator}${r.value}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${r.values.join(',')})`;
      }
    })
    .join(',');
}

/**
 * Port-forward picks one pod: a selector that only tests label presence would pick an arbitrary
 * pod, and (having no "=") its text could not be told apart from a bare pod name.
 */
export function podSelectorProblem(selector: string): string | undefined {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) return parsed.message;
  if (parsed.requirements.every((r) => r.operator === 'exists' || r.operator === 'notExists')) {
    return `label selector "${selector}" needs at least one key=value, key!=value, "in" or "notin" requirement`;
  }
  return undefined;
}
