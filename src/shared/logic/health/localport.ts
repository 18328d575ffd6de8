import { obj } from './raw';
import type { ImportedClusterHealth } from '../../domain/clusterHealthImport';
import type { HealthConfigOverride } from '../../domain/healthConfig';
import { parseHealthOverride, type ParseResult } from './config';

// LocalPort's `cluster_health` blocks (snake_case) → our overrides, so a user's existing
// localport.yaml keeps its meaning. LocalPort allows each command as `true`/`false` or as
// `{enabled, command}`; Tether talks to the API instead of running kubectl, so a custom
// `command` is ignored with a note. Our camelCase keys are accepted as well. Errors name the
// key as the user wrote it ("retry_attempts must be …", "commands.node_status must be …").

const KEY_MAP: Readonly<Record<string, string>> = {
  enabled: 'enabled',
  interval: 'interval',
  timeout: 'timeout',
  retry_attempts: 'retryAttempts',
  failure_threshold: 'failureThreshold',
  success_threshold: 'successThreshold',
  probe_interval: 'probeInterval',
  probe_timeout: 'probeTimeout',
  retry_delay: 'retryDelay',
  namespaces: 'namespaces',
  commands: 'checks',
  checks: 'checks',
  retryAttempts: 'retryAttempts',
  failureThreshold: 'failureThreshold',
  successThreshold: 'successThreshold',
  probeInterval: 'probeInterval',
  probeTimeout: 'probeTimeout',
  retryDelay: 'retryDelay',
};

const COMMAND_MAP: Readonly<Record<string, string>> = {
  cluster_info: 'clusterInfo',
  pod_status: 'podStatus',
  node_status: 'nodeStatus',
  events_on_failure: 'eventsOnFailure',
  clusterInfo: 'clusterInfo',
  podStatus: 'podStatus',
  nodeStatus: 'nodeStatus',
  eventsOnFailure: 'eventsOnFailure',
};

/** A mapping outcome with notes about what was accepted but ignored. */
export type MappedResult<T> = ParseResult<T> & { readonly notes: readonly string[] };

/** Map one LocalPort `cluster_health` block (snake or camel keys) to a validated override. */
export function fromLocalPortClusterHealth(
  raw: unknown,
  where = 'cluster_health',
): MappedResult<HealthConfigOverride> {
  const errors: string[] = [];
  const notes: string[] = [];
  if (raw === undefined || raw === null) return { ok: true, value: {}, notes };
  const block = obj(raw);
  if (!block) return { ok: false, errors: [`${where} must be a map (got ${typeof raw})`], notes };

  const mapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block)) {
    const target = KEY_MAP[key];
    if (target === undefined) {
      errors.push(`${where}.${key} is not a known setting`);
      continue;
    }
    mapped[target] = target === 'checks' ? mapCommands(value, `${where}.${key}`, errors, notes) : value;
  }
  const parsed = parseHealthOverride(mapped, 'snake');
  if (!parsed.ok) errors.push(...parsed.errors.map((e) => `${where}: ${e}`));
  if (errors.length > 0 || !parsed.ok) return { ok: false, errors, notes };
  return { ok: true, value: parsed.value, notes };
}

/** The two layers of a whole LocalPort file: `defaults.cluster_health` and `cluster_contexts.<ctx>.cluster_health`. */
export type LocalPortHealthLayers = ImportedClusterHealth;

/**
 * The cluster health layers an import of a LocalPort file applies, with context names passed
 * through `mapContext`; undefined when the file has neither block. Each block stands alone: one
 * with a bad value is left out whole and named in a warning, the others still apply. Notes
 * (a custom kubectl `command`) become warnings too.
 */
export function importLocalPortHealth(
  doc: unknown,
  mapContext: (context: string) => string = (c) => c,
): { layers: LocalPortHealthLayers | undefined; warnings: string[] } {
  const warnings: string[] = [];
  const root = obj(doc);
  const defaultsRaw = obj(root?.['defaults'])?.['cluster_health'];
  const contextsRaw = root?.['cluster_contexts'];
  if (defaultsRaw === undefined && contextsRaw === undefined) return { layers: undefined, warnings };
  const take = (raw: unknown, where: string): HealthConfigOverride | undefined => {
    const mapped = fromLocalPortClusterHealth(raw, where);
    warnings.push(...mapped.notes);
    if (mapped.ok) return mapped.value;
    const why = mapped.errors.map((e) => (e.startsWith(`${where}: `) ? e.slice(where.length + 2) : e));
    warnings.push(`${where} was not applied: ${why.join('; ')}`);
    return undefined;
  };
  const defaults = take(defaultsRaw, 'defaults.cluster_health') ?? {};
  const overrides: Record<string, HealthConfigOverride> = {};
  const contexts = obj(contextsRaw);
  if (contextsRaw !== undefined && contextsRaw !== null && !contexts) {
    warnings.push('cluster_contexts was not applied: it must be a map of context names');
  }
  for (const [context, entry] of Object.entries(contexts ?? {})) {
    const override = take(obj(entry)?.['cluster_health'], `cluster_contexts.${context}.cluster_health`);
    if (override && Object.keys(override).length > 0) overrides[mapContext(context)] = override;
  }
  return { layers: { defaults, overrides }, warnings };
}

function mapCommands(value: unknown, where: string, errors: string[], notes: string[]): unknown {
  const commands = obj(value);
  if (!commands) return value; // let the schema say "commands must be a map …"
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(commands)) {
    const check = COMMAND_MAP[name];
    if (check === undefined) {
      errors.push(
        `${where}.${name} is not a known check (known: cluster_info, pod_status, node_status, events_on_failure)`,
      );
      continue;
    }
    const detail = obj(setting);
    if (detail) {
      if (detail['command'] !== undefined) {
        notes.push(`${where}.${name}.command is ignored: Tether uses the Kubernetes API, not kubectl`);
      }
      // `{command: …}` without `enabled` means enabled, as in LocalPort.
      out[check] = detail['enabled'] ?? true;
    } else {
      out[check] = setting;
    }
  }
  return out;
}
