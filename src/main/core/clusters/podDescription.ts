import type { EventSummary, PodSummary } from '../../../shared/domain/health';
import { compareEvents, summarizeEvent, summarizePod } from '../../../shared/logic/health';
import type { Logger } from '../app/log';
import type { ApiClient } from '../kube/apiClient';

/**
 * kubectl describe, for one pod: fetched fresh from the API (not from an informer, which may
 * lag or be switched off), with that pod's events, Warning first then newest.
 */
export async function describePod(
  client: ApiClient,
  namespace: string,
  name: string,
  o: { timeoutMs: number; now: number; log: Logger; context: string },
): Promise<{ pod: PodSummary | null; events: EventSummary[] }> {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
  const timeoutMs = o.timeoutMs;
  const raw = await client.getJson(`${base}/pods/${encodeURIComponent(name)}`, { timeoutMs });
  const pod = summarizePod(raw, { now: o.now });
  let events: EventSummary[] = [];
  try {
    const sel = new URLSearchParams({
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}`,
    });
    const list = await client.getJson<{ items?: unknown[] }>(`${base}/events?${sel.toString()}`, {
      timeoutMs,
    });
    events = (list.items ?? [])
      .map(summarizeEvent)
      .filter((e): e is EventSummary => e !== null)
      .sort(compareEvents);
  } catch (err) {
    // Events may be forbidden while the pod is not: show the pod anyway.
    o.log.debug('pod events unavailable', { context: o.context, error: String(err) });
  }
  return { pod, events };
}
