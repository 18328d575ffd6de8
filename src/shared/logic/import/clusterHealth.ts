import type { ClusterHealthImport, ClusterHealthSettings } from '../../domain/clusterHealthImport';
import { isRecord, joinNames, show } from './values';

// LocalPort's cluster keepalive settings (defaults.cluster_health, cluster_contexts.<ctx>), carried
// over for Tether's cluster health engine. Durations become milliseconds like the rest of Tether.

/** LocalPort's built-in cluster health defaults (240 s interval, 30 s timeout, 2 retries, 3 failures). */
export const DEFAULT_CLUSTER_HEALTH: ClusterHealthSettings = {
  enabled: true,
  intervalMs: 240_000,
  timeoutMs: 30_000,
  retryAttempts: 2,
  failureThreshold: 3,
  commands: { clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true },
};

const COMMAND_KEYS: Readonly<Record<string, keyof ClusterHealthSettings['commands']>> = {
  cluster_info: 'clusterInfo',
  pod_status: 'podStatus',
  node_status: 'nodeStatus',
  events_on_failure: 'eventsOnFailure',
};

// LocalPort's validator ranges, in seconds (interval 60–3600, timeout 5–300, …).
const RANGES = {
  interval: { min: 60, max: 3600, field: 'intervalMs', scale: 1000 },
  timeout: { min: 5, max: 300, field: 'timeoutMs', scale: 1000 },
  retry_attempts: { min: 0, max: 10, field: 'retryAttempts', scale: 1 },
  failure_threshold: { min: 1, max: 100, field: 'failureThreshold', scale: 1 },
} as const;

/**
 * Applies one `cluster_health` block over `base`: scalar keys replace, `commands` merge key by key
 * (LocalPort's cluster_config_manager). Bad values keep the inherited one and add a warning.
 */
export function mergeClusterHealth(
  base: ClusterHealthSettings,
  block: Record<string, unknown>,
  where: string,
  warn: (message: string) => void,
): ClusterHealthSettings {
  const out: ClusterHealthSettings = { ...base, commands: { ...base.commands } };
  for (const [key, value] of Object.entries(block)) {
    if (key === 'enabled') {
      if (typeof value === 'boolean') out.enabled = value;
      else warn(`${where}.enabled must be true or false, got ${show(value)}; kept ${String(out.enabled)}`);
    } else if (key === 'commands') {
      if (!isRecord(value)) {
        warn(`${where}.commands must be a map, got ${show(value)}; ignored`);
        continue;
      }
      for (const [command, setting] of Object.entries(value)) {
        const field = COMMAND_KEYS[command];
        const on =
          typeof setting === 'boolean' ? setting : isRecord(setting) ? setting['enabled'] : undefined;
        if (!field)
          warn(
            `${where}.commands.${command} is not a known check (${joinNames(Object.keys(COMMAND_KEYS))}); ignored`,
          );
        else if (typeof on === 'boolean') out.commands[field] = on;
        else warn(`${where}.commands.${command} must be true/false or {enabled: true/false}; ignored`);
      }
    } else if (key in RANGES) {
      const range = RANGES[key as keyof typeof RANGES];
      if (typeof value === 'number' && value >= range.min && value <= range.max) {
        out[range.field] = Math.round(value * range.scale);
      } else {
        warn(
          `${where}.${key} must be a number from ${range.min} to ${range.max}, got ${show(value)}; kept the default`,
        );
      }
    } else {
      warn(`${where}.${key} is not a cluster health setting; ignored`);
    }
  }
  return out;
}

// "enabled: false" turns every check off (LocalPort does the same).
function effective(settings: ClusterHealthSettings): ClusterHealthSettings {
  if (settings.enabled) return settings;
  return {
    ...settings,
    commands: { clusterInfo: false, podStatus: false, nodeStatus: false, eventsOnFailure: false },
  };
}

/**
 * Reads `defaults.cluster_health` and `cluster_contexts` from a LocalPort file. Returns undefined
 * when the file has neither (Tether's own defaults then apply). `mapContext` applies the caller's
 * context mapping to the override keys.
 */
export function readClusterHealth(
  root: Record<string, unknown>,
  monitoredContexts: readonly string[],
  mapContext: (context: string) => string,
  warn: (message: string) => void,
): ClusterHealthImport | undefined {
  const defaultsBlock = isRecord(root['defaults']) ? root['defaults']['cluster_health'] : undefined;
  const contextsBlock = root['cluster_contexts'];
  if (defaultsBlock === undefined && contextsBlock === undefined) return undefined;

  let defaults = DEFAULT_CLUSTER_HEALTH;
  if (isRecord(defaultsBlock))
    defaults = mergeClusterHealth(defaults, defaultsBlock, 'defaults.cluster_health', warn);
  else if (defaultsBlock !== undefined && defaultsBlock !== null) {
    warn(`defaults.cluster_health must be a map, got ${show(defaultsBlock)}; ignored`);
  }

  const contexts: Record<string, ClusterHealthSettings> = {};
  const sourceContexts: Record<string, unknown> = {};
  if (isRecord(contextsBlock)) {
    for (const [name, entry] of Object.entries(contextsBlock)) {
      const where = `cluster_contexts.${name}.cluster_health`;
      const block = isRecord(entry) ? entry['cluster_health'] : undefined;
      sourceContexts[mapContext(name)] = block;
      if (!isRecord(block)) {
        warn(`${where} must be a map; context "${name}" uses the defaults`);
        contexts[mapContext(name)] = effective(defaults);
        continue;
      }
      contexts[mapContext(name)] = effective(mergeClusterHealth(defaults, block, where, warn));
    }
  } else if (contextsBlock !== undefined && contextsBlock !== null) {
    warn(`cluster_contexts must be a map, got ${show(contextsBlock)}; ignored`);
  }
  return {
    defaults: effective(defaults),
    contexts,
    monitoredContexts: [...monitoredContexts],
    source: {
      ...(defaultsBlock !== undefined ? { defaults: defaultsBlock } : {}),
      contexts: sourceContexts,
    },
  };
}
