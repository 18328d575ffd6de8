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

/** Forward counts as the tray computes them (`forwardCounts` in shared/logic/tray). */
export interface ForwardTally {
  total: number;
  failed: number;
  reconnecting: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The header's whole verdict: the clusters' counts, then forwards in trouble, as the tray
 * tooltip says them: "1 degraded · 3 forwards reconnecting". Forwards that are fine add nothing.
 */
export function headerVerdict(clusters: readonly ClusterSummary[], forwards: ForwardTally): string {
  const parts = [overallLabel(clusters)];
  if (forwards.failed > 0) parts.push(`${plural(forwards.failed, 'forward')} failed`);
  if (forwards.reconnecting > 0) parts.push(`${plural(forwards.reconnecting, 'forward')} reconnecting`);
  return parts.join(' · ');
}

/**
 * The header dot's state: the worst cluster, made worse by forwards in trouble (a failed
 * forward is Unhealthy, one reconnecting Degraded), so the dot and the words agree.
 */
export function headerState(clusters: readonly ClusterSummary[], forwards: ForwardTally): DisplayState {
  const fromForwards: HealthState | undefined =
    forwards.failed > 0 ? 'Unhealthy' : forwards.reconnecting > 0 ? 'Degraded' : undefined;
  if (clusters.length === 0) return fromForwards ?? 'Off';
  const worst = worstState(clusters);
  return fromForwards && healthStateRank[fromForwards] > healthStateRank[worst] ? fromForwards : worst;
}
