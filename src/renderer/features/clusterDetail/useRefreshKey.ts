import { useClustersStore } from '../../stores/clustersStore';

/**
 * A value that changes when the cluster's summary says its content changed (a new check, or
 * different pod counts), so a detail view reloads then and only then.
 */
export function useRefreshKey(context: string): string {
  return useClustersStore((s) => {
    const c = s.byContext[context];
    if (!c) return '';
    const p = c.pods;
    return `${c.lastCheckAt ?? 0}|${p ? `${p.total}/${p.ready}/${p.restarts}/${p.crashLooping}` : ''}|${c.warningsLast5m}`;
  });
}
