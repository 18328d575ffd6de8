import { z } from 'zod';

// The port-forward model: what the user (or an importer) describes, and the fully-defaulted,
// validated ForwardSpec the engine runs. Pure: no I/O, no Node, no DOM.

// ---------------------------------------------------------------------------------------------
// Kubernetes name rules (apimachinery/pkg/util/validation), with messages a person can act on.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** True for a DNS-1123 label (namespaces): ≤63 of [a-z0-9-], alphanumeric at both ends. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True for a DNS-1123 subdomain (pod and deployment names): ≤253, dot-separated labels. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** True for a DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/**
 * True for a named container port (IANA_SVC_NAME, RFC 6335): 1–15 of [a-z0-9-], at least one
 * letter, no leading/trailing "-" and no "--".
 */
export function isIanaSvcName(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= 15 &&
    /^[a-z0-9-]+$/.test(value) &&
    /[a-z]/.test(value) &&
    !value.startsWith('-') &&
    !value.endsWith('-') &&
    !value.includes('--')
  );
}

const LABEL_RULE = 'at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
const SUBDOMAIN_RULE =
  'at most 253 lowercase letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit';
const DNS1035_RULE =
  'at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit';

function dnsMessage(what: string, value: string, kind: string, rule: string): string {
  return `${what} "${value}" is not a valid ${kind}: use ${rule}`;
}

// ---------------------------------------------------------------------------------------------
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

