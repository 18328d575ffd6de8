import { parse as parseYaml } from 'yaml';
import { isLoopbackAddress } from '../../domain/forward';
import type { ForwardTarget } from '../../domain/forward';
import { contextFields, ImportCollector } from './collector';
import type { ContextChoice } from './collector';
import { entryLabels } from './names';
import { FILE_ENTRY } from './result';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import { isRecord, readPort, readString, requireString, show } from './values';
import type { Problems } from './values';

// Kube Forwarder (github.com/pixel-point/kube-forwarder) cluster exports. Version 2:
// `{version: 2, clusters: [{name, config?, _services}]}`; legacy version 1: `{_clusters: [...]}`
// with `config` as kubeconfig text. A Kube Forwarder "cluster" is one kubeconfig + one context and
// services carry no context of their own, so each cluster must be mapped to a local context.

const WORKLOAD_TYPES = ['pod', 'deployment', 'service'] as const;

interface Item {
  base: string;
  cluster: string;
  context: ContextChoice;
  service: Record<string, unknown>;
  forward: unknown;
  multi: boolean;
}

/** Imports a Kube Forwarder export (`*.kpf-export.v2.json`, or a legacy v1 export). */
export function importKubeForwarder(text: string, options: ImportOptions): ImportResult {
  const out = new ImportCollector('kube-forwarder', options);
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.error(FILE_ENTRY, `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return out.finish();
  }
  if (!isRecord(root)) {
    out.error(FILE_ENTRY, `A Kube Forwarder export is an object with "clusters", got ${show(root)}`);
    return out.finish();
  }
  let clusters: unknown;
  if (root['version'] === 2) {
    clusters = root['clusters'];
  } else if (root['version'] === undefined && '_clusters' in root) {
    clusters = root['_clusters'];
    out.warn(
      'This is a legacy version 1 export (Kube Forwarder itself no longer imports these); read as version 2',
    );
  } else {
    out.error(
      FILE_ENTRY,
      `Kube Forwarder export version ${show(root['version'] ?? 1)} is not supported (Tether reads version 2 and legacy version 1)`,
    );
    return out.finish();
  }
  if (!Array.isArray(clusters) || clusters.length === 0) {
    out.error(FILE_ENTRY, 'The export holds no clusters (expected a non-empty "clusters" list)');
    return out.finish();
  }

  const items: Item[] = [];
  clusters.forEach((cluster: unknown, index) => items.push(...readCluster(cluster, index, out)));
  const labels = entryLabels(items.map((item) => item.base));
  items.forEach((item, i) => readForward(item, labels[i] ?? item.base, out));
  return out.finish();
}

function readCluster(raw: unknown, index: number, out: ImportCollector): Item[] {
  const position = `clusters[${index}]`;
  if (!isRecord(raw)) {
    out.error(position, `${position} must be an object, got ${show(raw)}`);
    return [];
  }
  const name = typeof raw['name'] === 'string' && raw['name'].trim() !== '' ? raw['name'] : position;
  const services = raw['_services'];
  if (!Array.isArray(services)) {
    out.error(name, `Cluster "${name}" has no "_services" list`);
    return [];
  }
  const context = clusterContext(name, raw['config'], services.length, out);
  const items: Item[] = [];
  services.forEach((service: unknown, s) => {
    if (!isRecord(service)) {
      out.error(`${name} / _services[${s}]`, `A service must be an object, got ${show(service)}`);
      return;
    }
    const forwards = service['forwards'];
    const base = stringOr(service['alias'], stringOr(service['workloadName'], `_services[${s}]`));
    if (!Array.isArray(forwards) || forwards.length === 0) {
      out.error(base, `Service "${base}" in cluster "${name}" has no forwards (at least one is required)`);
      return;
    }
    const multi = forwards.length > 1;
    for (const forward of forwards) {
      const remote = isRecord(forward) ? forward['remotePort'] : undefined;
      items.push({
        base: multi ? `${base}:${show(remote)}` : base,
        cluster: name,
        context,
        service,
        forward,
        multi,
      });
    }
  });
  return items;
}

// The context comes from the caller's map (by cluster name), else from the exported kubeconfig,
// else it is the cluster's name: the entries are kept, and cannot start until it is mapped.
function clusterContext(
  name: string,
  config: unknown,
  services: number,
  out: ImportCollector,
): ContextChoice {
  const mapped = out.mappedContext(name);
  if (mapped !== undefined) return { context: mapped, source: name };
  const fromConfig = configContext(config);
  if (fromConfig !== undefined) {
    out.warn(
      `Cluster "${name}": its exported kubeconfig is not imported (it may hold credentials); its context "${fromConfig}" must exist in your kubeconfig`,
    );
    return { context: out.mapContext(fromConfig), source: fromConfig };
  }
  if (out.isKnownContext(name) !== true) {
    out.warn(
      `Cluster "${name}" was exported without a kubeconfig context: its ${services} ${services === 1 ? 'service keeps' : 'services keep'} "${name}" as their context and cannot start until you map it to one of your contexts`,
    );
  }
  return { context: name, source: name };
}

// v2: `{currentContext?, content?}`; v1: the kubeconfig text itself.
function configContext(config: unknown): string | undefined {
  if (isRecord(config)) {
    const current = config['currentContext'];
    if (typeof current === 'string' && current.trim() !== '') return current;
    return kubeconfigCurrentContext(config['content']);
  }
  return kubeconfigCurrentContext(config);
}

function kubeconfigCurrentContext(content: unknown): string | undefined {
  if (typeof content !== 'string') return undefined;
  try {
    const doc: unknown = parseYaml(content);
    const current = isRecord(doc) ? doc['current-context'] : undefined;
    return typeof current === 'string' && current.trim() !== '' ? current : undefined;
  } catch {
    return undefined; // not a kubeconfig (the v1 demo holds a placeholder comment)
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

function readForward(item: Item, entry: string, out: ImportCollector): void {
  const { service, cluster } = item;
  const problems: Problems = [];
  const namespace = requireString(
    service,
    'namespace',
    problems,
    `namespace is required (cluster "${cluster}")`,
  );
  const workloadType = readString(service, 'workloadType', problems);
  const workloadName = requireString(
    service,
    'workloadName',
    problems,
    `workloadName is required (cluster "${cluster}")`,
  );
  let target: ForwardTarget | undefined;
  if (!WORKLOAD_TYPES.includes(workloadType as (typeof WORKLOAD_TYPES)[number])) {
    problems.push(`workloadType must be pod, deployment or service, got ${show(workloadType)}`);
  } else if (workloadName !== undefined) {
    target = { kind: workloadType as (typeof WORKLOAD_TYPES)[number], name: workloadName.trim() };
  }
  let localPort: number | undefined;
  let remotePort: number | undefined;
  if (!isRecord(item.forward)) {
    problems.push(`A forward must be an object, got ${show(item.forward)}`);
  } else {
    localPort = readPort(item.forward, 'localPort', problems, { allowZero: true });
    remotePort = readPort(item.forward, 'remotePort', problems);
    if (item.forward['localPort'] === undefined) problems.push('localPort is required');
    if (item.forward['remotePort'] === undefined) problems.push('remotePort is required');
  }
  const address = readString(service, 'localAddress', problems)?.trim();
  if (
    problems.length > 0 ||
    target === undefined ||
    workloadName === undefined ||
    namespace === undefined ||
    remotePort === undefined
  ) {
    for (const p of problems) out.error(entry, p);
    return;
  }
  let bindAddress: string | undefined;
  if (address !== undefined && address !== '') {
    if (isLoopbackAddress(address)) bindAddress = address;
    else if (out.allowNonLoopback) bindAddress = address;
    else out.downgradeBind(entry, address, 'Kube Forwarder');
  }
  const base = stringOr(service['alias'], workloadName ?? '');
  out.add({
    entry,
    draft: {
      name: item.multi ? `${base}-${remotePort}` : base,
      ...('context' in item.context ? { context: item.context.context } : {}),
      namespace: namespace.trim(),
      target,
      remotePort,
      localPort: localPort || 'auto',
      ...(bindAddress ? { bindAddress } : {}),
    },
    ...contextFields(item.context),
  });
}
