import { describe, expect, it } from 'vitest';
import {
  ClusterSummarySchema,
  EventSummarySchema,
  HealthReasonSchema,
  HealthStateSchema,
  HistorySampleSchema,
  PodSummarySchema,
  healthStateRank,
  severityRank,
  type ClusterSummary,
  type PodSummary,
} from './health';

const summary: ClusterSummary = {
  context: 'kind-dev',
  state: 'Degraded',
  reasons: [
    { code: 'nodes-not-ready', severity: 'warning', message: '2 of 5 nodes NotReady', detail: 'n1, n2' },
    {
      code: 'permission-denied',
      severity: 'info',
      message: 'no permission to list nodes',
      since: 1_700_000_000_000,
    },
  ],
  connectivity: 'forbidden-partially',
  lastCheckAt: 1_700_000_000_000,
  lastSuccessAt: 1_700_000_000_000,
  latencyMs: 14.2,
  nodes: { total: 5, ready: 3, notReady: 2, pressure: 0 },
  pods: { total: 20, running: 18, ready: 17, pending: 1, failed: 1, crashLooping: 1, restarts: 9 },
  warningsLast5m: 3,
  disabledChecks: [{ check: 'nodeStatus', reason: 'forbidden', message: 'no permission to list nodes' }],
  nextCheckAt: 1_700_000_030_000,
};

const pod: PodSummary = {
  namespace: 'payments',
  name: 'payments-7f9',
  phase: 'Running',
  ready: '0/1',
  status: 'OOMKilled',
  restarts: 4,
  lastRestartAt: 1_700_000_100_000,
  ip: '10.0.0.7',
  nominatedNode: null,
  readinessGates: null,
  createdAt: 1_700_000_000_000,
  startedAt: null,
  node: 'node-1',
  reason: 'OOMKilled',
  message: null,
  containers: [
    {
      name: 'app',
      init: false,
      ready: false,
      restartCount: 4,
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      message: 'back-off 40s',
      exitCode: null,
      lastState: {
        state: 'terminated',
        reason: 'OOMKilled',
        message: null,
        exitCode: 137,
        finishedAt: 1_700_000_000_000,
      },
    },
  ],
};

describe('health domain schemas', () => {
  it('the four states', () => {
    expect(HealthStateSchema.options).toEqual(['Healthy', 'Degraded', 'Unhealthy', 'Unknown']);
  });

  it('ranks: worse is higher, most severe sorts first', () => {
    expect(healthStateRank.Unhealthy).toBeGreaterThan(healthStateRank.Degraded);
    expect(healthStateRank.Degraded).toBeGreaterThan(healthStateRank.Unknown);
    expect(healthStateRank.Unknown).toBeGreaterThan(healthStateRank.Healthy);
    expect(severityRank.critical).toBeLessThan(severityRank.warning);
    expect(severityRank.warning).toBeLessThan(severityRank.info);
  });

  it('a full ClusterSummary round-trips through JSON', () => {
    expect(ClusterSummarySchema.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
  });

  it('nullable parts', () => {
    const empty = {
      ...summary,
      nodes: null,
      pods: null,
      lastCheckAt: null,
      lastSuccessAt: null,
      latencyMs: null,
      nextCheckAt: null,
    };
    expect(ClusterSummarySchema.parse(empty)).toEqual(empty);
  });

  it('rejects bad values', () => {
    expect(ClusterSummarySchema.safeParse({ ...summary, state: 'Sick' }).success).toBe(false);
    expect(ClusterSummarySchema.safeParse({ ...summary, connectivity: 'down' }).success).toBe(false);
    expect(ClusterSummarySchema.safeParse({ ...summary, context: '' }).success).toBe(false);
    expect(ClusterSummarySchema.safeParse({ ...summary, lastCheckAt: -1 }).success).toBe(false);
    expect(
      ClusterSummarySchema.safeParse({ ...summary, nodes: { ...summary.nodes, total: 1.5 } }).success,
    ).toBe(false);
    expect(HealthReasonSchema.safeParse({ code: 'made-up', severity: 'info', message: 'x' }).success).toBe(
      false,
    );
    expect(HealthReasonSchema.safeParse({ code: 'not-checked', severity: 'info', message: '' }).success).toBe(
      false,
    );
  });

  it('PodSummary: ready is "n/m"', () => {
    expect(PodSummarySchema.parse(pod)).toEqual(pod);
    expect(PodSummarySchema.safeParse({ ...pod, ready: '1 of 2' }).success).toBe(false);
  });

  it('EventSummary and HistorySample', () => {
    const event = {
      id: 'u1',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      object: { kind: 'Pod', namespace: 'payments', name: 'payments-7f9' },
      count: 5,
      firstSeen: 1,
      lastSeen: 2,
    };
    expect(EventSummarySchema.parse(event)).toEqual(event);
    expect(EventSummarySchema.safeParse({ ...event, count: 0 }).success).toBe(false);
    expect(EventSummarySchema.safeParse({ ...event, type: 'Error' }).success).toBe(false);
    const sample = { t: 0, latencyMs: null, podsReady: 0, podsTotal: 0, restarts: 0, warningsPerMin: 0.5 };
    expect(HistorySampleSchema.parse(sample)).toEqual(sample);
    expect(HistorySampleSchema.safeParse({ ...sample, latencyMs: -1 }).success).toBe(false);
  });
});
