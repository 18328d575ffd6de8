import type { NodeCounts, NodePressure, NodeSummary } from '../../domain/health';
import { arr, at, obj, str } from './raw';

// Node digestion: raw nodes (V1Node-like) → NodeSummary + counts. A node is Ready only when its
// Ready condition says True; False and Unknown (kubelet stopped reporting, node-monitor grace
// period passed) both count as NotReady, as `kubectl get nodes` prints them. Kubernetes already
// debounces these conditions (40 s grace), so no extra hysteresis is applied here.

/** Pressure conditions, in the order reasons list them. */
export const NODE_PRESSURES: readonly NodePressure[] = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
];

/** Counts, the nodes themselves, the NotReady names and how many nodes have each pressure. */
export interface NodeDigest {
  readonly counts: NodeCounts;
  readonly nodes: readonly NodeSummary[];
  readonly notReady: readonly string[];
  readonly pressureByType: Readonly<Record<NodePressure, number>>;
}

/** One raw node as a NodeSummary; null when it is not node-shaped. */
export function summarizeNode(raw: unknown): NodeSummary | null {
  const name = str(at(raw, 'metadata', 'name'));
  if (name === undefined) return null;
  let ready: NodeSummary['ready'] = 'Unknown';
  const pressures: NodePressure[] = [];
  for (const cond of arr(at(raw, 'status', 'conditions'))) {
    const type = at(cond, 'type');
    const status = at(cond, 'status');
    if (type === 'Ready') ready = status === 'True' ? 'True' : status === 'False' ? 'False' : 'Unknown';
    else if (status === 'True' && NODE_PRESSURES.includes(type as NodePressure))
      pressures.push(type as NodePressure);
  }
  pressures.sort((a, b) => NODE_PRESSURES.indexOf(a) - NODE_PRESSURES.indexOf(b));
  return {
    name,
    ready,
    pressures,
    unschedulable: at(raw, 'spec', 'unschedulable') === true,
    roles: rolesOf(at(raw, 'metadata', 'labels')),
    kubeletVersion: str(at(raw, 'status', 'nodeInfo', 'kubeletVersion')) ?? null,
  };
}

/** Digest many raw nodes, sorted by name. */
export function digestNodes(raws: Iterable<unknown>): NodeDigest {
  const nodes: NodeSummary[] = [];
  for (const raw of raws) {
    const node = summarizeNode(raw);
    if (node) nodes.push(node);
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  const pressureByType: Record<NodePressure, number> = {
    MemoryPressure: 0,
    DiskPressure: 0,
    PIDPressure: 0,
    NetworkUnavailable: 0,
  };
  for (const node of nodes) for (const p of node.pressures) pressureByType[p] += 1;
  const notReady = nodes.filter((n) => n.ready !== 'True').map((n) => n.name);
  return {
    counts: {
      total: nodes.length,
      ready: nodes.length - notReady.length,
      notReady: notReady.length,
      pressure: nodes.filter((n) => n.pressures.length > 0).length,
    },
    nodes,
    notReady,
    pressureByType,
  };
}

// Roles come from `node-role.kubernetes.io/<role>` labels, as kubectl shows them.
function rolesOf(labels: unknown): string[] {
  const o = obj(labels);
  if (!o) return [];
  const prefix = 'node-role.kubernetes.io/';
  return Object.keys(o)
    .filter((k) => k.startsWith(prefix) && k.length > prefix.length)
    .map((k) => k.slice(prefix.length))
    .sort();
}
