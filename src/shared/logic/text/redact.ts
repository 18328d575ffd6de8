/** What stands in for a secret that was removed. */
export const REDACTED = '[redacted]';

/** Characters of a token: base64, base64url and the few others bearer tokens use. */
const TOKEN_CHARS = String.raw`[A-Za-z0-9+/=_.~-]`;

/**
 * Each rule finds one kind of secret in free text and keeps only what says which kind it was.
 * Order matters: the header rules run before the bare token rules, so `Authorization: Bearer
 * eyJ…` reads `Authorization: Bearer [redacted]`, not a half-masked JWT.
 */
type Rule = { pattern: RegExp; replace: string | ((match: string, ...groups: string[]) => string) };

const RULES: readonly Rule[] = [
  // An HTTP Authorization header with any scheme (or none): everything up to the line's end
  // that is not a quote or separator is its value.
  {
    pattern: new RegExp(
      String.raw`\b(authorization\s*[:=]\s*)(?:(basic|bearer|token|negotiate|digest)\s+)?(?!(?:basic|bearer|token|negotiate|digest)\b)${TOKEN_CHARS}+`,
      'gi',
    ),
    replace: (_match, header: string, scheme: string | undefined) =>
      `${header}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  },
  // Basic credentials (base64 of user:password) outside a header, as HTTP writes the scheme.
  { pattern: new RegExp(String.raw`\bBasic\s+${TOKEN_CHARS}{4,}`, 'g'), replace: `Basic ${REDACTED}` },
  // Bearer tokens in any case ("bearer", "Bearer").
  { pattern: new RegExp(String.raw`\b(bearer)\s+${TOKEN_CHARS}+`, 'gi'), replace: `$1 ${REDACTED}` },
  // Google OAuth access tokens (gcloud, GKE's auth plugin).
  { pattern: /ya29\.[A-Za-z0-9_.-]+/g, replace: REDACTED },
  // EKS tokens: a presigned STS URL, base64url-encoded (aws eks get-token).
  { pattern: /k8s-aws-v1\.[A-Za-z0-9_-]+/g, replace: REDACTED },
  // JWTs: three base64url segments, the header a JSON object ("eyJ" is base64 for '{"'); the
  // signature may be empty (alg none).
  { pattern: /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  // token=…, access_token=…, password=…, client_secret=… in query strings and key=value text.
  {
    pattern: /\b([A-Za-z_-]*(?:token|password|passwd|secret|api_?key))=[^\s&#"',;]+/gi,
    replace: `$1=${REDACTED}`,
  },
  // user:password@ in a URL (proxy URLs, git remotes).
  { pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):[^\s/@]+@/gi, replace: `$1:${REDACTED}@` },
];

/**
 * Removes every credential-looking value from a free-text line: Authorization headers, Basic
 * and Bearer credentials, Google (`ya29.`) and EKS (`k8s-aws-v1.`) tokens, JWTs, `token=` /
 * `password=` values and passwords in URLs. Every line that leaves the engine (cluster reasons,
 * context problems, forward errors, diagnostics) or reaches a log passes through it.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const { pattern, replace } of RULES) {
    out = typeof replace === 'string' ? out.replace(pattern, replace) : out.replace(pattern, replace);
  }
  return out;
}

/** Field names whose values never go into a report or a log, whatever they hold. */
const SECRET_KEY = /token|password|passwd|secret|key|cert|credential|authorization|cookie/i;

/**
 * Redacts a structured value for a report: string values through `redactSecrets`, and whole
 * values under secret-looking keys (`token`, `password`, `clientKey`…). Depth is bounded.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}
