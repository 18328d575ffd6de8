import { parseDocument } from 'yaml';
import { importLocalPortHealth } from '../health/localport';
import { contextFields, ImportCollector } from './collector';
import { expandEnv, placeholderNames } from './envExpand';
import { defaultsBlock, mapHealthCheck, mapRestartPolicy } from './localportHealth';
import { FILE_ENTRY } from './result';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import {
  isRecord,
  joinNames,
  readBool,
  readPort,
  readRecord,
  readString,
  readStringList,
  requireString,
  show,
} from './values';
import type { Problems } from './values';

// LocalPort (github.com/dawsonlp/localport) YAML: `version`, `defaults`, `services[]`,
// `cluster_contexts`. Tether forwards through Kubernetes only, so ssh services are listed as
// unsupported, never dropped.

const RESOURCE_TYPES = ['service', 'pod', 'deployment'] as const;
type ResourceType = (typeof RESOURCE_TYPES)[number];

const SSH_REASON = 'SSH tunnels are not supported: Tether only forwards to Kubernetes workloads';

/**
 * Imports a LocalPort configuration. The environment is never read: `${VAR:default}` takes the
 * default written in the file (in the raw text first, as LocalPort expands); `${VAR}` without
 * one stays as written, and every variable the file uses is named in a warning. Placeholders left
 * in probe header values can be approved, and are then expanded at probe time only.
 */
