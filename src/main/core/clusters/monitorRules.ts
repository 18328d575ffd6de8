// The cluster monitor's rules that need no I/O: which informers a plan asks for, how the
// events bound is shared out, why a list is refused or not watched, whether a list's own
// failure still says something, and how soon to probe again after a cheap failure.
import type {
  AccessPlan,
  ErrorClassification,
  EventStoreLimits,
  ErrorKind,
} from '../../../shared/logic/health';
import { forbiddenSentence, WATCHED_RESOURCES } from '../../../shared/logic/health';
import type { HealthState } from '../../../shared/domain/health';

/** The lists the monitor keeps (the handlers name them to ask for their status). */
export type Check = 'pods' | 'nodes' | 'events';

/** Probe backoff cap while the API refuses connections (see probeDelayMs). */
export const FAST_FAIL_BACKOFF_CAP_MS = 2500;

/** The informers' key: `pods` cluster-wide, `pods@payments` in one namespace. */
export const informerKey = (check: Check, namespace: string | null): string =>
  namespace ? `${check}@${namespace}` : check;

/** Every list+watch a plan asks for, by informer key. */
export function plannedInformers(plan: AccessPlan): Map<string, { check: Check; namespace: string | null }> {
  const want = new Map<string, { check: Check; namespace: string | null }>();
  for (const check of WATCHED_RESOURCES) {
    const p = plan[check];
    if (p.scope === 'cluster') want.set(informerKey(check, null), { check, namespace: null });
    if (p.scope === 'namespaces')
      for (const namespace of p.namespaces) want.set(informerKey(check, namespace), { check, namespace });
  }
  return want;
}

/**
 * The bound of one events store: the whole bound cluster-wide; watched in `stores` namespaces,
 * the bound is shared out between them (with a floor), so many namespaces do not multiply the
 * memory events may take.
 */
export function sharedEventLimits(limits: EventStoreLimits, stores: number): EventStoreLimits {
  if (stores <= 1) return limits;
  return {
    maxNormal: Math.max(Math.min(100, limits.maxNormal), Math.floor(limits.maxNormal / stores)),
    maxWarnings: Math.max(Math.min(400, limits.maxWarnings), Math.floor(limits.maxWarnings / stores)),
  };
}

/**
 * Why a list is refused: the check is off for lack of access, or the namespace asked for is
 * one the user may not read; in our words and the API server's (`met`: its words for a 403
 * met at cluster scope; `username`: who it says we are, to word a refusal as it does).
 */
export function forbiddenList(
  plan: AccessPlan | null,
  check: Check,
  namespace: string | undefined,
  username: string | undefined,
  met: string | undefined,
): { message: string; serverMessage?: string } | null {
  const p = plan?.[check];
  if (!p) return null;
  const said = (ns: string | null) =>
    username !== undefined ? { serverMessage: forbiddenSentence(check, username, ns) } : {};
  if (p.scope === 'off' && p.why === 'forbidden')
    return { message: p.message, ...(met !== undefined ? { serverMessage: met } : said(null)) };
  if (p.scope === 'namespaces' && namespace !== undefined && p.refused.includes(namespace))
    return { message: `no permission to list ${check} in ${namespace}`, ...said(namespace) };
  return null;
}

/** A namespace asked for that is not watched (no cluster-wide access, and not among the chosen). */
export function notWatched(
  plan: AccessPlan | null,
  context: string,
  check: Check,
  namespace: string | undefined,
): string | null {
  const p = plan?.[check];
  if (p?.scope !== 'namespaces' || namespace === undefined) return null;
  if (p.namespaces.includes(namespace) || p.refused.includes(namespace)) return null;
  return `${namespace} is not watched: there is no cluster-wide access to ${check}, and ${namespace} is not one of the namespaces watched (${p.namespaces.join(', ')}); add it in this cluster's settings or with \`tether cluster namespaces ${context} add ${namespace}\``;
}

/**
 * A list's own failure, while it still says something: a broken connection the probe has
 * answered through since is the watch reconnecting, not an outage (the probe decides those).
 */
export function currentListError(
  failure: { error: ErrorClassification; at: number } | undefined,
  probeLastSuccessAt: number | null,
): ErrorClassification | null {
  if (!failure) return null;
  const answeredSince = (probeLastSuccessAt ?? -1) > failure.at;
  const credentials = failure.error.kind === 'credentials' || failure.error.kind === 'exec-plugin';
  return answeredSince && !credentials ? null : failure.error;
}

/**
 * The next probe's delay: the health rules' own, except while Unhealthy from a refused
 * connection (by the server or the proxy), no route, or an API server still starting (/readyz
 * 500): those cost next to nothing, so the backoff stays short and a recovery is seen within
 * seconds. Timeouts (a black-holed network) keep the full backoff.
 */
export function probeDelayMs(
  ruleDelayMs: number,
  state: HealthState,
  kind: ErrorKind | undefined,
  random: () => number,
): number {
  const cheap = kind === 'unreachable' || kind === 'server-error' || kind === 'proxy-unreachable';
  if (state !== 'Unhealthy' || !cheap) return ruleDelayMs;
  return Math.min(ruleDelayMs, FAST_FAIL_BACKOFF_CAP_MS + Math.round(random() * 500));
}

/** Same strings in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** host:port of a server URL, as kubectl names it in its errors. */
export function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}
