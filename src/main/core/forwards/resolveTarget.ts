import { parseLabelSelector, type ForwardSpec } from '../../../shared/domain/forward';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import type { Unresolved } from './rules/rulesEvents';
import {
  matcherFromLabelSelector,
  matcherFromRequirements,
  pickPod,
  podMeta,
  resolvePodPort,
  resolveServicePort,
  type LabelMatcher,
  type PortResolution,
} from './podPicking';

/** Where the tunnel should go now, or why there is nowhere to go (see `Unresolved`). */
export type Resolution =
  | { ok: true; pod: string; port: number; matches: LabelMatcher | undefined }
  | { ok: false; problem: Unresolved; message: string };

const TIMEOUT_MS = 10_000;

/**
 * Resolves a forward's target to one serving pod and the pod's port, from the API (fresh, not
 * the informer, which may not have synced yet). Keeps `current` while it still serves. Returns
 * `matches` (the workload's label test) so pod changes can be judged without another request.
 */
export async function resolveTarget(
  client: ApiClient,
  spec: Pick<ForwardSpec, 'namespace' | 'target' | 'remotePort'>,
  current?: string,
): Promise<Resolution> {
  const ns = encodeURIComponent(spec.namespace);
  const t = spec.target;
  try {
    if (t.kind === 'pod') {
      const pod = await client.getJson(`/api/v1/namespaces/${ns}/pods/${encodeURIComponent(t.name)}`, {
        timeoutMs: TIMEOUT_MS,
      });
      const matches: LabelMatcher = () => false;
      const picked = pickPod([pod], { namespace: spec.namespace, matches: () => true });
      if (!picked) return noPod(`Pod ${t.name} is not running and ready`);
      return withPort(picked, resolvePodPort(picked, spec.remotePort), matches);
    }
    let matches: LabelMatcher | undefined;
    let service: unknown;
    let labelSelector: string | undefined;
    if (t.kind === 'selector') {
      const parsed = parseLabelSelector(t.selector);
      if (!parsed.ok) return noPod(parsed.message);
      matches = matcherFromRequirements(parsed.requirements);
      labelSelector = t.selector;
    } else {
      const path =
        t.kind === 'service'
          ? `/api/v1/namespaces/${ns}/services/${encodeURIComponent(t.name)}`
          : `/apis/apps/v1/namespaces/${ns}/deployments/${encodeURIComponent(t.name)}`;
      const owner = await client.getJson<{ spec?: { selector?: unknown } }>(path, { timeoutMs: TIMEOUT_MS });
      if (t.kind === 'service') {
        service = owner;
        // A port the Service does not expose is the forward's own mistake, whatever the pods do.
        const missing = servicePortMissing(owner, spec.remotePort);
        if (missing) return { ok: false, problem: 'target-missing', message: missing };
      }
      matches = matcherFromLabelSelector(owner.spec?.selector, t.kind === 'service');
      if (!matches)
        return noPod(`${t.kind === 'service' ? 'Service' : 'Deployment'} ${t.name} has no pod selector`);
      const plain =
        t.kind === 'service'
          ? owner.spec?.selector
          : (owner.spec?.selector as { matchLabels?: unknown })?.matchLabels;
      labelSelector = Object.entries((plain ?? {}) as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    }
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    const list = await client.getJson<{ items?: unknown[] }>(`/api/v1/namespaces/${ns}/pods${query}`, {
      timeoutMs: TIMEOUT_MS,
    });
    const picked = pickPod(list.items ?? [], { namespace: spec.namespace, matches, current });
    if (!picked)
      return noPod(
        `No running and ready pod for ${t.kind === 'selector' ? t.selector : `${t.kind}/${t.name}`}`,
      );
    const port = service
      ? resolveServicePort(service, picked, spec.remotePort)
      : resolvePodPort(picked, spec.remotePort);
    return withPort(picked, port, matches);
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) {
      const what = t.kind === 'selector' ? 'Pods' : `${t.kind[0]?.toUpperCase()}${t.kind.slice(1)} ${t.name}`;
      const message = `${what} not found in namespace ${spec.namespace}`;
      // A missing Service is a configuration error (Failed, while still watched for); a pod or
      // Deployment that is not there yet is a wait, as kubectl rollouts and StatefulSets make them.
      return t.kind === 'service' ? { ok: false, problem: 'target-missing', message } : noPod(message);
    }
    if (err instanceof ApiError && err.statusCode === 403)
      return { ok: false, problem: 'forbidden', message: `Not allowed: ${err.message}` };
    return {
      ok: false,
      problem: 'cluster-down',
      message: `Cannot reach the API: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** Why a Service does not expose `remote` (by number or name), or undefined when it does. */
export function servicePortMissing(service: unknown, remote: number | string): string | undefined {
  const o = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const name =
    typeof o(o(service).metadata).name === 'string' ? String(o(o(service).metadata).name) : 'the Service';
  const raw = o(o(service).spec).ports;
  const ports = (Array.isArray(raw) ? raw : []).map(o);
  if (ports.some((p) => (typeof remote === 'number' ? p.port === remote : p.name === remote)))
    return undefined;
  const known = ports
    .map((p) => (p.name ? `${String(p.name)} (${String(p.port)})` : String(p.port)))
    .join(', ');
  return `Service ${name} has no port ${String(remote)}; its ports: ${known || 'none'}`;
}

function noPod(message: string): Resolution {
  return { ok: false, problem: 'no-ready-pod', message };
}

function withPort(pod: unknown, port: PortResolution, matches: LabelMatcher | undefined): Resolution {
  if (!port.ok) return noPod(port.message);
  return { ok: true, pod: podMeta(pod).name, port: port.port, matches };
}
