import type { KubeconfigDoc, MergedKubeconfig, NamedEntry, RawMap } from './model';

/**
 * Merges files in KUBECONFIG order with kubectl's rules: the first file to define a
 * cluster, user or context by name wins and later same-named entries are dropped whole (no
 * deep merge); the first non-empty current-context wins.
 */
export function mergeKubeconfigs(docs: KubeconfigDoc[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    files: docs.map((d) => d.file),
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: undefined,
  };
  for (const doc of docs) {
    addFirst(merged.clusters, doc.clusters);
    addFirst(merged.users, doc.users);
    addFirst(merged.contexts, doc.contexts);
    merged.currentContext ??= doc.currentContext;
  }
  return merged;
}

function addFirst(into: Map<string, NamedEntry<RawMap>>, entries: NamedEntry<RawMap>[]) {
  for (const e of entries) if (!into.has(e.name)) into.set(e.name, e);
}
