import { describe, expect, it } from 'vitest';
import { ClusterSummarySchema } from '../../domain/health';
import { classifyError } from './errors';
import { INITIAL_PROBE_HYSTERESIS, step, type ProbeHysteresis } from './hysteresis';
import { digestNodes } from './nodes';
import { disabledChecks } from './permissions';
import type { PodDigest } from './pods';
import { buildClusterSummary } from './summary';

const T = { failureThreshold: 3, successThreshold: 2 };
function probe(pattern: string): ProbeHysteresis {
  let h = INITIAL_PROBE_HYSTERESIS;
  [...pattern].forEach((c, i) => {
    h = step(h, { ok: c === 'S', at: 1_000_000 + i * 1000 }, T);
  });
  return h;
}

const nodes = digestNodes([
  { metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
]);
const pods: PodDigest = {
  counts: { total: 4, running: 4, ready: 3, pending: 0, failed: 0, crashLooping: 1, restarts: 12 },
  problems: [],
};
const allOn = {
  enabled: true,
  checks: { clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true },
};

describe('buildClusterSummary', () => {
  it('packages a reachable cluster', () => {
    const s = buildClusterSummary({
      context: 'kind-dev',
      probe: probe('SS'),
      latencyMs: 12.5,
      nodes,
      pods,
      warningsLast5m: 2,
      denials: [{ verb: 'list', resource: 'events', namespace: null }],
      disabledChecks: disabledChecks(allOn, [{ verb: 'list', resource: 'events', namespace: null }]),
      nextCheckAt: 1_031_000,
    });
    expect(ClusterSummarySchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      context: 'kind-dev',
      state: 'Degraded',
      connectivity: 'forbidden-partially',
      lastCheckAt: 1_001_000,
      lastSuccessAt: 1_001_000,
      latencyMs: 12.5,
      nodes: { total: 2, ready: 1, notReady: 1, pressure: 0 },
      pods: pods.counts,
      warningsLast5m: 2,
      disabledChecks: [
        { check: 'eventsOnFailure', reason: 'forbidden', message: 'no permission to list events' },
      ],
      nextCheckAt: 1_031_000,
    });
    expect(s.reasons.map((r) => r.message)).toEqual([
      '1 of 2 nodes NotReady',
      'no permission to list events',
      '2 warning events in the last 5 min',
    ]);
  });

  it('hides stale counts when the API is down, keeps the last success time', () => {
    const s = buildClusterSummary({
      context: 'eks-prod',
      probe: probe('SFFF'),
      lastError: classifyError({ code: 'ETIMEDOUT' }),
      latencyMs: null,
      nodes,
      pods,
      nextCheckAt: null,
    });
    expect(ClusterSummarySchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      state: 'Unhealthy',
      connectivity: 'unreachable',
      nodes: null,
      pods: null,
      lastCheckAt: 1_003_000,
      lastSuccessAt: 1_000_000,
      latencyMs: null,
    });
    expect(s.reasons[0]?.message).toBe('API timed out for 3 checks');
  });

  it('before the first check', () => {
    const s = buildClusterSummary({
      context: 'x',
      probe: INITIAL_PROBE_HYSTERESIS,
      latencyMs: null,
      nextCheckAt: 0,
    });
    expect(ClusterSummarySchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      state: 'Unknown',
      connectivity: 'unknown',
      lastCheckAt: null,
      lastSuccessAt: null,
      nodes: null,
      pods: null,
      warningsLast5m: 0,
      disabledChecks: [],
    });
  });

  it('sanitises odd numbers', () => {
    const s = buildClusterSummary({
      context: 'x',
      probe: probe('S'),
      latencyMs: Number.NaN,
      warningsLast5m: 2.7,
      nextCheckAt: null,
    });
    expect(s.latencyMs).toBeNull();
    expect(s.warningsLast5m).toBe(2);
    expect(
      buildClusterSummary({ context: 'x', probe: probe('S'), latencyMs: -4, nextCheckAt: null }).latencyMs,
    ).toBe(0);
  });

  it('copies arrays so the caller cannot mutate the summary through its inputs', () => {
    const checks = disabledChecks({ ...allOn, enabled: false }, []);
    const s = buildClusterSummary({
      context: 'x',
      enabled: false,
      probe: probe('S'),
      latencyMs: 1,
      disabledChecks: checks,
      nodes,
      nextCheckAt: null,
    });
    checks.pop();
    expect(s.disabledChecks).toHaveLength(4);
    expect(s.nodes).toBeNull();
    expect(s.state).toBe('Unknown');
  });
});
