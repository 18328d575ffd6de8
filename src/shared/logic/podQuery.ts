import type { PodSummary } from '../domain/health';

export interface PodFilter {
  namespace?: string | undefined;
  text?: string | undefined;
  problemsOnly?: boolean | undefined;
}

/** Problem pods first (those with a reason), then by namespace and name. */
export function comparePodsForList(a: PodSummary, b: PodSummary): number {
  const ap = a.reason ? 0 : 1;
  const bp = b.reason ? 0 : 1;
  if (ap !== bp) return ap - bp;
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/**
 * The pod list the UI and CLI show: filtered by namespace, free text (name, namespace, node,
 * STATUS, reason, phase; every word must match) and problems only, problem pods first. Shared so the
 * popover can filter locally with exactly the engine's rules.
 */
export function filterPods(pods: Iterable<PodSummary>, f: PodFilter): PodSummary[] {
  const words = (f.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const out: PodSummary[] = [];
  for (const p of pods) {
    if (f.namespace && p.namespace !== f.namespace) continue;
    if (f.problemsOnly && !p.reason) continue;
    if (words.length) {
      const hay =
        `${p.namespace}/${p.name} ${p.node ?? ''} ${p.status} ${p.reason ?? ''} ${p.phase}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(p);
  }
  return out.sort(comparePodsForList);
}
