// Bounds on a forward's free-form fields: they travel over IPC and the WebSocket, are stored,
// and are shown; probe headers and paths are held to what Node's HTTP client accepts.

/** Most headers one HTTP probe sends. */
export const MAX_PROBE_HEADERS = 32;
/** Longest probe header name. */
export const MAX_HEADER_NAME_LENGTH = 256;
/** Longest probe header value (a bearer token fits many times over). */
export const MAX_HEADER_VALUE_LENGTH = 8192;
/** Longest HTTP probe path (with its query). */
export const MAX_PROBE_PATH_LENGTH = 2048;
/** Most tags on one forward. */
export const MAX_TAGS = 50;
/** Longest kubeconfig hint (a file path). */
export const MAX_HINT_LENGTH = 4096;
/** Longest label selector. */
export const MAX_SELECTOR_LENGTH = 4096;
/** Largest draft a client may send to be saved, as JSON characters (headers at their limits fit). */
export const MAX_FORWARD_DRAFT_CHARS = 512 * 1024;
/** Most keys in a draft (a spec has 18; room for unknown ones, which validation names). */
export const MAX_FORWARD_DRAFT_KEYS = 64;

// RFC 7230 token: what Node's http.request accepts as a header name (its checkIsHttpToken).
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node accepts in a header value (its checkInvalidHeaderChar): tab, visible ASCII, Latin-1.
const HTTP_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** What Node accepts in a request path (its INVALID_PATH_REGEX refuses the rest). */
export const HTTP_PATH = /^\/[\u0021-\u00ff]*$/;

/** True for a header name Node's http.request accepts (an RFC 7230 token). */
export function isHttpToken(name: string): boolean {
  return HTTP_TOKEN.test(name);
}

/** True for a header value Node's http.request accepts (no line break, control or non-Latin-1 character). */
export function isHttpHeaderValue(value: string): boolean {
  return HTTP_HEADER_VALUE.test(value);
}

/**
 * What is wrong with a probe's headers, one message per problem, each naming the header. Values
 * are never quoted: a header often carries a secret.
 */
export function probeHeadersProblems(headers: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const names = Object.keys(headers);
  if (names.length > MAX_PROBE_HEADERS) {
    problems.push(`A probe may send at most ${MAX_PROBE_HEADERS} headers (got ${names.length})`);
    return problems;
  }
  for (const name of names) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (name.length > MAX_HEADER_NAME_LENGTH) {
      problems.push(`Probe header name ${shown} is too long (at most ${MAX_HEADER_NAME_LENGTH} characters)`);
    } else if (!isHttpToken(name)) {
      problems.push(
        `Probe header name ${shown} is not valid: use letters, digits and ${"!#$%&'*+-.^_`|~"} only (no spaces or colons)`,
      );
    }
    const value = headers[name] ?? '';
    if (value.length > MAX_HEADER_VALUE_LENGTH) {
      problems.push(`Probe header ${shown} is too long: at most ${MAX_HEADER_VALUE_LENGTH} characters`);
    } else if (!isHttpHeaderValue(value)) {
      problems.push(
        `Probe header ${shown} has a character HTTP does not allow in a value (a line break, another control character, or a character beyond Latin-1)`,
      );
    }
  }
  return problems;
}
