import { describe, expect, it } from 'vitest';
import { HealthReasonCodeSchema, HealthReasonSchema, type PodSummary } from '../../domain/health';
import { evaluateCluster, type EvaluateInput } from './evaluate';
import { podReasonCode } from './nodePodReasons';
import { REASON_ORDER } from './reasonOrder';
import { classifyError } from './errors';
import { INITIAL_PROBE_HYSTERESIS, step, type ProbeHysteresis } from './hysteresis';
import { digestNodes, type NodeDigest } from './nodes';
import type { PodDigest } from './pods';

const T = { failureThreshold: 3, successThreshold: 2 };

function probe(pattern: string): ProbeHysteresis {
  let h = INITIAL_PROBE_HYSTERESIS;
  [...pattern].forEach((c, i) => {
    h = step(h, { ok: c === 'S', at: 1_000_000 + i * 1000 }, T);
  });
  return h;
}

const healthy = probe('S');

function nodesDigest(ready: number, notReady: number, pressures: Record<string, number> = {}): NodeDigest {
  const raws: unknown[] = [];
  for (let i = 0; i < ready + notReady; i += 1) {
    const conditions: unknown[] = [{ type: 'Ready', status: i < ready ? 'True' : 'False' }];
    for (const [type, n] of Object.entries(pressures)) if (i < n) conditions.push({ type, status: 'True' });
    raws.push({ metadata: { name: `node-${i}` }, status: { conditions } });
  }
  return digestNodes(raws);
}

function problemPod(
  namespace: string,
  name: string,
  reason: string,
  message: string | null = null,
  status = reason,
): PodSummary {
  return {
    namespace,
    name,
    phase: 'Running',
    ready: '0/1',
    status,
    restarts: 3,
    lastRestartAt: null,
    ip: null,
    nominatedNode: null,
    readinessGates: null,
    createdAt: null,
    startedAt: null,
    node: null,
    reason,
    message,
    containers: [],
  };
}

function podsDigest(problems: PodSummary[]): PodDigest {
  return {
    counts: { total: 10, running: 9, ready: 8, pending: 0, failed: 0, crashLooping: 0, restarts: 0 },
    problems,
  };
}

const messages = (input: EvaluateInput): string[] => evaluateCluster(input).reasons.map((r) => r.message);

describe('Unknown', () => {
  it('never checked', () => {
    expect(evaluateCluster({ probe: INITIAL_PROBE_HYSTERESIS })).toEqual({
      state: 'Unknown',
      connectivity: 'unknown',
      reasons: [{ code: 'not-checked', severity: 'info', message: 'not checked yet' }],
    });
  });

  it('monitoring off wins over everything', () => {
    const e = evaluateCluster({ enabled: false, probe: probe('FFFF'), nodes: nodesDigest(0, 3) });
    expect(e.state).toBe('Unknown');
    expect(e.reasons.map((r) => r.code)).toEqual(['monitoring-disabled']);
  });

  it('first checks failing, below the threshold', () => {
    const e = evaluateCluster({ probe: probe('FF'), lastError: classifyError({ code: 'ECONNREFUSED' }) });
    expect(e.state).toBe('Unknown');
    expect(e.reasons).toEqual([
      {
        code: 'check-retrying',
        severity: 'info',
        message: 'first 2 checks failed, retrying',
        detail: expect.stringMatching(/connection refused/),
        since: 1_000_000,
      },
    ]);
  });
});

