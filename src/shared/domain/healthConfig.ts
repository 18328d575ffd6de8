import { z } from 'zod';
import type { CheckName } from './health';

// Cluster health settings: defaults, bounds, per-context overrides.
//
// Timing defaults, and why. Targets: a dead API server is seen as Unhealthy within 5 s
// (median) of going down, while a quiet cluster costs at most 2 requests/min beyond the open
// watches.
//
// - probeInterval 30 s: the light probe (one GET of /readyz or /version). 60 / 30 = 2
//   requests/min while idle: the whole budget. Polling alone cannot meet the 5 s target: a
//   failure lands on average half an interval before the next probe (15 s here; even a
//   wasteful 5 s interval, 12 requests/min, leaves 2.5 s of the 5 s budget used up before
//   the first failed probe). 15 s, half the detection time for silent failures, would double
//   the idle requests to 4/min.
// - The 5 s target is met by the watches: when the API server dies its connections reset and
//   every open list+watch breaks at once. The engine probes immediately on a watch break
//   (and on wake from sleep or a network change). That probe fails in milliseconds with
//   ECONNREFUSED/ECONNRESET, and then
// - retryDelay 1 s, retryAttempts 2, failureThreshold 3: the engine retries at +1 s and +2 s;
//   three consecutive failures → Unhealthy ≈ 2 s after the watch broke (3 s spare for slower
//   failures, e.g. a load balancer answering 503). A single blip is followed by a retry that
//   succeeds 1 s later and resets the streak: no red flash (see hysteresis.ts).
// - probeTimeout 2 s: /readyz answers in one round trip (well under 300 ms across an ocean on a
//   kept-alive connection); 2 s tolerates a slow VPN. A black-holed network (no RST: Wi-Fi
//   gone, VPN down, laptop lid) breaks no watch; it is found by the next scheduled probe and
//   declared 3 × 2 s + 2 × 1 s = 8 s later — the price of the 2 requests/min budget.
// - interval 240 s (LocalPort's keepalive that stops idle Macs dropping connections): the full
//   check re-digests pods, nodes and events. With informers their data come from the watch
//   caches, so the full check adds no request of its own: it rides on the probe due then.
// - timeout 30 s (LocalPort): for the full check's list calls, which can be large.
// - successThreshold 2: a recovering API must answer twice (1 s apart) before it turns green.

/** A numeric setting's allowed range. */
export interface Bound {
  readonly min: number;
  readonly max: number;
  /** Unit word for messages ('' for counts). */
  readonly unit: string;
  readonly integer: boolean;
}

/** The numeric settings, in seconds unless a count. */
export type NumericSetting =
  | 'interval'
  | 'probeInterval'
  | 'timeout'
  | 'probeTimeout'
  | 'retryAttempts'
  | 'retryDelay'
  | 'failureThreshold'
  | 'successThreshold';

/** Bounds for every numeric setting (LocalPort's where it has them, widened where Tether needs faster). */
export const HEALTH_BOUNDS: Readonly<Record<NumericSetting, Bound>> = {
  interval: { min: 10, max: 3600, unit: 'seconds', integer: false },
  probeInterval: { min: 5, max: 600, unit: 'seconds', integer: false },
  timeout: { min: 1, max: 300, unit: 'seconds', integer: false },
  probeTimeout: { min: 0.2, max: 60, unit: 'seconds', integer: false },
  retryAttempts: { min: 0, max: 10, unit: '', integer: true },
  retryDelay: { min: 0.1, max: 60, unit: 'seconds', integer: false },
  failureThreshold: { min: 1, max: 100, unit: '', integer: true },
  successThreshold: { min: 1, max: 100, unit: '', integer: true },
};

/** How field names appear in messages: ours (camelCase) or LocalPort's (snake_case). */
export type LabelStyle = 'camel' | 'snake';

const SNAKE_LABELS: Readonly<Record<string, string>> = {
  probeInterval: 'probe_interval',
  probeTimeout: 'probe_timeout',
  retryAttempts: 'retry_attempts',
  retryDelay: 'retry_delay',
  failureThreshold: 'failure_threshold',
  successThreshold: 'success_threshold',
  checks: 'commands',
  clusterInfo: 'cluster_info',
  podStatus: 'pod_status',
  nodeStatus: 'node_status',
  eventsOnFailure: 'events_on_failure',
};

/** A field name as the user wrote it. */
export function healthSettingLabel(field: string, style: LabelStyle): string {
  return style === 'snake' ? (SNAKE_LABELS[field] ?? field) : field;
}

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function boundedNumber(name: string, bound: Bound) {
  const unit = bound.unit ? ` ${bound.unit}` : '';
  const kind = bound.integer ? 'a whole number ' : '';
  const range = `between ${bound.min} and ${bound.max}${unit}`;
  return z
    .number({ error: (iss) => `${name} must be a number ${range} (got ${show(iss.input)})` })
    .refine((v) => v >= bound.min && v <= bound.max && (!bound.integer || Number.isInteger(v)), {
      error: (iss) => `${name} must be ${kind}${range} (got ${show(iss.input)})`,
    });
}