// Port-forward picks one pod: a selector that only tests label presence would pick an arbitrary
// pod, and (having no "=") its text could not be told apart from a bare pod name.
function podSelectorProblem(selector: string): string | undefined {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) return parsed.message;
  if (parsed.requirements.every((r) => r.operator === 'exists' || r.operator === 'notExists')) {
    return `label selector "${selector}" needs at least one key=value, key!=value, "in" or "notin" requirement`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Bounds on free-form fields: they travel over IPC and the WebSocket, are stored, and are shown.

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
// What Node accepts in a request path (its INVALID_PATH_REGEX refuses the rest).
const HTTP_PATH = /^\/[\u0021-\u00ff]*$/;

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

// ---------------------------------------------------------------------------------------------
// Target: what to forward to.

/** A pod named exactly (DNS-1123 subdomain). */
export const PodTargetSchema = z.object({
  kind: z.literal('pod'),
  name: z.string().refine(isDns1123Subdomain, {
    error: (i) => dnsMessage('Pod name', String(i.input), 'DNS-1123 subdomain', SUBDOMAIN_RULE),
  }),
});

/** A Service (kubectl forwards to one of its ready pods; named ports resolve via the Service). */
export const ServiceTargetSchema = z.object({
  kind: z.literal('service'),
  name: z.string().refine(isDns1035Label, {
    error: (i) => dnsMessage('Service name', String(i.input), 'DNS-1035 label', DNS1035_RULE),
  }),
});

/** A Deployment (kubectl forwards to one of its pods). */
export const DeploymentTargetSchema = z.object({
  kind: z.literal('deployment'),
  name: z.string().refine(isDns1123Subdomain, {
    error: (i) => dnsMessage('Deployment name', String(i.input), 'DNS-1123 subdomain', SUBDOMAIN_RULE),
  }),
});

/** The first running pod matching a label selector, e.g. `app=api,tier=web` (kftray's pod mode). */
export const SelectorTargetSchema = z.object({
  kind: z.literal('selector'),
  selector: z.string().superRefine((value, ctx) => {
    if (value.length > MAX_SELECTOR_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `Label selector must be at most ${MAX_SELECTOR_LENGTH} characters`,
      });
      return;
    }
    const problem = podSelectorProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

/** Where a forward points: a pod, a service, a deployment, or a pod label selector. */
export const ForwardTargetSchema = z.discriminatedUnion(
  'kind',
  [PodTargetSchema, ServiceTargetSchema, DeploymentTargetSchema, SelectorTargetSchema],
  { error: 'Target kind must be pod, service, deployment or selector' },
);
export type ForwardTarget = z.infer<typeof ForwardTargetSchema>;

/** Result of parsing a target string. */
export type TargetParse = { ok: true; target: ForwardTarget } | { ok: false; message: string };

const KIND_ALIASES: Readonly<Record<string, 'pod' | 'service' | 'deployment'>> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  service: 'service',
  services: 'service',
  svc: 'service',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
};

// Characters that only a selector can contain (never a resource name).
const SELECTOR_ONLY = /[=!(),\s]/;

/**
 * Parses the string form kubectl users know: `pod/x`, `svc/x`, `service/x`, `deploy/x`,
 * `deployment/x`, a bare name (a pod, as kubectl treats it), or a label selector such as
 * `app=api,tier=web` (anything with `=`, `!=`, `in (…)` or `notin (…)`).
 */
export function parseTarget(text: string): TargetParse {
  const s = text.trim();
  if (s === '') return { ok: false, message: 'Target is empty' };
  const kindMatch = /^([A-Za-z]+)\/(.*)$/.exec(s);
  if (kindMatch && !SELECTOR_ONLY.test(s)) {
    const kindWord = (kindMatch[1] ?? '').toLowerCase();
    const name = kindMatch[2] ?? '';
    const kind = KIND_ALIASES[kindWord];
    if (!kind) {
      return {
        ok: false,
        message: `Target kind "${kindMatch[1] ?? ''}" is not supported: use pod/NAME, service/NAME (svc/), deployment/NAME (deploy/) or a label selector such as app=api`,
      };
    }
    return fromSchema({ kind, name });
  }
  if (SELECTOR_ONLY.test(s)) {
    const parsed = parseLabelSelector(s);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    return fromSchema({ kind: 'selector', selector: formatLabelSelector(parsed.requirements) });
  }
  if (s.includes('/')) {
    return {
      ok: false,
      message: `Target "${s}" is neither KIND/NAME (pod/, service/, deployment/) nor a label selector such as app=api`,
    };
  }
  return fromSchema({ kind: 'pod', name: s });
}

function fromSchema(candidate: unknown): TargetParse {
  const result = ForwardTargetSchema.safeParse(candidate);
  if (result.success) return { ok: true, target: result.data };
  return { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
}

/** The string form of a target; `parseTarget(formatTarget(t))` gives `t` back. */
export function formatTarget(target: ForwardTarget): string {
  return target.kind === 'selector' ? target.selector : `${target.kind}/${target.name}`;
}

// ---------------------------------------------------------------------------------------------
// Ports and addresses.

const PORT_RANGE = 'must be a whole number from 1 to 65535';

/** A port number 1–65535. */
export const PortNumberSchema = z
  .int({ error: `Port ${PORT_RANGE}` })
  .min(1, { error: `Port ${PORT_RANGE}` })
  .max(65535, { error: `Port ${PORT_RANGE}` });

/** The remote side: a port number, or a named container port (IANA_SVC_NAME, e.g. `http`). */
export const RemotePortSchema = z.union(
  [
    z
      .int({ error: `Remote port ${PORT_RANGE} or a port name` })
      .min(1, { error: `Remote port ${PORT_RANGE}` })
      .max(65535, { error: `Remote port ${PORT_RANGE}` }),
    z.string().refine(isIanaSvcName, {
      error: (i) =>
        `Remote port name "${String(i.input)}" is invalid: use 1–15 lowercase letters, digits or "-" with at least one letter, no leading, trailing or double "-"`,
    }),
  ],
  { error: `Remote port ${PORT_RANGE}, or a port name such as "http"` },
);
export type RemotePort = z.infer<typeof RemotePortSchema>;

/** The local side: a fixed port 1–65535, or `auto` (the engine picks a free port). */
export const LocalPortSchema = z.union(
  [
    z.literal('auto'),
    z
      .int({ error: `Local port ${PORT_RANGE}, or "auto"` })
      .min(1, { error: `Local port ${PORT_RANGE}, or "auto"` })
      .max(65535, { error: `Local port ${PORT_RANGE}, or "auto"` }),
  ],
  { error: `Local port ${PORT_RANGE}, or "auto"` },
);
export type LocalPort = z.infer<typeof LocalPortSchema>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted-quad IPv4 address. */
export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

// The eight 16-bit groups of an IPv6 literal (embedded IPv4 allowed), or undefined if invalid.
function ipv6Groups(value: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return undefined;
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        if (!isIPv4(piece)) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** True for an IPv6 literal without a zone (`::1`, `fe80::1`, `::ffff:127.0.0.1`). */
export function isIPv6(value: string): boolean {
  return ipv6Groups(value) !== undefined;
}

/** True when binding here keeps the forward on this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIPv4(address)) return address.startsWith('127.');
  const groups = ipv6Groups(address);
  if (!groups) return false;
  const prefixZero = groups.slice(0, 5).every((g) => g === 0);
  if (prefixZero && groups[5] === 0 && groups[6] === 0 && groups[7] === 1) return true; // ::1
  return prefixZero && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127; // ::ffff:127.x.x.x
}

/** True for an address that listens on every interface (`0.0.0.0`, `::`). */
export function isWildcardAddress(address: string): boolean {
  if (address === '0.0.0.0') return true;
  const groups = ipv6Groups(address);
  return groups !== undefined && groups.every((g) => g === 0);
}

/** Where the local listener binds: `localhost`, an IPv4 or an IPv6 literal. */
export const BindAddressSchema = z.string().refine((v) => v === 'localhost' || isIPv4(v) || isIPv6(v), {
  error: (i) => `Bind address "${String(i.input)}" must be "localhost" or an IPv4/IPv6 address`,
});

/** The default bind address: loopback only. */
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Probe, restart policy, idle auto-stop.

const probeTimingShape = {
  /** How often to probe. */
  intervalMs: z
    .int()
    .min(1000, 'Probe interval must be at least 1 s')
    .max(3_600_000, 'Probe interval must be at most 1 h'),
  /** How long one probe may take. */
  timeoutMs: z
    .int()
    .min(100, 'Probe timeout must be at least 100 ms')
    .max(300_000, 'Probe timeout must be at most 5 min'),
  /** Consecutive failures before the forward counts as unhealthy. */
  failureThreshold: z
    .int()
    .min(1, 'Failure threshold must be 1–100')
    .max(100, 'Failure threshold must be 1–100'),
  /** Consecutive successes before it counts as healthy again. */
  successThreshold: z
    .int()
    .min(1, 'Success threshold must be 1–100')
    .max(100, 'Success threshold must be 1–100'),
};

/** Default probe timing (LocalPort's built-in defaults: every 30 s, 5 s timeout, 3 failures, 1 success). */
export const DEFAULT_PROBE_TIMING = {
  intervalMs: 30_000,
  timeoutMs: 5_000,
  failureThreshold: 3,
  successThreshold: 1,
} as const;

const httpProbeExtras = {
  /** Request path (and query) on the local port, e.g. `/healthz`. */
  path: z
    .string()
    .max(MAX_PROBE_PATH_LENGTH, `HTTP probe path must be at most ${MAX_PROBE_PATH_LENGTH} characters`)
    .regex(
      HTTP_PATH,
      'HTTP probe path must start with "/" and contain no spaces, control characters or characters beyond Latin-1 (percent-encode them)',
    ),
  /** The status that means healthy. */
  expectedStatus: z
    .int()
    .min(100, 'Expected status must be 100–599')
    .max(599, 'Expected status must be 100–599'),
  scheme: z.enum(['http', 'https']),
  /**
   * Environment variables the user approved for this probe's header values (`${NAME}`),
   * expanded at probe time only; never set from an imported file.
   */
  variables: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'Variable names are letters, digits and "_"'))
    .max(MAX_PROBE_HEADERS, `At most ${MAX_PROBE_HEADERS} approved variables`),
  /** Extra request headers (e.g. an auth header the health endpoint needs). */
  headers: z.record(z.string(), z.string()).superRefine((headers, ctx) => {
    for (const message of probeHeadersProblems(headers)) ctx.addIssue({ code: 'custom', message });
  }),
};

function timeoutWithinInterval(p: { intervalMs: number; timeoutMs: number }, ctx: z.RefinementCtx): void {
  if (p.timeoutMs > p.intervalMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeoutMs'],
      message: 'Probe timeout must not exceed its interval',
    });
  }
}

