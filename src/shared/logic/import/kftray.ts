import { formatLabelSelector, isLoopbackAddress, parseLabelSelector } from '../../domain/forward';
import type { ForwardTarget } from '../../domain/forward';
import { contextFields, ImportCollector } from './collector';
import { entryLabels } from './names';
import { FILE_ENTRY } from './result';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import { isRecord, joinNames, readBool, readPort, readString, requireString, show } from './values';
import type { Problems } from './values';

// kftray (github.com/hcavarsan/kftray) JSON export: an array of configs, or one bare object.
// Unknown keys are ignored, as kftray's serde does. Messages reuse kftray's own wording where it
// has one, so users who know kftray recognise them.

const WORKLOAD_TYPES = ['service', 'pod', 'proxy', 'expose'] as const;

const PROXY_REASON =
  "proxy forwards reach a host outside the cluster through kftray's relay pod, which Tether does not deploy";
const EXPOSE_REASON =
  "expose publishes a local port into the cluster (a reverse tunnel through kftray's relay pod); Tether only forwards from the cluster to this machine";
const UDP_REASON = 'UDP is not supported: kubectl port-forward carries TCP only';

/** Imports a kftray export (array or single object). */
export function importKftray(text: string, options: ImportOptions): ImportResult {
  const out = new ImportCollector('kftray', options);
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.error(FILE_ENTRY, `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return out.finish();
  }
  const entries = Array.isArray(root) ? root : isRecord(root) ? [root] : undefined;
  if (!entries) {
    out.error(FILE_ENTRY, `A kftray export is a list of configs (or one config), got ${show(root)}`);
    return out.finish();
  }
  if (entries.length === 0) out.warn('The file holds no configs');

  const labels = entryLabels(entries.map(labelBase));
  const ignored = { domain: [] as string[], httpLogs: [] as string[] };
  entries.forEach((entry: unknown, i) => readConfig(entry, labels[i] ?? `#${i + 1}`, out, ignored));
  if (ignored.domain.length > 0) {
    out.warn(
      `domain_enabled (a hosts-file alias) is not supported and was ignored for ${joinNames(ignored.domain)}`,
    );
  }
  if (ignored.httpLogs.length > 0) {
    out.warn(
      `HTTP traffic logging (http_logs_*) is not supported and was ignored for ${joinNames(ignored.httpLogs)}`,
    );
  }
  return out.finish();
}

function labelBase(entry: unknown): string {
  if (!isRecord(entry)) return 'entry';
  for (const key of ['alias', 'service', 'target', 'remote_address']) {
    const value = entry[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return 'entry';
}

function readConfig(
  raw: unknown,
  entry: string,
  out: ImportCollector,
  ignored: { domain: string[]; httpLogs: string[] },
): void {
  if (!isRecord(raw)) {
    out.error(entry, `A config must be an object, got ${show(raw)}`);
    return;
  }
  const problems: Problems = [];
  const workload = readString(raw, 'workload_type', problems)?.trim();
  if (workload === undefined || workload === '') {
    out.error(entry, problems[0] ?? 'Workload type is required');
    return;
  }
  const protocol = (readString(raw, 'protocol', problems) ?? '').trim().toLowerCase() || 'tcp';
  if (workload === 'proxy') {
    const to = readString(raw, 'remote_address', problems);
    const where = to ? ` (${to})` : '';
    out.unsupported(entry, `${PROXY_REASON}${where}${protocol === 'udp' ? `; ${UDP_REASON}` : ''}`);
    return;
  }
  if (workload === 'expose') {
    out.unsupported(entry, EXPOSE_REASON);
    return;
  }
  if (!WORKLOAD_TYPES.includes(workload as (typeof WORKLOAD_TYPES)[number])) {
    out.error(entry, `Invalid workload type: ${workload}. Must be 'service', 'pod', 'proxy', or 'expose'`);
    return;
  }
  if (protocol === 'udp') {
    out.unsupported(entry, UDP_REASON);
    return;
  }
  if (protocol !== 'tcp') problems.push(`protocol must be "tcp" or "udp", got "${protocol}"`);

  const namespace = requireString(raw, 'namespace', problems, 'Namespace is required and cannot be empty');
  let target: ForwardTarget | undefined;
  if (workload === 'service') {
    const service = requireString(
      raw,
      'service',
      problems,
      'Service name is required for service workload type',
    );
    if (service !== undefined) target = { kind: 'service', name: service.trim() };
  } else {
    const selector = requireString(
      raw,
      'target',
      problems,
      'Target (pod label selector) is required for pod workload type',
    );
    if (selector !== undefined) {
      const parsed = parseLabelSelector(selector);
      if (parsed.ok) target = { kind: 'selector', selector: formatLabelSelector(parsed.requirements) };
      else problems.push(parsed.message);
    }
  }
  // kftray stores 0 (or nothing) for "pick a free port when it starts".
  const localPort = readPort(raw, 'local_port', problems, { allowZero: true });
  const remotePort = readPort(raw, 'remote_port', problems, { allowZero: true });
  if (!remotePort && !problems.some((p) => p.startsWith('remote_port'))) {
    problems.push(`remote_port is required for ${workload} workload type`);
  }
  const sourceContext = readString(raw, 'context', problems);
  const bindAddress = readBindAddress(raw, entry, problems, out);
  if (readBool(raw, 'domain_enabled', problems, { allowStrings: true })) ignored.domain.push(entry);
  if (readBool(raw, 'http_logs_enabled', problems, { allowStrings: true })) ignored.httpLogs.push(entry);
  const kubeconfig = readString(raw, 'kubeconfig', problems)?.trim();
  const alias = readString(raw, 'alias', problems)?.trim();

  if (problems.length > 0 || target === undefined || namespace === undefined || !remotePort) {
    for (const p of problems) out.error(entry, p);
    return;
  }
  const hasKubeconfig = kubeconfig !== undefined && kubeconfig !== '' && kubeconfig !== 'default';
  if (hasKubeconfig) {
    out.warn(
      `kubeconfig "${kubeconfig}" is kept only as a hint: Tether looks up each entry's context in your own kubeconfig`,
    );
  }
  // kftray names an alias-less config "{workload_type}-{protocol}-{local_port}".
  const name =
    alias ||
    (localPort ? `${workload}-${protocol}-${localPort}` : target.kind === 'service' ? target.name : entry);
  const choice = out.chooseContext(sourceContext);
  out.add({
    entry,
    draft: {
      name,
      ...('context' in choice ? { context: choice.context } : {}),
      namespace: namespace.trim(),
      target,
      remotePort,
      localPort: localPort || 'auto',
      ...(bindAddress ? { bindAddress } : {}),
      ...(hasKubeconfig ? { kubeconfigHint: kubeconfig } : {}),
    },
    ...contextFields(choice),
  });
}

// kftray may bind anywhere; Tether binds to loopback unless the user opts in, so a non-loopback
// address is replaced (with a warning) rather than carried over silently.
function readBindAddress(
  raw: Record<string, unknown>,
  entry: string,
  problems: Problems,
  out: ImportCollector,
): string | undefined {
  const address = readString(raw, 'local_address', problems)?.trim();
  if (readBool(raw, 'auto_loopback_address', problems)) {
    out.warn(
      `${entry}: auto_loopback_address (a 127.0.0.x address per forward) is not supported; it binds to 127.0.0.1`,
    );
    return undefined;
  }
  if (address === undefined || address === '') return undefined;
  if (isLoopbackAddress(address)) return address;
  if (out.allowNonLoopback) return address;
  out.downgradeBind(entry, address, 'kftray');
  return undefined;
}
