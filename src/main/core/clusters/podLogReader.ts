import { ContractError, type PodLogs } from '../../../shared/contract';
import { classifyError, summarizePod } from '../../../shared/logic/health';
import {
  MAX_LOG_BYTES,
  knownUnavailable,
  kubectlLogsCommand,
  lastLines,
  logRefusal,
  pickLogTarget,
  podLogQuery,
} from '../../../shared/logic/podLogs';
import type { PodSummary } from '../../../shared/domain/health';
import type { ApiClient } from '../kube/apiClient';
import { ApiError, serverMessage } from '../kube/apiErrors';

/** One log read: which pod, optionally which container and run, how many lines. */
export interface PodLogRequest {
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  readonly container?: string | undefined;
  readonly previous?: boolean | undefined;
  readonly tailLines: number;
}

type Unavailable = NonNullable<PodLogs['unavailable']>;

/**
 * Reads the last lines of one container's output, once (`GET …/pods/NAME/log`, bounded by
 * tailLines and limitBytes). The pod is read first to pick the failing container and run
 * (pickLogTarget) and to know, without asking the node, that a run does not exist; a user who
 * may read logs but not the pod still gets the named or only container's. Refusals and
 * failures come back in words (`unavailable`), never as a thrown error: 403 (no `pods/log`),
 * 401, no previous run, an API server that cannot be reached. Only a pod that does not exist
 * is an error (`not-found`), as kubectl's NotFound.
 */
export async function readPodLogs(
  client: Pick<ApiClient, 'getJson' | 'getText'>,
  req: PodLogRequest,
  timeoutMs: number,
  now: number,
): Promise<PodLogs> {
  const podPath = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.name)}`;
  let pod: PodSummary | null = null;
  let podRefusal: Unavailable | null = null;
  try {
    pod = summarizePod(await client.getJson(podPath, { timeoutMs }), { now });
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) throw notFound(req);
    // 403 on the pod: the user may still read its logs; anything else ends the read here.
    if (!(err instanceof ApiError && err.statusCode === 403)) podRefusal = failure(err);
  }
  const target = pickLogTarget(pod, req.container, req.previous);
  const command = kubectlLogsCommand({
    context: req.context,
    namespace: req.namespace,
    name: req.name,
    container: target.container,
    previous: target.previous,
    containerCount: pod?.containers.filter((c) => !c.init).length ?? 1,
    tailLines: req.tailLines,
  });
  const base = { container: target.container, previous: target.previous, command };
  const none = (unavailable: Unavailable): PodLogs => ({
    ...base,
    text: '',
    lines: 0,
    truncated: false,
    unavailable,
  });
  if (podRefusal) return none(podRefusal);
  const known = knownUnavailable(pod, target);
  if (known !== null) {
    const missing = target.container !== null && !pod?.containers.some((c) => c.name === target.container);
    return none({ kind: missing ? 'no-container' : 'no-previous-run', message: known });
  }
  let answer: { status: number; text: string };
  try {
    answer = await client.getText(`${podPath}/log?${podLogQuery(target, req.tailLines)}`, { timeoutMs });
  } catch (err) {
    return none(failure(err));
  }
  const { status, text } = answer;
  if (status === 200) {
    const reachedLimit = Buffer.byteLength(text, 'utf8') >= MAX_LOG_BYTES;
    return { ...base, ...lastLines(text, req.tailLines, reachedLimit), unavailable: null };
  }
  if (status === 404 && !pod) throw notFound(req);
  return none(logRefusal(status, messageOf(text), { namespace: req.namespace, ...target }));
}

function notFound(req: PodLogRequest): ContractError {
  return new ContractError('not-found', `pods "${req.name}" not found in namespace ${req.namespace}`);
}

/** A request that did not get an answer, or a refusal of the pod read, in words. */
function failure(err: unknown): Unavailable {
  const c = classifyError(err, { verb: 'get', resource: 'pods' });
  if (c.kind === 'credentials') return { kind: 'unauthorized', message: c.message };
  if (c.status !== null) return { kind: 'failed', message: c.message };
  return { kind: 'unreachable', message: c.message };
}

/** The `message` of a Kubernetes Status body, else the body itself, clipped. */
function messageOf(body: string): string | undefined {
  try {
    const s = JSON.parse(body) as { message?: unknown };
    if (typeof s.message === 'string') return serverMessage(s.message);
  } catch {
    // Not JSON: the node's own text.
  }
  return serverMessage(body.trim() || undefined);
}