export function importLocalPort(text: string, options: ImportOptions): ImportResult {
  const out = new ImportCollector('localport', options);
  const used = placeholderNames(text);
  const expanded = expandEnv(text, {});
  if (used.length > 0) {
    out.warn(
      `This file uses environment variables ${used.join(', ')}. Tether does not read the environment when importing: defaults written in the file were used, and placeholders without one were kept as written`,
    );
  }
  for (const name of expanded.unresolved) {
    out.warn(`Environment variable ${name} has no default in the file: "\${${name}}" was kept as written`);
  }

  // PyYAML reads YAML 1.1 (yes/no are booleans) and lets a later duplicate key win.
  const doc = parseDocument(expanded.text, { version: '1.1', uniqueKeys: false, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) out.error(FILE_ENTRY, `Not valid YAML: ${e.message}`);
    return out.finish();
  }
  let root: unknown;
  try {
    // Some problems (an alias with no anchor, too many aliases) only show when values are built.
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    out.error(FILE_ENTRY, `Not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
    return out.finish();
  }
  if (!isRecord(root)) {
    out.error(
      FILE_ENTRY,
      `A LocalPort configuration is a map with "version" and "services", got ${show(root)}`,
    );
    return out.finish();
  }

  // LocalPort's validator wants a version string; its loader does not, so a missing one only warns.
  if (root['version'] === undefined || root['version'] === null) {
    out.warn('Missing required field: version (LocalPort would reject this file; imported anyway)');
  } else if (typeof root['version'] !== 'string' && typeof root['version'] !== 'number') {
    out.warn(`version should be text such as "1.0", got ${show(root['version'])}`);
  }

  const services = root['services'];
  if (services === undefined || services === null) {
    out.error(FILE_ENTRY, 'Missing required field: services');
  } else if (!Array.isArray(services)) {
    const keys = isRecord(services)
      ? ` (found a map with ${joinNames(Object.keys(services).map((k) => `"${k}"`))})`
      : '';
    out.error(FILE_ENTRY, `Services must be a list${keys}; nothing was imported`);
  } else {
    const defaults = {
      health: defaultsBlock(root, 'health_check'),
      restart: defaultsBlock(root, 'restart_policy'),
    };
    const fallbacks = new Map<string, string[]>();
    services.forEach((service: unknown, index) => {
      const from = readService(service, index, defaults, out);
      if (from) fallbacks.set(from.type, [...(fallbacks.get(from.type) ?? []), from.entry]);
    });
    for (const [type, entries] of fallbacks) {
      out.warn(
        `"${type}" health checks have no Tether equivalent and became TCP probes: ${joinNames(entries)}`,
      );
    }
  }

  // Cluster health settings: applied to the engine's health settings when the import is saved.
  const health = importLocalPortHealth(root, (c) => out.mapContext(c));
  for (const warning of health.warnings) out.warn(warning);
  return out.finish(() => (health.layers ? { clusterHealth: health.layers } : {}));
}

// Reads one services[] entry into the collector. Returns the fallback health type, if any.
function readService(
  raw: unknown,
  index: number,
  defaults: { health: Record<string, unknown> | undefined; restart: Record<string, unknown> | undefined },
  out: ImportCollector,
): { type: string; entry: string } | undefined {
  const position = `services[${index}]`;
  if (!isRecord(raw)) {
    out.error(position, `${position} must be a map, got ${show(raw)}`);
    return undefined;
  }
  const rawName = raw['name'];
  const entry = typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim() : position;
  const problems: Problems = [];
  const name = requireString(raw, 'name', problems, 'Missing required field: name');

  const technology = requireString(raw, 'technology', problems, 'Missing required field: technology');
  if (technology === 'ssh') {
    out.unsupported(entry, SSH_REASON);
    return undefined;
  }
  if (technology !== undefined && technology !== 'kubectl') {
    problems.push(`technology must be "kubectl" or "ssh", got "${technology}"`);
  }

  const localPort = readPort(raw, 'local_port', problems);
  const remotePort = readPort(raw, 'remote_port', problems);
  if (raw['local_port'] === undefined) problems.push('Missing required field: local_port');
  if (raw['remote_port'] === undefined) problems.push('Missing required field: remote_port');

  const connection = readRecord(raw, 'connection', problems);
  let target: string | undefined;
  let namespace = 'default';
  let sourceContext: string | undefined;
  if (!connection) {
    if (raw['connection'] === undefined) problems.push('Missing required field: connection');
  } else {
    const resourceName = requireString(
      connection,
      'resource_name',
      problems,
      'connection.resource_name is required for kubectl services',
    );
    const resourceType =
      readString(connection, 'resource_type', problems, 'connection.resource_type') ?? 'service';
    if (!RESOURCE_TYPES.includes(resourceType as ResourceType)) {
      problems.push(`kubectl resource_type '${resourceType}' is invalid (use service, pod or deployment)`);
    } else if (resourceName !== undefined) {
      target = `${resourceType}/${resourceName}`;
    }
    const ns = readString(connection, 'namespace', problems, 'connection.namespace');
    if (ns !== undefined) {
      if (ns.trim() === '') problems.push('connection.namespace must not be empty');
      else namespace = ns;
    }
    sourceContext = readString(connection, 'context', problems, 'connection.context');
  }

  const enabled = readBool(raw, 'enabled', problems) ?? true;
  const tags = readStringList(raw, 'tags', problems) ?? [];
  const description = readString(raw, 'description', problems);
  const health = mapHealthCheck(
    defaults.health,
    readRecord(raw, 'health_check', problems),
    localPort,
    problems,
  );
  const restart = mapRestartPolicy(defaults.restart, readRecord(raw, 'restart_policy', problems), problems);

  if (problems.length > 0 || name === undefined || target === undefined || remotePort === undefined) {
    for (const p of problems) out.error(entry, p);
    return undefined;
  }
  for (const note of health.notes) out.warn(`${entry}: ${note}`);
  const choice = out.chooseContext(sourceContext);
  out.add({
    entry,
    draft: {
      name,
      ...('context' in choice ? { context: choice.context } : {}),
      namespace,
      target,
      remotePort,
      localPort,
      enabled,
      tags,
      ...(description !== undefined && description.trim() !== '' ? { description: description.trim() } : {}),
      ...(health.probe ? { probe: health.probe } : {}),
      restart,
    },
    ...contextFields(choice),
  });
  return health.fallbackFrom ? { type: health.fallbackFrom, entry } : undefined;
}