describe('Unhealthy from the probe', () => {
  it('"API unreachable for 3 checks", connectivity unreachable, since the first failure', () => {
    const e = evaluateCluster({
      probe: probe('SFFF'),
      lastError: classifyError({ code: 'ECONNREFUSED' }),
      nodes: nodesDigest(3, 0),
      pods: podsDigest([problemPod('a', 'b', 'CrashLoopBackOff')]),
    });
    expect(e.state).toBe('Unhealthy');
    expect(e.connectivity).toBe('unreachable');
    // Stale node/pod reasons are left out.
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0]).toMatchObject({
      code: 'api-unreachable',
      severity: 'critical',
      message: 'API unreachable for 3 checks',
      since: 1_001_000,
    });
  });

  it('counts keep going during the outage', () => {
    expect(messages({ probe: probe('SFFFFFFF'), lastError: classifyError('connect ECONNREFUSED') })).toEqual([
      'API unreachable for 7 checks',
    ]);
  });

  it('"credentials rejected (401)" has its own connectivity state', () => {
    const e = evaluateCluster({ probe: probe('FFF'), lastError: classifyError({ statusCode: 401 }) });
    expect(e).toMatchObject({ state: 'Unhealthy', connectivity: 'credentials-rejected' });
    expect(e.reasons[0]).toMatchObject({
      code: 'credentials-rejected',
      message: 'credentials rejected (401)',
    });
  });

  it('a missing credential helper', () => {
    const e = evaluateCluster({
      probe: probe('FFF'),
      lastError: classifyError(new Error('exec: executable aws not found')),
    });
    expect(e.connectivity).toBe('credentials-rejected');
    expect(e.reasons[0]).toMatchObject({
      code: 'credential-plugin-failed',
      message: 'credential helper failed',
    });
    expect(e.reasons[0]?.detail).toMatch(/"aws" not found/);
  });

  it.each([
    [{ name: 'TimeoutError' }, 'api-timeout', 'API timed out for 3 checks'],
    [{ statusCode: 503 }, 'api-server-error', 'API server errors (503) for 3 checks'],
    [{ message: 'something odd' }, 'api-failing', 'API check failed 3 times'],
    [null, 'api-unreachable', 'API unreachable for 3 checks'],
  ])('%j → %s', (error, code, message) => {
    const e = evaluateCluster({
      probe: probe('FFF'),
      lastError: error === null ? null : classifyError(error),
    });
    expect(e.reasons[0]).toMatchObject({ code, message });
    expect(e.connectivity).toBe('unreachable');
  });

  it('answering again but not confirmed yet: still Unhealthy', () => {
    const e = evaluateCluster({ probe: probe('FFFS'), lastError: null });
    expect(e.state).toBe('Unhealthy');
    expect(e.reasons[0]).toMatchObject({
      severity: 'critical',
      message: 'API answering again, confirming recovery',
    });
  });
});