const PROBE_TYPE_ERROR = 'Probe type must be none, tcp or http';

/** How the engine checks a running forward: not at all, a TCP connect, or an HTTP request. */
export const ProbeSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('none') }),
    z.object({ type: z.literal('tcp'), ...probeTimingShape }).superRefine(timeoutWithinInterval),
    z
      .object({
        type: z.literal('http'),
        ...probeTimingShape,
        ...httpProbeExtras,
        variables: httpProbeExtras.variables.optional(),
      })
      .superRefine(timeoutWithinInterval),
  ],
  { error: PROBE_TYPE_ERROR },
);
export type Probe = z.infer<typeof ProbeSchema>;

const probeTimingDraftShape = {
  intervalMs: probeTimingShape.intervalMs.default(DEFAULT_PROBE_TIMING.intervalMs),
  timeoutMs: probeTimingShape.timeoutMs.default(DEFAULT_PROBE_TIMING.timeoutMs),
  failureThreshold: probeTimingShape.failureThreshold.default(DEFAULT_PROBE_TIMING.failureThreshold),
  successThreshold: probeTimingShape.successThreshold.default(DEFAULT_PROBE_TIMING.successThreshold),
};

/** A probe as given by a user or importer: timing, status, scheme and headers default. */
export const ProbeDraftSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('none') }),
    z.object({ type: z.literal('tcp'), ...probeTimingDraftShape }).superRefine(timeoutWithinInterval),
    z
      .object({
        type: z.literal('http'),
        ...probeTimingDraftShape,
        path: httpProbeExtras.path.default('/'),
        expectedStatus: httpProbeExtras.expectedStatus.default(200),
        scheme: httpProbeExtras.scheme.default('http'),
        headers: httpProbeExtras.headers.default({}),
        variables: httpProbeExtras.variables.optional(),
      })
      .superRefine(timeoutWithinInterval),
  ],
  { error: PROBE_TYPE_ERROR },
);
export type ProbeDraft = z.input<typeof ProbeDraftSchema>;

