import { parseLabelSelector, type ForwardSpec } from '../../../shared/domain/forward';
import { ApiError, type ApiClient } from '../kube/apiClient';
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

/** Where the tunnel should go now, or why there is nowhere to go. */
export type Resolution =
  | { ok: true; pod: string; port: number; matches: LabelMatcher | undefined }
  | { ok: false; problem: 'no-ready-pod' | 'cluster-down'; message: string };

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
      if (t.kind === 'service') service = owner;
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
      return noPod(`${what} not found in namespace ${spec.namespace}`);
    }
    if (err instanceof ApiError && err.statusCode === 403) return noPod(`Not allowed: ${err.message}`);
    return {
      ok: false,
      problem: 'cluster-down',
      message: `Cannot reach the API: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function noPod(message: string): Resolution {
  return { ok: false, problem: 'no-ready-pod', message };
}

function withPort(pod: unknown, port: PortResolution, matches: LabelMatcher | undefined): Resolution {
  if (!port.ok) return noPod(port.message);
  return { ok: true, pod: podMeta(pod).name, port: port.port, matches };
}
