import { parse as parseYaml } from 'yaml';
import type { ImportFormat } from '../../domain/importResult';
import { isRecord } from './values';

// Content decides; the file name only breaks ties (a user may rename a file, and kftray/Tether
// exports are both just ".json").

const KFTRAY_KEYS = [
  'workload_type',
  'local_port',
  'remote_port',
  'service',
  'alias',
  'remote_address',
  'target',
];

/**
 * Guesses which importer a file needs (for `--format` auto-detection). Returns undefined when the
 * content matches none; then the caller should ask for `--format`.
 */
export function detectFormat(text: string, filename?: string): ImportFormat | undefined {
  const body = text.replace(/^\uFEFF/, '');
  const json = tryJson(body);
  if (json.ok) return fromJson(json.value) ?? fromName(filename, true);
  const yaml = tryYaml(body);
  if (yaml.ok && isRecord(yaml.value) && looksLikeLocalPort(yaml.value)) return 'localport';
  // LocalPort text can be invalid YAML until ${VAR} is expanded; its key lines still show.
  if (/^services\s*:/m.test(body) && /^\s*-?\s*technology\s*:/m.test(body)) return 'localport';
  return fromName(filename, false);
}

function fromJson(value: unknown): ImportFormat | undefined {
  if (isRecord(value)) {
    if ('tether' in value && 'forwards' in value) return 'tether';
    if ((value['version'] === 2 && 'clusters' in value) || '_clusters' in value) return 'kube-forwarder';
    if (KFTRAY_KEYS.some((k) => k in value)) return 'kftray';
    return undefined;
  }
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => isRecord(v) && KFTRAY_KEYS.some((k) => k in v))
  ) {
    return 'kftray';
  }
  return undefined;
}

function looksLikeLocalPort(root: Record<string, unknown>): boolean {
  if ('services' in root || 'cluster_contexts' in root) return true;
  return isRecord(root['defaults']) && 'version' in root;
}

function fromName(filename: string | undefined, isJson: boolean): ImportFormat | undefined {
  if (!filename) return undefined;
  const base = (filename.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (/\.kpf-export(\.v\d+)?\.json$/.test(base)) return 'kube-forwarder';
  if (/\.tether\.json$/.test(base)) return 'tether';
  if (!isJson && /^\.?localport\.ya?ml$/.test(base)) return 'localport';
  return undefined;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function tryYaml(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseYaml(text, { version: '1.1', uniqueKeys: false }) };
  } catch {
    return { ok: false };
  }
}