const restartShape = {
  enabled: z.boolean(),
  /** Restarts tried before giving up (LocalPort's range 1–100). */
  maxAttempts: z.int().min(1, 'Max attempts must be 1–100').max(100, 'Max attempts must be 1–100'),
  /** Delay before the first restart. */
  initialDelayMs: z
    .int()
    .min(100, 'Initial delay must be at least 100 ms')
    .max(3_600_000, 'Initial delay must be at most 1 h'),
  /** Each further delay is the previous one times this (1–10). */
  multiplier: z.number().min(1, 'Backoff multiplier must be 1–10').max(10, 'Backoff multiplier must be 1–10'),
  /** Ceiling for any delay. */
  maxDelayMs: z
    .int()
    .min(100, 'Max delay must be at least 100 ms')
    .max(86_400_000, 'Max delay must be at most 24 h'),
};

function maxDelayNotBelowInitial(
  p: { initialDelayMs: number; maxDelayMs: number },
  ctx: z.RefinementCtx,
): void {
  if (p.maxDelayMs < p.initialDelayMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxDelayMs'],
      message: 'Max delay must not be below the initial delay',
    });
  }
}

/** Default restart policy (LocalPort's: 5 attempts, 1 s doubling up to 5 min). */
export const DEFAULT_RESTART_POLICY = {
  enabled: true,
  maxAttempts: 5,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 300_000,
} as const;

/** When and how often a dropped forward is restarted: delay = min(initial × multiplier^n, max). */
export const RestartPolicySchema = z.object(restartShape).superRefine(maxDelayNotBelowInitial);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

/** A restart policy where every field defaults. */
export const RestartPolicyDraftSchema = z
  .object({
    enabled: restartShape.enabled.default(DEFAULT_RESTART_POLICY.enabled),
    maxAttempts: restartShape.maxAttempts.default(DEFAULT_RESTART_POLICY.maxAttempts),
    initialDelayMs: restartShape.initialDelayMs.default(DEFAULT_RESTART_POLICY.initialDelayMs),
    multiplier: restartShape.multiplier.default(DEFAULT_RESTART_POLICY.multiplier),
    maxDelayMs: restartShape.maxDelayMs.default(DEFAULT_RESTART_POLICY.maxDelayMs),
  })
  .superRefine(maxDelayNotBelowInitial);
