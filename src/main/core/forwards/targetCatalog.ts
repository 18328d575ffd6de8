// What a namespace offers as forward targets (the add/edit form's autocomplete): Services with
// their service ports, Deployments with their pod template's container ports, and pods that are
// not finished with their container ports. Pure mapping over API JSON, plus the three lists.
import {
  MAX_TARGET_PORTS,
  MAX_TARGETS_PER_KIND,
  type CatalogTarget,
  type ListStatus,
  type TargetKind,
  type TargetPort,
} from '../../../shared/contract';
import { classifyError } from '../../../shared/logic/health/errors';
import { oneShotListStatus, type OneShotList } from '../../../shared/logic/health/oneShotList';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import { isPodServing } from './podPicking';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A port entry (ServicePort or ContainerPort) → TargetPort, or nothing if it has no valid number. */
function portOf(raw: unknown, numberKey: 'port' | 'containerPort'): TargetPort | undefined {
  const p = obj(raw);
  const port = p[numberKey];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const name = str(p.name);
  const protocol = str(p.protocol);
  return { port, ...(name ? { name } : {}), ...(protocol ? { protocol } : {}) };
}

/** Ports of every container of a pod spec, once each (same number and name). */
function containerPorts(podSpec: unknown): TargetPort[] {
  const seen = new Set<string>();
  const out: TargetPort[] = [];
  for (const c of arr(obj(podSpec).containers)) {
    for (const raw of arr(obj(c).ports)) {
      const p = portOf(raw, 'containerPort');
      const key = `${p?.port}/${p?.name ?? ''}`;
      if (!p || seen.has(key)) continue;
      if (out.length === MAX_TARGET_PORTS) return out;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

const nameOf = (item: unknown): string => str(obj(obj(item).metadata).name) ?? '';

/** A Service's ports: forwarding to a Service goes by its service port, as kubectl does. */
export function serviceTargets(items: readonly unknown[]): CatalogTarget[] {
  return items.map((s) => ({
    kind: 'service' as const,
    name: nameOf(s),
    ports: arr(obj(obj(s).spec).ports)
      .flatMap((p) => portOf(p, 'port') ?? [])
      .slice(0, MAX_TARGET_PORTS),
  }));
}

/** A Deployment's ports: those its pod template's containers declare. */
export function deploymentTargets(items: readonly unknown[]): CatalogTarget[] {
  return items.map((d) => ({
    kind: 'deployment' as const,
    name: nameOf(d),
    ports: containerPorts(obj(obj(obj(d).spec).template).spec),
  }));
}

/** Pods that may still serve (not Succeeded/Failed, not terminating), serving ones first. */
export function podTargets(items: readonly unknown[]): CatalogTarget[] {
  const alive = items.filter((p) => {
    const phase = obj(obj(p).status).phase;
    return phase !== 'Succeeded' && phase !== 'Failed' && !obj(obj(p).metadata).deletionTimestamp;
  });
  const serving = alive.filter(isPodServing);
  const rest = alive.filter((p) => !isPodServing(p));
  return [...serving, ...rest].map((p) => ({
    kind: 'pod' as const,
    name: nameOf(p),
    ports: containerPorts(obj(p).spec),
  }));
}

const byName = (a: CatalogTarget, b: CatalogTarget) => a.name.localeCompare(b.name);

const SOURCES: readonly {
  kind: TargetKind;
  path: (ns: string) => string;
  map: (items: readonly unknown[]) => CatalogTarget[];
  sort: boolean;
}[] = [
  { kind: 'service', path: (ns) => `/api/v1/namespaces/${ns}/services`, map: serviceTargets, sort: true },
  {
    kind: 'deployment',
    path: (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
    map: deploymentTargets,
    sort: true,
  },
  // Pods keep "serving first" order rather than by name.
  { kind: 'pod', path: (ns) => `/api/v1/namespaces/${ns}/pods`, map: podTargets, sort: false },
];

export interface TargetCatalog {
  targets: CatalogTarget[];
  /** Kinds the user may not list (403): left out, not a failure. */
  denied: TargetKind[];
  /** Kinds cut at MAX_TARGETS_PER_KIND. */
  truncated: TargetKind[];
  /** Loaded (some kind listed), forbidden (every kind refused), or why the lists failed. */
  status: ListStatus;
}

const TIMEOUT_MS = 10_000;

/** host:port of the API server, as kubectl names it in its errors. */
function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/**
 * Lists one namespace's Services, Deployments and pods with their ports, in parallel. A 403 on
 * a kind leaves it out (named in `denied`); a failure of the lists (API down, 401) is an empty
 * catalog whose `status` says why, in the words the other lists use.
 */
export async function listTargets(
  client: ApiClient,
  context: string,
  namespace: string,
  now: () => number = Date.now,
): Promise<TargetCatalog> {
  const list: OneShotList = {
    resource: SOURCES.map((s) => `${s.kind}s`).join(','),
    context,
    namespace,
    server: hostOf(client.server),
  };
  try {
    const { targets, denied, truncated, refusal } = await listKinds(client, namespace);
    const status =
      denied.length === SOURCES.length
        ? oneShotListStatus(list, { kind: 'forbidden', serverMessage: refusal })
        : oneShotListStatus(list, { kind: 'listed', at: now() });
    return { targets, denied, truncated, status };
  } catch (err) {
    const error = classifyError(err, { verb: 'list', resource: 'services', namespace });
    const status = oneShotListStatus(list, { kind: 'failed', at: now(), error });
    return { targets: [], denied: [], truncated: [], status };
  }
}

/** The three lists; a 403 leaves a kind out, anything else is thrown. */
async function listKinds(
  client: ApiClient,
  namespace: string,
): Promise<Omit<TargetCatalog, 'status'> & { refusal: string | undefined }> {
  const ns = encodeURIComponent(namespace);
  let refusal: string | undefined;
  const results = await Promise.all(
    SOURCES.map(async (src) => {
      try {
        // One more than the cap tells a full namespace from an exactly full one.
        const list = await client.getJson<{ items?: unknown[] }>(
          `${src.path(ns)}?limit=${MAX_TARGETS_PER_KIND + 1}`,
          { timeoutMs: TIMEOUT_MS },
        );
        const items = arr(list.items);
        const mapped = src.map(items.slice(0, MAX_TARGETS_PER_KIND)).filter((t) => t.name);
        return {
          kind: src.kind,
          targets: src.sort ? mapped.sort(byName) : mapped,
          denied: false,
          truncated: items.length > MAX_TARGETS_PER_KIND,
        };
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 403) {
          refusal ??= err.message;
          return { kind: src.kind, targets: [], denied: true, truncated: false };
        }
        throw err;
      }
    }),
  );
  return {
    targets: results.flatMap((r) => r.targets),
    denied: results.filter((r) => r.denied).map((r) => r.kind),
    truncated: results.filter((r) => r.truncated).map((r) => r.kind),
    refusal,
  };
}

/** Most namespaces the form is offered. */
const MAX_NAMESPACES = 10_000;

/**
 * The context's namespaces, sorted, when the user may list them. A failure is an answer too:
 * `listed` false and `status` saying why (403 "may not list namespaces", 401, unreachable); the
 * form then falls back to the context's namespace and the pods it saw.
 */
export async function listNamespaces(
  client: ApiClient,
  context: string,
  now: () => number = Date.now,
): Promise<{ namespaces: string[]; listed: boolean; status: ListStatus }> {
  const list: OneShotList = { resource: 'namespaces', context, server: hostOf(client.server) };
  try {
    const items = await client.getJson<{ items?: unknown[] }>(`/api/v1/namespaces?limit=${MAX_NAMESPACES}`, {
      timeoutMs: TIMEOUT_MS,
    });
    const names = arr(items.items)
      .map(nameOf)
      .filter((n) => n !== '' && n.length <= 63);
    return {
      namespaces: names.sort(),
      listed: true,
      status: oneShotListStatus(list, { kind: 'listed', at: now() }),
    };
  } catch (err) {
    const error = classifyError(err, { verb: 'list', resource: 'namespaces' });
    return {
      namespaces: [],
      listed: false,
      status: oneShotListStatus(list, { kind: 'failed', at: now(), error }),
    };
  }
}
