import { healthStateRank, type ClusterSummary, type HealthState } from '../../shared/domain/health';

/** What the dot and its label show: the health state, or "Off" for a context not monitored. */
export type DisplayState = HealthState | 'Off';

/** The CSS modifier for a state's colour (the label always carries the same meaning in text). */
export function stateClass(state: DisplayState): string {
  return `state-${state.toLowerCase()}`;
}

/** The text shown next to the dot: never colour alone. */
export function stateLabel(state: DisplayState): string {
  return state === 'Off' ? 'Not monitored' : state;
}

/** The worst state among clusters (Unknown when there are none). */
export function worstState(clusters: readonly ClusterSummary[]): HealthState {
  let worst: HealthState | undefined;
  for (const c of clusters) if (!worst || healthStateRank[c.state] > healthStateRank[worst]) worst = c.state;
  return worst ?? 'Unknown';
}

/** The header's one-line verdict, e.g. "All 3 healthy" or "1 unhealthy, 1 degraded". */
export function overallLabel(clusters: readonly ClusterSummary[]): string {
  if (clusters.length === 0) return 'No clusters monitored';
  const n = (s: HealthState) => clusters.filter((c) => c.state === s).length;
  if (n('Healthy') === clusters.length)
    return clusters.length === 1 ? 'Healthy' : `All ${clusters.length} healthy`;
  const parts: string[] = [];
  if (n('Unhealthy')) parts.push(`${n('Unhealthy')} unhealthy`);
  if (n('Degraded')) parts.push(`${n('Degraded')} degraded`);
  if (n('Unknown')) parts.push(`${n('Unknown')} checking`);
  return parts.join(', ') || 'Healthy';
}