function flag(name: string) {
  return z.boolean({ error: (iss) => `${name} must be true or false (got ${show(iss.input)})` });
}

function namespacesField(name: string) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === 'all') return;
      if (!Array.isArray(v) || v.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be "all" or a non-empty list of namespace names (got ${show(v)})`,
        });
        return;
      }
      v.forEach((item: unknown, i) => {
        if (typeof item !== 'string' || item.length > 63 || !NAMESPACE_NAME.test(item)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${name}[${i}] must be a namespace name: lower-case letters, digits and '-', at most 63 (got ${show(item)})`,
          });
        }
      });
    })
    .transform((v) => (v === 'all' ? 'all' : [...new Set(v as string[])]) as 'all' | string[]);
}

/** Most namespaces a user may add per cluster (each costs a pods and an events watch). */
export const MAX_WATCH_NAMESPACES = 20;

function watchNamespacesField(name: string) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (!Array.isArray(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a list of namespace names (got ${show(v)})`,
        });
        return;
      }
      if (v.length > MAX_WATCH_NAMESPACES) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} takes at most ${MAX_WATCH_NAMESPACES} namespaces (got ${v.length})`,
        });
      }
      v.forEach((item: unknown, i) => {
        if (typeof item !== 'string' || item.length > 63 || !NAMESPACE_NAME.test(item)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${name}[${i}] must be a namespace name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 (got ${show(item)})`,
          });
        }
      });
    })
    .transform((v) => [...new Set(v as string[])]);
}

function buildOverrideSchema(style: LabelStyle) {
  const n = (f: NumericSetting) => boundedNumber(healthSettingLabel(f, style), HEALTH_BOUNDS[f]).optional();
  const checkField = (c: CheckName) =>
    flag(`${healthSettingLabel('checks', style)}.${healthSettingLabel(c, style)}`).optional();
  return z
    .object(
      {
        enabled: flag('enabled').optional(),
        interval: n('interval'),
        probeInterval: n('probeInterval'),
        timeout: n('timeout'),
        probeTimeout: n('probeTimeout'),
        retryAttempts: n('retryAttempts'),
        retryDelay: n('retryDelay'),
        failureThreshold: n('failureThreshold'),
        successThreshold: n('successThreshold'),
        checks: z
          .object(
            {
              clusterInfo: checkField('clusterInfo'),
              podStatus: checkField('podStatus'),
              nodeStatus: checkField('nodeStatus'),
              eventsOnFailure: checkField('eventsOnFailure'),
            },
            {
              error: (iss) =>
                `${healthSettingLabel('checks', style)} must be a map of check names to true/false (got ${show(iss.input)})`,
            },
          )
          .strict()
          .optional(),
        namespaces: namespacesField('namespaces').optional(),
        /**
         * Namespaces to watch pods and events in when the user may not list them cluster-wide,
         * beside the context's own namespace and those of its forwards.
         */
        watchNamespaces: watchNamespacesField('watchNamespaces').optional(),
      },
      { error: (iss) => `cluster health settings must be a map (got ${show(iss.input)})` },
    )
    .strict();
}

/** A partial setting set: what a user or a context overrides. Times in seconds. */
export const HealthConfigOverrideSchema = buildOverrideSchema('camel');
export type HealthConfigOverride = z.infer<typeof HealthConfigOverrideSchema>;

/** The same, with LocalPort's snake_case names in its messages (for imported LocalPort files). */
const snakeOverrideSchema = buildOverrideSchema('snake');

/** The override schema whose messages name fields in `style`. */
export function healthOverrideSchema(style: LabelStyle): typeof HealthConfigOverrideSchema {
  return style === 'snake' ? snakeOverrideSchema : HealthConfigOverrideSchema;
}

/** The full, resolved settings for one context. Times in seconds (see HEALTH_BOUNDS). */
export const HealthConfigSchema = HealthConfigOverrideSchema.required({
  enabled: true,
  interval: true,
  probeInterval: true,
  timeout: true,
  probeTimeout: true,
  retryAttempts: true,
  retryDelay: true,
  failureThreshold: true,
  successThreshold: true,
  namespaces: true,
}).extend({
  checks: z.object({
    clusterInfo: z.boolean(),
    podStatus: z.boolean(),
    nodeStatus: z.boolean(),
    eventsOnFailure: z.boolean(),
  }),
});
export type HealthConfig = z.infer<typeof HealthConfigSchema>;

/** Built-in defaults (see the comment at the top of this file for why each value). */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = Object.freeze({
  enabled: true,
  interval: 240,
  probeInterval: 30,
  timeout: 30,
  probeTimeout: 2,
  retryAttempts: 2,
  retryDelay: 1,
  failureThreshold: 3,
  successThreshold: 2,
  checks: Object.freeze({ clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true }),
  namespaces: 'all',
}) as HealthConfig;
