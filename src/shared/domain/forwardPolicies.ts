import { z } from 'zod';
import { HTTP_PATH, MAX_PROBE_HEADERS, MAX_PROBE_PATH_LENGTH, probeHeadersProblems } from './forwardBounds';

// A forward's probe, restart policy and idle auto-stop: schemas with their defaults and bounds.

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

/** The idle auto-stop's fields (the spec's draft fills their defaults). */
export const idleShape = {
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