/** Input accepted by {@link RestartPolicyDraftSchema}. */
export type RestartPolicyDraft = z.input<typeof RestartPolicyDraftSchema>;

const idleShape = {
  enabled: z.boolean(),
  /** Stop after this long without a connection through the forward. */
  afterMs: z
    .int()
    .min(60_000, 'Idle auto-stop must be at least 1 min')
    .max(86_400_000, 'Idle auto-stop must be at most 24 h'),
};

/** Default idle auto-stop: off; when turned on, 5 minutes (the HPA watchdog's idle close). */
export const DEFAULT_IDLE_STOP = { enabled: false, afterMs: 300_000 } as const;

/** Stop a forward nobody has used for a while. Off by default. */
export const IdleStopSchema = z.object(idleShape);
export type IdleStop = z.infer<typeof IdleStopSchema>;

// ---------------------------------------------------------------------------------------------
// The spec.

/** A forward id: letters, digits, ".", "_", ":" or "-", at most 128. */
export const ForwardIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'Id must be 1–128 letters, digits, ".", "_", ":" or "-"');

// Names and tags are shown in a menu: no control characters, no surrounding blanks.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A display name: 1–100 characters, trimmed, no control characters. */
export const ForwardNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Name must not contain control characters');

/** A kubeconfig context name (any text kubectl accepts, e.g. an EKS ARN). */
export const ContextNameSchema = z
  .string()
  .min(1, 'Context is required')
  .max(1024, 'Context name must be at most 1024 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Context name must not contain control characters');

/** A namespace: a DNS-1123 label. */
export const NamespaceSchema = z
  .string()
  .min(1, 'Namespace is required')
  .refine(isDns1123Label, {
    error: (i) => dnsMessage('Namespace', String(i.input), 'DNS-1123 label', LABEL_RULE),
  });

// A description may span lines; other control characters (terminal escapes) are refused.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const DescriptionSchema = z
  .string()
  .max(500, 'Description must be at most 500 characters')
  .refine((v) => !CONTROL_CHARS_EXCEPT_LINES.test(v), 'Description must not contain control characters');