describe('reachable', () => {
  it('Healthy when nothing is wrong', () => {
    expect(evaluateCluster({ probe: healthy, nodes: nodesDigest(3, 0), pods: podsDigest([]) })).toEqual({
      state: 'Healthy',
      connectivity: 'ok',
      reasons: [],
    });
  });

  it('all nodes NotReady → Unhealthy', () => {
    const e = evaluateCluster({ probe: healthy, nodes: nodesDigest(0, 3) });
    expect(e.state).toBe('Unhealthy');
    expect(e.connectivity).toBe('ok');
    expect(e.reasons[0]).toMatchObject({
      code: 'nodes-not-ready',
      severity: 'critical',
      message: '3 of 3 nodes NotReady',
      detail: 'node-0, node-1, node-2',
    });
    expect(messages({ probe: healthy, nodes: nodesDigest(0, 1) })).toEqual(['1 of 1 node NotReady']);
  });

  it('some NotReady → Degraded "2 of 5 nodes NotReady"', () => {
    const e = evaluateCluster({ probe: healthy, nodes: nodesDigest(3, 2) });
    expect(e.state).toBe('Degraded');
    expect(e.reasons[0]).toMatchObject({ severity: 'warning', message: '2 of 5 nodes NotReady' });
  });

  it('node names in the detail are capped', () => {
    expect(evaluateCluster({ probe: healthy, nodes: nodesDigest(1, 7) }).reasons[0]?.detail).toBe(
      'node-1, node-2, node-3, node-4, node-5, …',
    );
  });

  it('pressure → Degraded, one reason per pressure type', () => {
    expect(
      messages({
        probe: healthy,
        nodes: nodesDigest(3, 0, { DiskPressure: 2, MemoryPressure: 1, NetworkUnavailable: 1 }),
      }),
    ).toEqual([
      '1 node under MemoryPressure',
      '2 nodes under DiskPressure',
      '1 node with network unavailable',
    ]);
  });

  it('no nodes is info only', () => {
    const e = evaluateCluster({ probe: healthy, nodes: digestNodes([]) });
    expect(e.state).toBe('Healthy');
    expect(e.reasons).toEqual([{ code: 'no-nodes', severity: 'info', message: 'no nodes registered' }]);
  });

  it('problem pods grouped per reason and namespace, singles name the pod', () => {
    const pods = podsDigest([
      problemPod('payments', 'payments-a', 'CrashLoopBackOff'),
      problemPod('payments', 'payments-b', 'CrashLoopBackOff'),
      problemPod('payments', 'payments-c', 'CrashLoopBackOff'),
      problemPod('payments', 'payments-d', 'CrashLoopBackOff'),
      problemPod('payments', 'payments-7f9', 'OOMKilled', 'container app used 512Mi'),
      problemPod('web', 'web-1', 'ImagePullBackOff'),
      problemPod('web', 'web-2', 'Unschedulable', null, 'Pending'),
      problemPod('web', 'web-3', 'Error', null, 'Running'),
      problemPod('batch', 'job-1', 'Evicted'),
      problemPod('batch', 'job-0', 'Failed', null, 'Error'),
      problemPod('batch', 'init-1', 'CrashLoopBackOff', null, 'Init:CrashLoopBackOff'),
      problemPod('batch', 'job-2', 'Unknown'),
    ]);
    const e = evaluateCluster({ probe: healthy, pods, maxPodReasons: 10 });
    expect(e.state).toBe('Degraded');
    expect(e.reasons.map((r) => r.message)).toEqual([
      '4 pods in CrashLoopBackOff in payments',
      'pod init-1 in Init:CrashLoopBackOff',
      'pod payments-7f9 OOMKilled',
      'pod web-1 in ImagePullBackOff',
      'pod web-3 Running, restarted after Error',
      'pod job-0 Error',
      'pod job-1 Evicted',
      'pod web-2 Pending (unschedulable)',
      'pod job-2 in Unknown state',
    ]);
    expect(e.reasons[0]?.detail).toBe('payments-a, payments-b, payments-c, payments-d');
    expect(e.reasons[2]?.detail).toBe('payments/payments-7f9: container app used 512Mi');
  });

  it('the same reason in two namespaces gives two reasons, larger first', () => {
    const pods = podsDigest([
      problemPod('a', 'a-1', 'CrashLoopBackOff'),
      problemPod('b', 'b-1', 'CrashLoopBackOff'),
      problemPod('b', 'b-2', 'CrashLoopBackOff'),
    ]);
    expect(messages({ probe: healthy, pods })).toEqual([
      '2 pods in CrashLoopBackOff in b',
      'pod a-1 in CrashLoopBackOff',
    ]);
  });

  it('more groups than maxPodReasons are summed up', () => {
    const pods = podsDigest(
      Array.from({ length: 12 }, (_, i) =>
        problemPod(`ns-${i % 4}`, `p-${i}`, i < 6 ? 'CrashLoopBackOff' : 'Pending'),
      ),
    );
    const m = messages({ probe: healthy, pods, maxPodReasons: 3 });
    expect(m).toHaveLength(4);
    expect(m.slice(0, 3)).toEqual([
      '2 pods in CrashLoopBackOff in ns-0',
      '2 pods in CrashLoopBackOff in ns-1',
      'pod p-2 in CrashLoopBackOff',
    ]);
    expect(m[3]).toBe('7 more problem pods in 4 namespaces');
    expect(messages({ probe: healthy, pods, maxPodReasons: 0 })).toEqual([
      '12 more problem pods in 4 namespaces',
    ]);
  });

  it('a failed probe below the threshold is info only: no flapping', () => {
    const e = evaluateCluster({ probe: probe('SF'), lastError: classifyError({ code: 'ECONNRESET' }) });
    expect(e.state).toBe('Healthy');
    expect(e.reasons).toEqual([
      {
        code: 'check-retrying',
        severity: 'info',
        message: '1 check failed, retrying',
        detail: 'connection reset by the API server or a proxy',
        since: 1_001_000,
      },
    ]);
  });

  it('throttling degrades', () => {
    const e = evaluateCluster({ probe: healthy, lastError: classifyError({ statusCode: 429 }) });
    expect(e.state).toBe('Degraded');
    expect(e.reasons[0]?.code).toBe('api-throttled');
  });

  it('"no permission to list nodes" is info, once, and marks connectivity forbidden-partially', () => {
    const denial = { verb: 'list', resource: 'nodes', namespace: null };
    const e = evaluateCluster({ probe: healthy, denials: [denial, { ...denial }, denial] });
    expect(e.state).toBe('Healthy');
    expect(e.connectivity).toBe('forbidden-partially');
    expect(e.reasons).toEqual([
      { code: 'permission-denied', severity: 'info', message: 'no permission to list nodes' },
    ]);
  });

  it('recent warning events are info', () => {
    expect(evaluateCluster({ probe: healthy, warningsLast5m: 7 }).reasons).toEqual([
      { code: 'warning-events', severity: 'info', message: '7 warning events in the last 5 min' },
    ]);
    expect(evaluateCluster({ probe: healthy, warningsLast5m: 1 }).reasons[0]?.message).toBe(
      '1 warning event in the last 5 min',
    );
    expect(evaluateCluster({ probe: healthy, warningsLast5m: -3 }).reasons).toEqual([]);
  });

  it('orders reasons most severe first, exactly', () => {
    const e = evaluateCluster({
      probe: probe('SF'),
      lastError: classifyError({ code: 'ECONNRESET' }),
      nodes: nodesDigest(3, 2, { DiskPressure: 1 }),
      pods: podsDigest([
        problemPod('payments', 'payments-7f9', 'OOMKilled'),
        ...['a', 'b', 'c', 'd'].map((n) => problemPod('payments', `payments-${n}`, 'CrashLoopBackOff')),
      ]),
      denials: [{ verb: 'list', resource: 'events', namespace: null }],
      warningsLast5m: 3,
    });
    expect(e.state).toBe('Degraded');
    expect(e.reasons.map((r) => `${r.severity}: ${r.message}`)).toEqual([
      'warning: 2 of 5 nodes NotReady',
      'warning: 1 node under DiskPressure',
      'warning: 4 pods in CrashLoopBackOff in payments',
      'warning: pod payments-7f9 OOMKilled',
      'info: 1 check failed, retrying',
      'info: no permission to list events',
      'info: 3 warning events in the last 5 min',
    ]);
    for (const r of e.reasons) HealthReasonSchema.parse(r);
  });

  it('a critical node reason sorts before warnings', () => {
    const e = evaluateCluster({
      probe: healthy,
      nodes: nodesDigest(0, 2),
      pods: podsDigest([problemPod('a', 'b', 'CrashLoopBackOff')]),
    });
    expect(e.reasons.map((r) => r.severity)).toEqual(['critical', 'warning']);
  });

  it('the result is deterministic whatever the input order', () => {
    const list = ['x', 'y', 'z'].map((ns) => problemPod(ns, `${ns}-1`, 'CrashLoopBackOff'));
    const a = messages({ probe: healthy, pods: podsDigest(list) });
    const b = messages({ probe: healthy, pods: podsDigest([...list].reverse()) });
    expect(a).toEqual(b);
  });
});

