import type { ForwardSpec } from '../../domain/forward';

/**
 * What a client sees instead of a probe header's literal text. ASCII, so a masked value is still
 * a valid header value (an edit or a re-import of an export then validates).
 */
export const MASKED = '********';

// `${NAME}` / `${NAME:default}`: the name is shown, a default (which may be a secret) is not.
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * A header value as clients see it: literal text becomes {@link MASKED} (keeping surrounding
 * spaces), placeholders keep their variable name and lose their default. "Bearer ${TOKEN}"
 * reads "******** ${TOKEN}", so the user still sees which variable a probe uses.
 */
export function maskHeaderValue(value: string): string {
  let out = '';
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    out += maskLiteral(value.slice(last, match.index));
    const expression = match[1] ?? '';
    const colon = expression.indexOf(':');
    out += colon >= 0 ? `\${${expression.slice(0, colon)}:${MASKED}}` : match[0];
    last = match.index + match[0].length;
  }
  return out + maskLiteral(value.slice(last));
}

function maskLiteral(text: string): string {
  if (text.trim() === '') return text;
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const trail = /\s*$/.exec(text)?.[0] ?? '';
  return `${lead}${MASKED}${trail}`;
}

/** The spec as sent to clients: probe header values masked, everything else as stored. */
export function maskSpec(spec: ForwardSpec): ForwardSpec {
  const probe = spec.probe;
  if (probe.type !== 'http' || Object.keys(probe.headers).length === 0) return spec;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(probe.headers)) headers[name] = maskHeaderValue(value);
  return { ...spec, probe: { ...probe, headers } };
}

/**
 * Headers from a client, with every value the client left as it was shown (the masked form of
 * the stored value under the same name) put back to the stored value. Anything the client
 * typed is kept as typed; a header it removed stays removed.
 */
export function restoreMaskedHeaders(
  incoming: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    const before = Object.prototype.hasOwnProperty.call(stored, name) ? stored[name] : undefined;
    out[name] = before !== undefined && value === maskHeaderValue(before) ? before : value;
  }
  return out;
}

/** True when a header value still holds the mask (an export carries no literal header text). */
export function isMaskedValue(value: string): boolean {
  return value.includes(MASKED);
}