/** Where the source tool said the context lives: a path, bounded and without control characters. */
const KubeconfigHintSchema = z
  .string()
  .max(MAX_HINT_LENGTH, `Kubeconfig hint must be at most ${MAX_HINT_LENGTH} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'Kubeconfig hint must not contain control characters');

const TagSchema = z
  .string()
  .trim()
  .min(1, 'Tags must not be empty')
  .max(64, 'Tags must be at most 64 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Tags must not contain control characters');

const TagsSchema = z.array(TagSchema).max(MAX_TAGS, `A forward may have at most ${MAX_TAGS} tags`);

/**
 * The one control that keeps a non-loopback bind: the import view's checkbox (the CLI's
 * `--allow-non-loopback`). Messages name it by this label; the forward form has no such control.
 */
export const ALLOW_NON_LOOPBACK_CONTROL = 'Allow non-loopback bind';

// Loopback is the default; anything else needs the explicit opt-in (and then earns a warning).
function nonLoopbackProblem(bindAddress: string, allowNonLoopback: boolean): string | undefined {
  if (allowNonLoopback || isLoopbackAddress(bindAddress)) return undefined;
  return `Bind address "${bindAddress}" is not loopback: it would expose the forward to other machines; only an import confirmed with --allow-non-loopback or "${ALLOW_NON_LOOPBACK_CONTROL}" in the import view keeps one`;
}

function bindAddressAllowed(
  spec: { bindAddress: string; allowNonLoopback: boolean },
  ctx: z.RefinementCtx,
): void {
  const problem = nonLoopbackProblem(spec.bindAddress, spec.allowNonLoopback);
  if (problem) ctx.addIssue({ code: 'custom', path: ['bindAddress'], message: problem });
}

const specShape = {
  id: ForwardIdSchema,
  name: ForwardNameSchema,
  description: DescriptionSchema.optional(),
  context: ContextNameSchema,
  namespace: NamespaceSchema,
  target: ForwardTargetSchema,
  remotePort: RemotePortSchema,
  localPort: LocalPortSchema,
  bindAddress: BindAddressSchema,
  /** Explicit opt-in for a bind address other than loopback. */
  allowNonLoopback: z.boolean(),
  probe: ProbeSchema,
  restart: RestartPolicySchema,
  idleStop: IdleStopSchema,
  tags: TagsSchema,
  startAtLaunch: z.boolean(),
  /** Off: kept in the list but never started or restarted. */
  enabled: z.boolean(),
  /**
   * Where the source tool said the context lives (e.g. kftray's kubeconfig path). A hint only:
   * the engine resolves `context` in the user's own kubeconfig.
   */
  kubeconfigHint: KubeconfigHintSchema.optional(),
};

/**
 * The spec's fields without the cross-field bind-address rule: zod 4 refuses `.pick()` /
 * `.partial()` on refined objects, so contracts derive from this (e.g. `.pick({ id: true })`).
 */
export const ForwardSpecObjectSchema = z.object(specShape);

/** A complete, validated port-forward: what the engine runs and what is stored. */
export const ForwardSpecSchema = ForwardSpecObjectSchema.superRefine(bindAddressAllowed);
export type ForwardSpec = z.infer<typeof ForwardSpecSchema>;

// A target given as text is parsed here so its errors land on the `target` field.
const TargetDraftSchema = z
  .custom<string | ForwardTarget>((v) => typeof v === 'string' || (typeof v === 'object' && v !== null), {
    error: 'Target must be text such as "service/api" or a target object',
  })
  .transform((value, ctx): ForwardTarget => {
    if (typeof value === 'string') {
      const parsed = parseTarget(value);
      if (parsed.ok) return parsed.target;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    const parsed = ForwardTargetSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });

/**
 * What a user or an importer gives: only name, context, target and remote port are required;
 * the target may be text (`svc/api`); everything else defaults (loopback bind, auto local port,
 * TCP probe, LocalPort's restart policy, idle stop off). `id` is generated when absent.
 */
export const ForwardDraftSchema = z
  .object({
    ...specShape,
    id: ForwardIdSchema.optional(),
    namespace: NamespaceSchema.default('default'),
    target: TargetDraftSchema,
    localPort: LocalPortSchema.default('auto'),
    bindAddress: BindAddressSchema.default(DEFAULT_BIND_ADDRESS),
    allowNonLoopback: z.boolean().default(false),
    probe: ProbeDraftSchema.prefault({ type: 'tcp' }),
    restart: RestartPolicyDraftSchema.prefault({}),
    idleStop: z
      .object({
        enabled: idleShape.enabled.default(DEFAULT_IDLE_STOP.enabled),
        afterMs: idleShape.afterMs.default(DEFAULT_IDLE_STOP.afterMs),
      })
      .prefault({}),
    tags: TagsSchema.default([]),
    startAtLaunch: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .superRefine(bindAddressAllowed);
/** Input accepted by {@link ForwardDraftSchema}. */
export type ForwardDraft = z.input<typeof ForwardDraftSchema>;

/**
 * A draft as it arrives from a client, before validation: a plain record of bounded size.
 * Cyclic or non-JSON data is refused here rather than thrown on later.
 */
export const ForwardDraftRecordSchema = z.record(z.string(), z.unknown()).superRefine((record, ctx) => {
  const keys = Object.keys(record).length;
  if (keys > MAX_FORWARD_DRAFT_KEYS) {
    ctx.addIssue({
      code: 'custom',
      message: `A forward has at most ${MAX_FORWARD_DRAFT_KEYS} fields (got ${keys})`,
    });
    return;
  }
  let size: number;
  try {
    size = JSON.stringify(record).length;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'A forward must be plain data (no cycles)' });
    return;
  }
  if (size > MAX_FORWARD_DRAFT_CHARS) {
    ctx.addIssue({
      code: 'custom',
      message: `The forward is too large (${size} characters; at most ${MAX_FORWARD_DRAFT_CHARS})`,
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Ids.

// 64-bit FNV-1a over the UTF-16 code units: deterministic, no crypto, same in every runtime.
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A stable id for a forward from what identifies it (name, context, namespace, target): the same
 * entry imported twice gets the same id. Shape: `fwd-<slug of name>-<16 hex>`.
 */
export function forwardId(parts: {
  name: string;
  context: string;
  namespace: string;
  target: ForwardTarget;
}): string {
  const key = [parts.name, parts.context, parts.namespace, formatTarget(parts.target)].join('\u0000');
  const slug = parts.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug ? `fwd-${slug}-${fnv1a64(key)}` : `fwd-${fnv1a64(key)}`;
}

// ---------------------------------------------------------------------------------------------
// Validation.

/** One problem with one field; `field` is a dotted path such as `probe.path` ("" for the whole spec). */
export interface FieldError {
  field: string;
  message: string;
}

/** Result of {@link validateForwardSpec}. */
export type ForwardValidation =
  | { ok: true; spec: ForwardSpec; warnings: string[] }
  | { ok: false; errors: FieldError[]; warnings: string[] };

/** Options for {@link validateForwardSpec}. */
export interface ValidateOptions {
  /** The contexts in the user's kubeconfig; when given, `context` must be one of them. */
  knownContexts?: readonly string[];
}

function listForMessage(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  context: 'Context',
  target: 'Target',
  remotePort: 'Remote port',
  'probe.type': 'Probe type',
};

function requiredMessage(field: string): string {
  return `${FIELD_LABELS[field] ?? field} is required`;
}

// zod's generic "expected string, received undefined" becomes "Name is required".
const requiredFieldMessages = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code !== 'invalid_type' || issue.input !== undefined) return undefined;
  return requiredMessage((issue.path ?? []).map(String).join('.'));
};

/**
 * Validates a draft (or a full spec) and fills in defaults and the id. Returns every problem per
 * field, with messages fit to show beside the field; warns about a non-loopback bind address.
 */
export function validateForwardSpec(input: unknown, options: ValidateOptions = {}): ForwardValidation {
  const warnings: string[] = [];
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'A forward must be an object' }], warnings };
  }
  const parsed = ForwardDraftSchema.safeParse(input, { error: requiredFieldMessages });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      // Fields with their own error (target, ports) would otherwise explain formats to someone who left them out.
      const missing = issue.path.length === 1 && fieldOf(input, field) === undefined;
      errors.push({ field, message: missing ? requiredMessage(field) : issue.message });
    }
    // Object-level rules only run on otherwise valid input; a form wants them all at once.
    const bindProblem = rawBindProblem(input);
    if (bindProblem && !errors.some((e) => e.field === 'bindAddress')) {
      errors.push({ field: 'bindAddress', message: bindProblem });
    }
  }
  const known = options.knownContexts;
  const context = parsed.success ? parsed.data.context : fieldOf(input, 'context');
  if (known && typeof context === 'string' && context !== '' && !known.includes(context)) {
    errors.push({
      field: 'context',
      message:
        known.length === 0
          ? `Context "${context}" is unknown: no contexts are known (is the kubeconfig empty?)`
          : `Context "${context}" is not in your kubeconfig; known contexts: ${listForMessage(known)}`,
    });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors, warnings };

  const { id, ...draft } = parsed.data;
  if (!isLoopbackAddress(draft.bindAddress)) {
    warnings.push(
      isWildcardAddress(draft.bindAddress)
        ? `"${draft.name}" binds to ${draft.bindAddress}: every machine that can reach this one can use the forward`
        : `"${draft.name}" binds to ${draft.bindAddress}, not loopback: other machines may reach the forward`,
    );
  }
  return { ok: true, spec: { id: id ?? forwardId(draft), ...draft }, warnings };
}

function fieldOf(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

function rawBindProblem(input: unknown): string | undefined {
  const address = fieldOf(input, 'bindAddress');
  if (typeof address !== 'string' || !BindAddressSchema.safeParse(address).success) return undefined;
  return nonLoopbackProblem(address, fieldOf(input, 'allowNonLoopback') === true);
}
