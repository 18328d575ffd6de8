import fc from 'fast-check';
import {
  formatLabelSelector,
  type ForwardSpec,
  type ForwardTarget,
  type LabelRequirement,
  type Probe,
} from '../../src/shared/domain/forward';

// fast-check arbitraries for valid ForwardSpecs: every field inside its schema's rules, so a
// property can say "for every valid forward …".

const lower = 'abcdefghijklmnopqrstuvwxyz';
const alnum = `${lower}0123456789`;
const char = (set: string) => fc.constantFrom(...set.split(''));
const word = (set: string, min: number, max: number) =>
  fc.array(char(set), { minLength: min, maxLength: max }).map((cs) => cs.join(''));

/** A DNS-1123 label: lowercase alphanumerics with inner "-", ≤63. */
export const dnsLabel = fc
  .tuple(char(alnum), word(`${alnum}-`, 0, 20), char(alnum))
  .map(([a, mid, b]) => `${a}${mid}${b}`);
/** A DNS-1035 label (Service names): starts with a letter. */
const dns1035 = fc
  .tuple(char(lower), word(`${alnum}-`, 0, 20), char(alnum))
  .map(([a, mid, b]) => `${a}${mid}${b}`);
const subdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('.'));

const labelPart = fc
  .tuple(char(alnum), word(`${alnum}-_.`, 0, 10), char(alnum))
  .map(([a, mid, b]) => `${a}${mid}${b}`);
const labelValue = fc.oneof(labelPart, fc.constant(''));
const requirement: fc.Arbitrary<LabelRequirement> = fc.oneof(
  fc.record({ key: labelPart, operator: fc.constantFrom('=' as const, '!=' as const), value: labelValue }),
  fc.record({
    key: labelPart,
    operator: fc.constantFrom('in' as const, 'notin' as const),
    values: fc.array(labelPart, { minLength: 1, maxLength: 3 }),
  }),
);
const selector = fc
  .tuple(
    requirement,
    fc.array(
      fc.oneof(
        requirement,
        fc.record({ key: labelPart, operator: fc.constantFrom('exists' as const, 'notExists' as const) }),
      ),
      { maxLength: 2 },
    ),
  )
  .map(([first, rest]) => formatLabelSelector([first, ...rest]));

export const target: fc.Arbitrary<ForwardTarget> = fc.oneof(
  fc.record({ kind: fc.constant('pod' as const), name: subdomain }),
  fc.record({ kind: fc.constant('service' as const), name: dns1035 }),
  fc.record({ kind: fc.constant('deployment' as const), name: subdomain }),
  fc.record({ kind: fc.constant('selector' as const), selector }),
);

// Printable text without control characters, trimmed (names and tags are trimmed on validation).
const printable = (min: number, max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: min, maxLength: max })
    // eslint-disable-next-line no-control-regex -- names and tags refuse control characters
    .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((s) => s.length >= min && s.length <= max);

const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const headerName = word(tokenChars, 1, 20);
const headerValue = fc
  .array(
    fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9)),
    {
      maxLength: 30,
    },
  )
  .map((codes) => String.fromCharCode(...codes));

const timing = fc
  .record({
    intervalMs: fc.integer({ min: 1000, max: 3_600_000 }),
    timeoutMs: fc.integer({ min: 100, max: 300_000 }),
    failureThreshold: fc.integer({ min: 1, max: 100 }),
    successThreshold: fc.integer({ min: 1, max: 100 }),
  })
  .filter((t) => t.timeoutMs <= t.intervalMs);

export const probe: fc.Arbitrary<Probe> = fc.oneof(
  fc.constant({ type: 'none' as const }),
  timing.map((t) => ({ type: 'tcp' as const, ...t })),
  fc
    .tuple(
      timing,
      fc.record({
        path: word('abcxyz0123/-_.~%?=&', 0, 30).map((p) => `/${p}`),
        expectedStatus: fc.integer({ min: 100, max: 599 }),
        scheme: fc.constantFrom('http' as const, 'https' as const),
        headers: fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
      }),
    )
    .map(([t, h]) => ({ type: 'http' as const, ...t, ...h })),
);

const restart = fc
  .record({
    enabled: fc.boolean(),
    maxAttempts: fc.integer({ min: 1, max: 100 }),
    initialDelayMs: fc.integer({ min: 100, max: 3_600_000 }),
    multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
    maxDelayMs: fc.integer({ min: 100, max: 86_400_000 }),
  })
  .filter((r) => r.maxDelayMs >= r.initialDelayMs);

const loopback = fc.constantFrom('127.0.0.1', 'localhost', '::1', '127.0.0.2');
const exposed = fc.constantFrom('0.0.0.0', '192.168.1.10', '::', 'fe80::1');

/** One valid forward; `exposedBinds` adds non-loopback binds (with their opt-in). */
export function forwardSpec(options: { exposedBinds?: boolean } = {}): fc.Arbitrary<ForwardSpec> {
  const bind = options.exposedBinds
    ? fc.oneof(
        loopback.map((bindAddress) => ({ bindAddress, allowNonLoopback: false })),
        exposed.map((bindAddress) => ({ bindAddress, allowNonLoopback: true })),
      )
    : loopback.map((bindAddress) => ({ bindAddress, allowNonLoopback: false }));
  return fc
    .record(
      {
        id: fc.tuple(char(alnum), word(`${alnum}._:-`, 0, 30)).map(([a, b]) => `${a}${b}`),
        name: printable(1, 100),
        description: printable(0, 200),
        context: printable(1, 60),
        namespace: dnsLabel,
        target,
        remotePort: fc.oneof(
          fc.integer({ min: 1, max: 65535 }),
          fc.constantFrom('http', 'grpc-web', 'metrics', 'p8080'),
        ),
        localPort: fc.oneof(fc.constant('auto' as const), fc.integer({ min: 1, max: 65535 })),
        bind,
        probe,
        restart,
        idleStop: fc.record({ enabled: fc.boolean(), afterMs: fc.integer({ min: 60_000, max: 86_400_000 }) }),
        tags: fc.uniqueArray(printable(1, 64), { maxLength: 5 }),
        startAtLaunch: fc.boolean(),
        enabled: fc.boolean(),
        kubeconfigHint: word(`${alnum}/._~-`, 1, 40),
      },
      {
        requiredKeys: [
          'id',
          'name',
          'context',
          'namespace',
          'target',
          'remotePort',
          'localPort',
          'bind',
          'probe',
          'restart',
          'idleStop',
          'tags',
          'startAtLaunch',
          'enabled',
        ],
      },
    )
    .map(({ bind: b, ...rest }) => ({ ...rest, ...b }) as ForwardSpec);
}

/** Forwards an import keeps as they are: unique names and ids, no two on the same fixed port. */
export function forwardList(
  options: { exposedBinds?: boolean; maxLength?: number } = {},
): fc.Arbitrary<ForwardSpec[]> {
  return fc
    .uniqueArray(forwardSpec(options), {
      maxLength: options.maxLength ?? 6,
      selector: (f) => f.name,
    })
    .filter(
      (list) =>
        new Set(list.map((f) => f.id)).size === list.length &&
        list.every(
          (f, i) => f.localPort === 'auto' || list.findIndex((g) => g.localPort === f.localPort) === i,
        ),
    );
}
