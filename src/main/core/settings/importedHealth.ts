import type { ImportedClusterHealth } from '../../../shared/domain/clusterHealthImport';
import type { HealthConfigOverride } from '../../../shared/domain/healthConfig';
import type { Logger } from '../app/log';
import type { EngineSettings } from './engineSettings';
import type { SettingsStorage } from './settingsStore';

/** `over` laid on `base`: its fields replace, `checks` merge key by key (as the engine layers them). */
export function layerOverride(
  base: HealthConfigOverride | undefined,
  over: HealthConfigOverride,
): HealthConfigOverride {
  const checks = base?.checks || over.checks ? { ...base?.checks, ...over.checks } : undefined;
  return { ...base, ...over, ...(checks ? { checks } : {}) };
}

/**
 * The health settings after an import: the file's defaults laid over the user's defaults, each
 * context's override over that context's own. What the file does not set is kept.
 */
export function withImportedHealth(
  health: EngineSettings['health'],
  imported: ImportedClusterHealth,
): EngineSettings['health'] {
  const contexts = { ...health.contexts };
  for (const [context, override] of Object.entries(imported.overrides)) {
    contexts[context] = layerOverride(contexts[context], override);
  }
  const defaults =
    Object.keys(imported.defaults).length > 0
      ? layerOverride(health.defaults, imported.defaults)
      : health.defaults;
  return {
    ...health,
    ...(defaults ? { defaults } : {}),
    ...(Object.keys(contexts).length > 0 ? { contexts } : {}),
  };
}

/** What applying an import's health settings needs from the engine. */
export interface ImportedHealthDeps {
  storage: SettingsStorage<EngineSettings>;
  /** Contexts with a running monitor. */
  running(): readonly string[];
  /** Apply the stored settings to the context's running monitor, in place. */
  apply(context: string): void;
  log: Logger;
}

/** Saves an import's health settings and applies them to every running monitor. */
export function applyImportedHealth(deps: ImportedHealthDeps, imported: ImportedClusterHealth): void {
  const settings = deps.storage.read();
  deps.storage.write({ ...settings, health: withImportedHealth(settings.health, imported) });
  for (const context of deps.running()) {
    try {
      deps.apply(context);
    } catch (err) {
      // The imported layers were validated; a context whose own stored settings are bad keeps
      // its monitor as it was, and the rest still get the import.
      deps.log.warn('imported health settings not applied', { context, error: String(err) });
    }
  }
}
