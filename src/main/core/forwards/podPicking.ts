// Which pod a forward goes to, and which of its ports: pure functions over pod, Service and
// Deployment JSON (the informer's slim pods or the API's full objects have the same shape).
import type { LabelRequirement } from '../../../shared/domain/forward';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A pod's name, namespace and labels. */
export function podMeta(pod: unknown): { name: string; namespace: string; labels: Record<string, string> } {
  const m = obj(obj(pod).metadata);
  return {
    name: str(m.name) ?? '',
    namespace: str(m.namespace) ?? '',
    labels: obj(m.labels) as Record<string, string>,
  };
}

/** Running, Ready=True and not terminating: a pod a forward may use. */
export function isPodServing(pod: unknown): boolean {
  const p = obj(pod);
  if (obj(p.metadata).deletionTimestamp) return false;
  const status = obj(p.status);
  if (status.phase !== 'Running') return false;
  return arr(status.conditions).some((c) => obj(c).type === 'Ready' && obj(c).status === 'True');
}

/**
 * Why a pod a tunnel goes to is leaving, from the pod informer's view of its namespace: deleted
 * (not listed), being deleted, or not ready. Null when it still serves, or when there is no view
 * (`pods` null: no synced informer covers the namespace, so nothing is known). A view with no
 * pods at all is an answer: a Deployment's only pod force-deleted leaves it empty.
 */
export function podLeaving(pods: Iterable<unknown> | null, namespace: string, name: string): string | null {
  if (pods === null) return null;
  for (const pod of pods) {
    const m = podMeta(pod);
    if (m.namespace !== namespace || m.name !== name) continue;
    if (obj(obj(pod).metadata).deletionTimestamp) return `pod ${name} is being deleted`;
    return isPodServing(pod) ? null : `pod ${name} is not running and ready any more`;
  }
  return `pod ${name} was deleted`;
}

/** A label test: from a parsed selector text, a Service's selector map, or a Deployment's LabelSelector. */
export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

/** Matches the requirements of a parsed selector text (`app=api,tier!=db`). */
export function matcherFromRequirements(reqs: readonly LabelRequirement[]): LabelMatcher {
  return (labels) =>
    reqs.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      const v = labels[r.key];
      switch (r.operator) {
        case 'exists':
          return has;
        case 'notExists':
          return !has;
        case '=':
          return v === r.value;
        case '!=':
          return v !== r.value;
        case 'in':
          return v !== undefined && r.values.includes(v);
        case 'notin':
          return v === undefined || !r.values.includes(v);
      }
    });
}

/**
 * Matches a Kubernetes LabelSelector (`matchLabels` + `matchExpressions`) or a Service's plain
 * selector map. An empty selector matches nothing here: forwarding to "every pod" is never meant.
 */
export function matcherFromLabelSelector(selector: unknown, plainMap = false): LabelMatcher | undefined {
  const s = obj(selector);
  const matchLabels = plainMap ? s : obj(s.matchLabels);
  const reqs: LabelRequirement[] = Object.entries(matchLabels)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([key, value]) => ({ key, operator: '=', value }));
  if (!plainMap) {
    for (const e of arr(s.matchExpressions)) {
      const key = str(obj(e).key);
      const op = str(obj(e).operator);
      const values = arr(obj(e).values).filter((v): v is string => typeof v === 'string');
      if (!key) continue;
      if (op === 'In') reqs.push({ key, operator: 'in', values });
      else if (op === 'NotIn') reqs.push({ key, operator: 'notin', values });
      else if (op === 'Exists') reqs.push({ key, operator: 'exists' });
      else if (op === 'DoesNotExist') reqs.push({ key, operator: 'notExists' });
    }
  }
  return reqs.length === 0 ? undefined : matcherFromRequirements(reqs);
}

/**
 * The pod to forward to among `pods`: the current one while it still serves (no needless
 * switch), else the newest serving pod that matches (during a rollout the newest is the one
 * that stays). Undefined when none serves.
 */
export function pickPod(
  pods: Iterable<unknown>,
  want: { namespace: string; matches: LabelMatcher; current?: string | undefined },
): unknown {
  let best: unknown;
  let bestCreated = '';
  for (const pod of pods) {
    const meta = podMeta(pod);
    if (meta.namespace !== want.namespace || !want.matches(meta.labels) || !isPodServing(pod)) continue;
    if (want.current !== undefined && meta.name === want.current) return pod;
    const created = str(obj(obj(pod).metadata).creationTimestamp) ?? '';
    if (
      best === undefined ||
      created > bestCreated ||
      (created === bestCreated && meta.name > podMeta(best).name)
    ) {
      best = pod;
      bestCreated = created;
    }
  }
  return best;
}

/** Result of resolving the remote port. */
export type PortResolution = { ok: true; port: number } | { ok: false; message: string };

/** The port number of a named container port on a pod. */
export function containerPortByName(pod: unknown, name: string): number | undefined {
  for (const c of arr(obj(obj(pod).spec).containers)) {
    for (const p of arr(obj(c).ports)) {
      const port = obj(p);
      if (port.name === name && typeof port.containerPort === 'number') return port.containerPort;
    }
  }
  return undefined;
}

/** Resolves a port on the pod itself (pod, deployment and selector targets): numbers as they are, names via the containers. */
export function resolvePodPort(pod: unknown, remote: number | string): PortResolution {
  if (typeof remote === 'number') return { ok: true, port: remote };
  const port = containerPortByName(pod, remote);
  return port !== undefined
    ? { ok: true, port }
    : { ok: false, message: `Pod ${podMeta(pod).name} has no container port named "${remote}"` };
}

/**
 * Resolves a Service port (by number or name, as `kubectl port-forward svc/x PORT` does) to the
 * pod's port through its targetPort, which may itself be a named container port.
 */
export function resolveServicePort(service: unknown, pod: unknown, remote: number | string): PortResolution {
  const name = str(obj(obj(service).metadata).name) ?? 'the Service';
  const ports = arr(obj(obj(service).spec).ports).map(obj);
  const sp = ports.find((p) => (typeof remote === 'number' ? p.port === remote : p.name === remote));
  if (!sp) {
    const known = ports
      .map((p) => (p.name ? `${String(p.name)} (${String(p.port)})` : String(p.port)))
      .join(', ');
    return {
      ok: false,
      message: `Service ${name} has no port ${String(remote)}; its ports: ${known || 'none'}`,
    };
  }
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return { ok: true, port: target };
  if (typeof target === 'string') {
    if (/^\d+$/.test(target)) return { ok: true, port: Number(target) };
    return resolvePodPort(pod, target);
  }
  return { ok: false, message: `Service ${name} port ${String(remote)} has no target port` };
}
