import { ContractError, type Handlers, type HealthSettingsView } from '../../../shared/contract';
import {
  DEFAULT_HEALTH_CONFIG,
  HealthConfigError,
  HealthConfigOverrideSchema,
  mergeHealthConfig,
  parseHealthOverride,
  resolveHealthConfig,
  type HealthConfigOverride,
} from '../../../shared/logic/health';
import type { EngineSettings } from './engineSettings';
import type { SettingsStorage } from './settingsStore';

type HealthSettingsHandlers = Pick<Handlers, 'health:settings' | 'health:update'>;

export interface HealthSettingsDeps {
  storage: SettingsStorage<EngineSettings>;
  /** Is the context in the kubeconfig? */
  known(context: string): boolean;
  /** Apply the stored settings to the context's running monitor (if it has one). */
  apply(context: string): void;
}

/**
 * `health:settings` / `health:update`: one context's health settings, read from and written to
 * the engine's settings store (`health.contexts.<context>`), then applied to its monitor.
 * Invalid overrides are refused field by field and nothing is written.
 */
export function healthSettingsHandlers(deps: HealthSettingsDeps): HealthSettingsHandlers {
  const knownOrThrow = (context: string) => {
    if (!deps.known(context))
      throw new ContractError('not-found', `Unknown context "${context}": it is not in your kubeconfig.`);
  };
  const view = (context: string): HealthSettingsView => {
    const health = deps.storage.read().health;
    try {
      return {
        context,
        effective: resolveHealthConfig(health.defaults, health.contexts, context),
        overrides: health.contexts?.[context] ?? {},
        defaults: mergeHealthConfig(DEFAULT_HEALTH_CONFIG, health.defaults),
      };
    } catch (err) {
      // Only reachable with a storage that does not validate what it reads: say what is wrong.
      if (err instanceof HealthConfigError)
        throw new ContractError('conflict', err.message, err.issues.map(issueAt('(settings)')));
      throw err;
    }
  };
  return {
    'health:settings': async ({ context }) => {
      knownOrThrow(context);
      return view(context);
    },
    'health:update': async ({ context, overrides }) => {
      knownOrThrow(context);
      const next = overrides === null ? {} : validated(overrides);
      const settings = deps.storage.read();
      const contexts = { ...settings.health.contexts };
      if (Object.keys(next).length === 0) delete contexts[context];
      else contexts[context] = next;
      deps.storage.write({ ...settings, health: { ...settings.health, contexts } });
      deps.apply(context);
      return view(context);
    },
  };
}

/** The override, or a `bad-request` with one issue per problem, each at the field it names. */
function validated(raw: Record<string, unknown>): HealthConfigOverride {
  const parsed = parseHealthOverride(raw);
  if (parsed.ok) return parsed.value;
  // parseHealthOverride words the messages; the same schema's issues (same order) say where.
  const zodIssues = HealthConfigOverrideSchema.safeParse(raw).error?.issues ?? [];
  const issues = parsed.errors.map((message, i) => ({
    path: zodIssues[i]?.path.map(String).join('.') || '(overrides)',
    message,
  }));
  throw new ContractError('bad-request', `Health settings not saved: ${parsed.errors.join('; ')}`, issues);
}

const issueAt = (path: string) => (message: string) => ({ path, message });
