import type { z } from 'zod';
import {
  DEFAULT_HEALTH_CONFIG,
  healthOverrideSchema,
  healthSettingLabel,
  type HealthConfig,
  type HealthConfigOverride,
  type LabelStyle,
} from '../../domain/healthConfig';

// Reading cluster health settings: validation with messages a user understands, layering of
// defaults and overrides, and the timings the engine's timers use. The settings' shape, bounds
// and defaults are domain (src/shared/domain/healthConfig.ts).

/** A parse outcome: the value, or every problem as a sentence naming the field and the bound. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

/** Validate an override (unknown input, e.g. from a settings file). */
export function parseHealthOverride(
  raw: unknown,
  style: LabelStyle = 'camel',
): ParseResult<HealthConfigOverride> {
  const parsed = healthOverrideSchema(style).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => issueMessage(issue, style)) };
}

/** Validate a full or partial config and fill the gaps from the built-in defaults. */
export function parseHealthConfig(raw: unknown, style: LabelStyle = 'camel'): ParseResult<HealthConfig> {
  const parsed = parseHealthOverride(raw, style);
  return parsed.ok ? { ok: true, value: mergeHealthConfig(DEFAULT_HEALTH_CONFIG, parsed.value) } : parsed;
}

/** Lay an override over a base: fields replace, `checks` merge key by key (as LocalPort). */
export function mergeHealthConfig(
  base: HealthConfig,
  override: HealthConfigOverride | undefined,
): HealthConfig {
  if (!override) return base;
  const defined = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  const checks = Object.fromEntries(Object.entries(override.checks ?? {}).filter(([, v]) => v !== undefined));
  return { ...base, ...defined, checks: { ...base.checks, ...checks } } as HealthConfig;
}

/** Thrown by resolveHealthConfig with every problem found. */
export class HealthConfigError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`invalid cluster health settings:\n- ${issues.join('\n- ')}`);
    this.name = 'HealthConfigError';
    this.issues = issues;
  }
}

/**
 * The settings for `context`: built-in defaults ← `defaults` ← `overrides[context]`. Both layers
 * are validated (they may come from disk); problems in an override are prefixed with its context.
 * Throws HealthConfigError listing every problem.
 */
export function resolveHealthConfig(
  defaults: HealthConfigOverride | undefined,
  overrides: Readonly<Record<string, HealthConfigOverride | undefined>> | undefined,
  context: string,
): HealthConfig {
  const errors: string[] = [];
  const base = parseHealthOverride(defaults ?? {});
  if (!base.ok) errors.push(...base.errors.map((e) => `defaults: ${e}`));
  const own = overrides && Object.hasOwn(overrides, context) ? overrides[context] : undefined;
  const mine = parseHealthOverride(own ?? {});
  if (!mine.ok) errors.push(...mine.errors.map((e) => `context "${context}": ${e}`));
  if (!base.ok || !mine.ok) throw new HealthConfigError(errors);
  return mergeHealthConfig(mergeHealthConfig(DEFAULT_HEALTH_CONFIG, base.value), mine.value);
}

/** The config's timings in milliseconds, for the engine's timers. */
export interface HealthTimings {
  readonly intervalMs: number;
  readonly probeIntervalMs: number;
  readonly timeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly retryDelayMs: number;
  readonly retryAttempts: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

/** Convert seconds to the milliseconds timers use. */
export function healthTimings(config: HealthConfig): HealthTimings {
  const ms = (s: number): number => Math.round(s * 1000);
  return {
    intervalMs: ms(config.interval),
    probeIntervalMs: ms(config.probeInterval),
    timeoutMs: ms(config.timeout),
    probeTimeoutMs: ms(config.probeTimeout),
    retryDelayMs: ms(config.retryDelay),
    retryAttempts: config.retryAttempts,
    failureThreshold: config.failureThreshold,
    successThreshold: config.successThreshold,
  };
}

function issueMessage(issue: z.core.$ZodIssue, style: LabelStyle): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.map((p) => healthSettingLabel(String(p), style)).join('.');
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${where ? `${where}: ` : ''}unknown setting${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return issue.message;
}
