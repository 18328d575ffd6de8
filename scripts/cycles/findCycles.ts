// Finds the cycles of an import graph and judges them against an allowlist of known edges.
import type { Graph } from './importGraph.ts';

/** An edge written `from -> to`, as the allowlist spells it. */
export type EdgeName = `${string} -> ${string}`;

/** An import edge that lies on a cycle, with one cycle through it. */
export interface CyclicEdge {
  edge: EdgeName;
  /** from, to, …, from: the shortest way back closes the cycle. */
  cycle: string[];
}

/** The verdict on a graph: cycles through edges nobody allowed, and allowed edges no longer on one. */
export interface CycleVerdict {
  newCycles: CyclicEdge[];
  staleAllowances: EdgeName[];
}

/** The strongly connected components with more than one node (Tarjan), each sorted. */
export function stronglyConnected(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
}

/** The shortest path from `start` to `goal` (both included), or undefined. */
function shortestPath(graph: Graph, start: string, goal: string): string[] | undefined {
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node === goal) {
      const path = [goal];
      for (let prev = cameFrom.get(goal); prev; prev = cameFrom.get(prev)) path.unshift(prev);
      return path;
    }
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** Every edge that lies on a cycle (an edge inside a strongly connected component always does). */
export function cyclicEdges(graph: Graph): CyclicEdge[] {
  const edges: CyclicEdge[] = [];
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    for (const from of component) {
      for (const to of [...(graph.get(from) ?? [])].sort()) {
        if (!members.has(to)) continue;
        edges.push({ edge: `${from} -> ${to}`, cycle: [from, ...shortestPath(graph, to, from)!] });
      }
    }
  }
  return edges;
}

/** Cycles through edges not on the allowlist fail; allowlisted edges no longer on a cycle are stale. */
export function judgeCycles(graph: Graph, allowed: readonly EdgeName[]): CycleVerdict {
  const onCycles = cyclicEdges(graph);
  const allowedSet = new Set(allowed);
  const cyclic = new Set(onCycles.map((c) => c.edge));
  return {
    newCycles: onCycles.filter((c) => !allowedSet.has(c.edge)),
    staleAllowances: allowed.filter((edge) => !cyclic.has(edge)),
  };
}