describe('codes', () => {
  it('every code has a place in the order', () => {
    expect(new Set(REASON_ORDER)).toEqual(new Set(HealthReasonCodeSchema.options));
    expect(REASON_ORDER).toHaveLength(HealthReasonCodeSchema.options.length);
  });

  it('pod reasons map to codes', () => {
    expect(podReasonCode('ErrImagePull')).toBe('pods-image-pull');
    expect(podReasonCode('CreateContainerConfigError')).toBe('pods-config-error');
    expect(podReasonCode('DeadlineExceeded')).toBe('pods-failed');
    expect(podReasonCode('Error')).toBe('pods-error');
  });
});

describe('evaluateCluster: a dead proxy', () => {
  const proxyDown = classifyError(
    Object.assign(new Error('proxy unreachable: 127.0.0.1:3128 (connection refused)'), {
      code: 'ERR_PROXY_UNREACHABLE',
    }),
  );

  it('is Unknown with its own reason and connectivity, not Unhealthy / API unreachable', () => {
    const e = evaluateCluster({ probe: probe('SFFF'), lastError: proxyDown, nodes: nodesDigest(2, 0) });
    expect(e.state).toBe('Unknown');
    expect(e.connectivity).toBe('proxy-unreachable');
    expect(e.reasons).toEqual([
      {
        code: 'proxy-unreachable',
        severity: 'critical',
        message: 'proxy unreachable: 127.0.0.1:3128 (connection refused)',
        since: probe('SFFF').failingSince,
      },
    ]);
    expect(HealthReasonSchema.parse(e.reasons[0])).toBeTruthy();
    expect(REASON_ORDER).toContain('proxy-unreachable');
  });

  it('below the failure threshold it is "retrying" with the proxy named in the detail', () => {
    const e = evaluateCluster({ probe: probe('F'), lastError: proxyDown });
    expect(e.state).toBe('Unknown');
    expect(e.reasons[0]).toMatchObject({ code: 'check-retrying', detail: proxyDown.message });
  });
});

