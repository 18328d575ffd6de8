import type { ClusterSummary, HistorySample } from '../../../shared/domain/health';
import type { ListStatus } from '../../../shared/domain/listStatus';
import {
  buildClusterSummary,
  digestNodes,
  disabledChecks,
  historySample,
  listStatus,
  planDenials,
  planForbiddenChecks,
  planLimitedAccess,
  scopeMessage,
  WARNING_WINDOW_MS,
  type HealthConfig,
  type PodDigest,
} from '../../../shared/logic/health';
import type { AccessPlanner } from './accessPlanner';
import type { ClusterProbe } from './clusterProbe';
import { RESOURCE, type MonitorInformers } from './monitorInformers';
import { currentListError, forbiddenList, hostOf, notWatched, type Check } from './monitorRules';

const CHECK_SETTING = { pods: 'podStatus', nodes: 'nodeStatus', events: 'eventsOnFailure' } as const;

/** What a monitor's read side is made from. */
export interface MonitorParts {
  context: string;
  /** The API server's URL. */
  server: string;
  config: HealthConfig;
  probe: ClusterProbe;
  informers: MonitorInformers;
  planner: AccessPlanner;
  /** Digests the pods (the monitor keeps a cache of unchanged pods' summaries). */
  digestPods(pods: Iterable<unknown>, now: number): PodDigest;
}

/**
 * What one list's items are worth now (listStatus.ts): loaded, refused, unauthorized, kept
 * from before an outage (stale), still loading, or switched off.
 */
export function monitorListStatus(m: MonitorParts, check: Check, namespace?: string): ListStatus {
  const plan = m.planner.plan;
  const p = plan?.[check];
  const probe = m.probe.state;
  // Watched per namespace: the one asked for, else all of them; the oldest list speaks for all.
  const infs = m.informers
    .of(check)
    .filter((i) => namespace === undefined || i.namespace === null || i.namespace === namespace);
  const synced = infs.length > 0 && infs.every((i) => i.lw.synced);
  const times = infs.map((i) => m.informers.syncedAtOf(i.check, i.namespace));
  const syncedAt = synced && times.every((t) => t !== undefined) ? Math.min(...(times as number[])) : null;
  // A list kept current by its watch is as fresh as the last time the API answered.
  const listedAt = syncedAt === null ? null : Math.max(syncedAt, probe.lastSuccessAt ?? 0);
  const failure = infs.map((i) => m.informers.failureOf(i.check, i.namespace)).find((f) => f !== undefined);
  const outage =
    probe.state === 'Unhealthy'
      ? { error: m.probe.lastError, since: m.probe.cause?.since ?? probe.failingSince }
      : null;
  return listStatus({
    resource: RESOURCE[check],
    context: m.context,
    namespace,
    server: hostOf(m.server),
    off: !m.config.enabled || !m.config.checks[CHECK_SETTING[check]],
    forbidden: forbiddenList(plan, check, namespace, m.planner.username, m.planner.refusal(check)),
    notWatched: notWatched(plan, m.context, check, namespace),
    listedAt,
    outage,
    listError: failure ? currentListError(failure, probe.lastSuccessAt) : null,
    listErrorSince: failure?.since ?? null,
    ...(p?.scope === 'namespaces' && namespace === undefined ? { watchedNamespaces: p.namespaces } : {}),
  });
}

/**
 * The content checks that are on and allowed but have not listed yet (the plan not made yet
 * counts), with the latest list error among them: until they are in, a Healthy verdict rests
 * on the API alone.
 */
function notRead(
  m: MonitorParts,
  disabled: readonly { check: string }[],
): { what: string[]; lastError: string | null } {
  const what: string[] = [];
  let lastError: string | null = null;
  for (const check of ['nodes', 'pods'] as const) {
    if (disabled.some((d) => d.check === CHECK_SETTING[check])) continue;
    const infs = m.informers.of(check);
    // With a plan and no informer there is nothing to read (no namespace watched).
    if (m.planner.plan !== null && infs.length === 0) continue;
    const waiting = m.planner.plan === null ? infs : infs.filter((i) => !i.lw.synced);
    if (m.planner.plan !== null && waiting.length === 0) continue;
    what.push(RESOURCE[check]);
    for (const i of waiting) lastError ??= m.informers.failureOf(check, i.namespace)?.error.message ?? null;
  }
  return { what, lastError };
}

/** The cluster's summary now, from the probe, the informers and the plan. */
export function monitorSummary(m: MonitorParts, now: number): ClusterSummary {
  const pods = m.informers.of('pods');
  const nodes = m.informers.get('nodes', null);
  const plan = m.planner.plan;
  // Settings and monitoring-off first (permissions.ts), then what the plan refuses.
  const disabled = disabledChecks(m.config, []);
  if (plan)
    disabled.push(...planForbiddenChecks(plan).filter((d) => !disabled.some((x) => x.check === d.check)));
  return buildClusterSummary({
    context: m.context,
    enabled: m.config.enabled,
    probe: m.probe.state,
    lastError: m.probe.lastError,
    // Nothing is known before the first list: an empty store then is not "no nodes".
    nodes: nodes?.lw.synced ? digestNodes(nodes.lw.items().values()) : null,
    pods: pods.length > 0 && pods.every((i) => i.lw.synced) ? m.digestPods(m.informers.rawPods(), now) : null,
    denials: plan ? planDenials(plan) : [],
    limitedAccess: plan ? planLimitedAccess(plan) : null,
    scope: plan ? scopeMessage(plan) : null,
    notRead: notRead(m, disabled),
    cause: m.probe.cause,
    warningsLast5m: m.informers
      .eventStores()
      .reduce((n, s) => n + s.warningsSeenAfter(now - WARNING_WINDOW_MS), 0),
    latencyMs: m.probe.latencyMs,
    disabledChecks: disabled,
    nextCheckAt: m.probe.nextAt,
  });
}

/** One history point; warnings are only counted from an events list that is current now. */
export function monitorHistoryPoint(m: MonitorParts, s: ClusterSummary, now: number): HistorySample {
  const events = m.informers.of('events');
  const warningsPerMin =
    m.probe.state.state === 'Healthy' && events.length > 0 && events.every((i) => i.lw.synced)
      ? m.informers.eventStores().reduce((n, e) => n + e.warningsSeenAfter(now - 60_000 - 1), 0)
      : null;
  return historySample(now, s.latencyMs, s.pods, warningsPerMin);
}
