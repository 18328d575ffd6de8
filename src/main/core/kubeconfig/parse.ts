import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KubeconfigDoc, NamedEntry, RawMap } from './model';

/** Thrown for a file that cannot be read as a kubeconfig; the message names the problem. */
export class KubeconfigParseError extends Error {}

/**
 * Reads one kubeconfig file's text the way kubectl tolerates it: keys in any order,
 * `contexts: null`, missing sections. Relative file references are resolved against the
 * file's own folder (kubectl's ResolvePaths), so a merged config works from anywhere.
 */
export function parseKubeconfig(text: string, file: string): KubeconfigDoc {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: false });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new KubeconfigParseError(`not valid YAML: ${msg}`);
  }
  if (doc === null || doc === undefined) {
    // An empty file is a valid, empty kubeconfig (kubectl treats it so).
    return { file, clusters: [], users: [], contexts: [], currentContext: undefined };
  }
  if (!isMap(doc)) throw new KubeconfigParseError('not a kubeconfig: the top level is not a mapping');
  const base = dirname(file);
  const current = doc['current-context'];
  return {
    file,
    clusters: namedList(doc.clusters, 'cluster', file, 'clusters').map((e) =>
      resolvePaths(e, base, CLUSTER_PATHS),
    ),
    users: namedList(doc.users, 'user', file, 'users').map((e) => resolveUserPaths(e, base)),
    contexts: namedList(doc.contexts, 'context', file, 'contexts'),
    currentContext: typeof current === 'string' && current !== '' ? current : undefined,
  };
}

const CLUSTER_PATHS = ['certificate-authority'];
const USER_PATHS = ['client-certificate', 'client-key', 'tokenFile'];

function namedList(raw: unknown, key: string, file: string, section: string): NamedEntry<RawMap>[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw new KubeconfigParseError(`"${section}" must be a list`);
  const out: NamedEntry<RawMap>[] = [];
  raw.forEach((item, i) => {
    if (!isMap(item) || typeof item.name !== 'string' || item.name === '') {
      throw new KubeconfigParseError(`${section}[${i}] has no name`);
    }
    const value = item[key];
    out.push({ name: item.name, value: isMap(value) ? value : {}, file });
  });
  return out;
}

function resolvePaths(entry: NamedEntry<RawMap>, base: string, keys: string[]): NamedEntry<RawMap> {
  const value = { ...entry.value };
  for (const k of keys) {
    const v = value[k];
    if (typeof v === 'string' && v !== '' && !isAbsolute(v)) value[k] = resolve(base, v);
  }
  return { ...entry, value };
}

function resolveUserPaths(entry: NamedEntry<RawMap>, base: string): NamedEntry<RawMap> {
  const resolved = resolvePaths(entry, base, USER_PATHS);
  const exec = resolved.value.exec;
  // An exec command given as a relative path (contains a slash) is relative to the file;
  // a bare name is looked up on PATH, as kubectl does.
  if (
    isMap(exec) &&
    typeof exec.command === 'string' &&
    exec.command.includes('/') &&
    !isAbsolute(exec.command)
  ) {
    resolved.value.exec = { ...exec, command: resolve(base, exec.command) };
  }
  return resolved;
}

export function isMap(v: unknown): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