describe('evaluateCluster: pods watched in some namespaces only', () => {
  const scope = 'pods, events in payments (no cluster-wide access)';
  const nodes = { verb: 'list', resource: 'nodes', namespace: null };

  it('Healthy from its pods, saying plainly what it covers, with nodes refused as info', () => {
    const e = evaluateCluster({ probe: healthy, pods: podsDigest([]), scope, denials: [nodes] });
    expect(e.state).toBe('Healthy');
    expect(e.connectivity).toBe('forbidden-partially');
    expect(e.reasons).toEqual([
      { code: 'namespace-scoped', severity: 'info', message: scope },
      { code: 'permission-denied', severity: 'info', message: 'no permission to list nodes' },
    ]);
  });

  it('Degraded from a crash-looping pod there; the problem comes first', () => {
    const pods = podsDigest([problemPod('payments', 'api-1', 'CrashLoopBackOff')]);
    expect(messages({ probe: healthy, pods, scope, denials: [nodes] })).toEqual([
      'pod api-1 in CrashLoopBackOff',
      scope,
      'no permission to list nodes',
    ]);
    expect(evaluateCluster({ probe: healthy, pods, scope }).state).toBe('Degraded');
  });
});

describe('evaluateCluster: checks whose first list is not in yet', () => {
  const notRead = (message: string, detail: string) => ({
    code: 'not-checked',
    severity: 'info',
    message,
    detail,
  });

  it('the API answers but nodes and pods are not read: Healthy rests on the API, and a reason says so', () => {
    const e = evaluateCluster({ probe: healthy, notRead: { what: ['nodes', 'pods'], lastError: null } });
    expect(e.state).toBe('Healthy');
    expect(e.reasons).toEqual([
      notRead('nodes and pods not read yet', 'the API answers; the first list is still loading'),
    ]);
  });

  it('a failing first list gives its error as the detail', () => {
    const e = evaluateCluster({
      probe: healthy,
      nodes: nodesDigest(1, 0),
      notRead: { what: ['pods'], lastError: 'the server is currently unable to handle the request' },
    });
    expect(e.reasons).toEqual([
      notRead(
        'pods not read yet',
        'the last list failed: the server is currently unable to handle the request',
      ),
    ]);
  });

  it('a problem already seen still comes first; nothing pending adds nothing', () => {
    const pods = podsDigest([problemPod('web', 'api-1', 'CrashLoopBackOff')]);
    const e = evaluateCluster({ probe: healthy, pods, notRead: { what: ['nodes'], lastError: null } });
    expect(e.state).toBe('Degraded');
    expect(e.reasons.map((r) => r.message)).toEqual(['pod api-1 in CrashLoopBackOff', 'nodes not read yet']);
    expect(evaluateCluster({ probe: healthy, notRead: { what: [], lastError: null } }).reasons).toEqual([]);
  });

  it('an API that does not answer says that, not what is unread', () => {
    const e = evaluateCluster({ probe: probe('FFF'), notRead: { what: ['pods'], lastError: null } });
    expect(e.state).toBe('Unhealthy');
    expect(e.reasons.some((r) => r.code === 'not-checked')).toBe(false);
  });
});
