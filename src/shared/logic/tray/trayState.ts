import type { HealthState } from '../../domain/health';

/** The five tray icons: one per overall state of everything Tether watches. */
export type TrayState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown' | 'busy';

/** The slice of a cluster summary the tray needs (structural, so callers pass summaries as they are). */
export interface TrayCluster {
  context: string;
  state: HealthState;
  reasons: readonly { message: string }[];
}

/** Forward counts the tray needs; the shell derives them from whatever the forward engine reports. */
export interface TrayForwards {
  total: number;
  /** Gave up after their retries (or cannot start). */
  failed: number;
  /** Starting, restarting or reconnecting right now. */
  reconnecting: number;
}

/** Everything the tray icon summarises. */
export interface TrayInputs {
  clusters: readonly TrayCluster[];
  forwards?: TrayForwards;
  /** Provisionings in progress (not yet Ready, Failed or timed out). */
  provisioning?: number;
}

/** The icon to show and the one-line tooltip that says why. */
export interface TrayView {
  state: TrayState;
  tooltip: string;
}

const NO_FORWARDS: TrayForwards = { total: 0, failed: 0, reconnecting: 0 };

/**
 * Picks the tray icon and tooltip. Worst wins: anything Unhealthy or a failed forward →
 * unhealthy; else work in progress (provisioning, forwards reconnecting) → busy, because the
 * user should see something is moving; else Degraded → degraded; else a cluster without a
 * verdict yet (or nothing watched at all) → unknown; else healthy.
 */
export function trayView(inputs: TrayInputs): TrayView {
  const clusters = inputs.clusters;
  const fw = inputs.forwards ?? NO_FORWARDS;
  const provisioning = inputs.provisioning ?? 0;
  const unhealthy = clusters.filter((c) => c.state === 'Unhealthy');
  const degraded = clusters.filter((c) => c.state === 'Degraded');
  const unknown = clusters.filter((c) => c.state === 'Unknown');

  let state: TrayState;
  if (unhealthy.length > 0 || fw.failed > 0) state = 'unhealthy';
  else if (provisioning > 0 || fw.reconnecting > 0) state = 'busy';
  else if (degraded.length > 0) state = 'degraded';
  else if (clusters.length === 0 && fw.total === 0) state = 'unknown';
  else if (unknown.length > 0) state = 'unknown';
  else state = 'healthy';

  return {
    state,
    tooltip: `Tether — ${summaryLine(clusters, unhealthy, degraded, unknown, fw, provisioning)}`,
  };
}

function summaryLine(
  clusters: readonly TrayCluster[],
  unhealthy: readonly TrayCluster[],
  degraded: readonly TrayCluster[],
  unknown: readonly TrayCluster[],
  fw: TrayForwards,
  provisioning: number,
): string {
  const parts: string[] = [];
  // The single worst cluster gets its reason inline: that is the line the user needs.
  const worst = unhealthy[0] ?? degraded[0];
  if (unhealthy.length + degraded.length === 1 && worst) {
    const why = worst.reasons[0]?.message;
    parts.push(`${worst.context} ${worst.state.toLowerCase()}${why ? `: ${why}` : ''}`);
  } else if (unhealthy.length + degraded.length > 1) {
    const bits = [];
    if (unhealthy.length) bits.push(`${unhealthy.length} unhealthy`);
    if (degraded.length) bits.push(`${degraded.length} degraded`);
    parts.push(`${bits.join(', ')} of ${plural(clusters.length, 'cluster')}`);
  } else if (clusters.length === 0) {
    parts.push('no clusters monitored');
  } else if (unknown.length > 0) {
    parts.push(`${unknown.length} of ${plural(clusters.length, 'cluster')} not checked yet`);
  } else {
    parts.push(`${plural(clusters.length, 'cluster')} healthy`);
  }
  if (fw.failed > 0) parts.push(`${plural(fw.failed, 'forward')} failed`);
  if (fw.reconnecting > 0) parts.push(`${plural(fw.reconnecting, 'forward')} reconnecting`);
  if (fw.total > 0 && fw.failed === 0 && fw.reconnecting === 0)
    parts.push(`${plural(fw.total, 'forward')} up`);
  if (provisioning > 0) parts.push(`${provisioning} provisioning`);
  return parts.join(' · ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
