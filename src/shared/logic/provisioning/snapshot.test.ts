import { describe, expect, it } from 'vitest';
import type { ProvisioningSnapshot, SignificantEvent } from '../../domain/provisioning';
import { ProvisioningSnapshotSchema } from '../../domain/provisioning';
import { initialRateLimiterState, offerUpdate } from './rateLimit';
import { buildProvisioningSnapshot, DEFAULT_TIMEOUT_WARNING_MS, DEFAULT_WATCH_TIMEOUT_MS } from './snapshot';
import type { SnapshotInput } from './snapshot';

const CREATED = Date.parse('2026-03-01T10:00:00Z');
const minutes = (m: number): number => CREATED + m * 60_000;

const installing = {
  apiVersion: 'k0rdent.mirantis.com/v1beta1',
  kind: 'ClusterDeployment',
  metadata: { name: 'dev', namespace: 'kcm-system', creationTimestamp: new Date(CREATED).toISOString() },
  status: {
    conditions: [
      { type: 'CredentialReady', status: 'True' },
      { type: 'TemplateReady', status: 'True' },
      { type: 'HelmChartReady', status: 'True' },
      { type: 'HelmReleaseReady', status: 'True' },
      { type: 'CAPIClusterSummary', status: 'True', reason: 'InfoReported' },
      { type: 'ServicesInReadyState', status: 'False', reason: 'Failed', message: '1/2' },
      { type: 'Ready', status: 'False', reason: 'Progressing', message: '1/2 Services are ready.' },
    ],
    services: [
      {
        type: 'Helm',
        name: 'ingress-nginx',
        namespace: 'ingress-nginx',
        template: 'ingress-nginx-4-11-3',
        state: 'Deployed',
      },
      {
        type: 'Helm',
        name: 'kyverno',
        namespace: 'kyverno',
        template: 'kyverno-3-2-6',
        state: 'Provisioning',
      },
    ],
  },
};

const event = (i: number): SignificantEvent => ({
  at: new Date(CREATED + i * 1000).toISOString(),
  type: 'Normal',
  reason: `R${i}`,
  message: `m${i}`,
  object: { kind: 'Cluster', name: 'dev' },
  count: 1,
});

function build(input: Partial<SnapshotInput> = {}): ProvisioningSnapshot {
  const result = buildProvisioningSnapshot({
    context: 'kind-mgmt',
    object: installing,
    nowMs: minutes(12),
    ...input,
  });
  if (!result.ok) throw new Error(result.error);
  return result.snapshot;
}

describe('buildProvisioningSnapshot', () => {
  it('builds a valid snapshot with phase, progress, services and events', () => {
    const snapshot = build({ events: [event(1), event(2)] });
    expect(ProvisioningSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      kind: 'ClusterDeployment',
      context: 'kind-mgmt',
      namespace: 'kcm-system',
      name: 'dev',
      apiVersion: 'k0rdent.mirantis.com/v1beta1',
      phase: 'Installing',
      progress: 94,
      summary: '1/2 services ready',
      decidedBy: { source: 'condition', name: 'ServicesInReadyState', reason: 'Failed' },
      servicesTally: { ready: 1, total: 2, failed: 0, conflicts: 0 },
      startedAt: '2026-03-01T10:00:00.000Z',
      elapsedMs: 12 * 60_000,
      observedAt: new Date(minutes(12)).toISOString(),
      timeoutWarning: false,
      timedOut: false,
      terminal: false,
      deleted: false,
    });
    expect(snapshot.services.map((s) => [s.name, s.health])).toEqual([
      ['ingress-nginx', 'healthy'],
      ['kyverno', 'progressing'],
    ]);
    expect(snapshot.conditions).toHaveLength(7);
    expect(snapshot.events.map((e) => e.reason)).toEqual(['R1', 'R2']);
  });

  it('carries progress so it never goes back within the phase', () => {
    const result = buildProvisioningSnapshot({
      context: 'c',
      object: installing,
      nowMs: minutes(12),
      previous: { phase: 'Installing', percent: 97 },
    });
    expect(result.ok && [result.snapshot.progress, result.progress]).toEqual([
      97,
      { phase: 'Installing', percent: 97 },
    ]);
  });

  it('startedAt: the creation time by default, the caller’s when given, else now', () => {
    expect(build({ startedAtMs: minutes(2) })).toMatchObject({
      startedAt: new Date(minutes(2)).toISOString(),
      elapsedMs: 10 * 60_000,
    });
    const noCreation = { ...installing, metadata: { name: 'dev', namespace: 'kcm-system' } };
    expect(build({ object: noCreation })).toMatchObject({
      startedAt: new Date(minutes(12)).toISOString(),
      elapsedMs: 0,
    });
  });

  it('warns 5 minutes before the 60-minute limit, then reports the timeout', () => {
    expect(DEFAULT_WATCH_TIMEOUT_MS).toBe(60 * 60_000);
    expect(DEFAULT_TIMEOUT_WARNING_MS).toBe(5 * 60_000);
    expect(build({ nowMs: minutes(54) })).toMatchObject({ timeoutWarning: false, timedOut: false });
    expect(build({ nowMs: minutes(55) })).toMatchObject({ timeoutWarning: true, timedOut: false });
    expect(build({ nowMs: minutes(60) })).toMatchObject({ timeoutWarning: false, timedOut: true });
    // Measured from when watching started, if the caller says so.
    expect(build({ nowMs: minutes(70), watchStartedAtMs: minutes(30) })).toMatchObject({
      timeoutWarning: false,
      timedOut: false,
    });
    expect(build({ nowMs: minutes(10), timeoutMs: 10 * 60_000, timeoutWarningMs: 60_000 })).toMatchObject({
      timedOut: true,
    });
  });

  it('a terminal cluster never warns about the timeout', () => {
    const ready = {
      ...installing,
      status: {
        conditions: [
          { type: 'CAPIClusterSummary', status: 'True' },
          { type: 'Ready', status: 'True', message: 'Object is ready' },
        ],
      },
    };
    expect(build({ object: ready, nowMs: minutes(90) })).toMatchObject({
      phase: 'Ready',
      progress: 100,
      terminal: true,
      timeoutWarning: false,
      timedOut: false,
      services: [],
      servicesTally: null,
    });
  });

  it('deleted: the watch said DELETED', () => {
    expect(build({ deleted: true, previous: { phase: 'Deleting', percent: 45 } })).toMatchObject({
      phase: 'Deleting',
      progress: 100,
      summary: 'ClusterDeployment deleted',
      decidedBy: { source: 'watch', name: 'DELETED' },
      terminal: true,
      deleted: true,
    });
  });

  it('keeps only the most recent events', () => {
    const events = Array.from({ length: 60 }, (_, i) => event(i));
    expect(build({ events }).events.map((e) => e.reason)).toEqual(events.slice(10).map((e) => e.reason));
    expect(build({ events, maxEvents: 2 }).events.map((e) => e.reason)).toEqual(['R58', 'R59']);
  });

  it('explains an object it cannot show', () => {
    expect(
      buildProvisioningSnapshot({ context: 'c', object: { kind: 'Pod', apiVersion: 'v1' }, nowMs: 0 }),
    ).toEqual({
      ok: false,
      error: 'Not a ClusterDeployment or Cluster API Cluster: v1 Pod.',
    });
  });

  it('passes the grace options to phase detection', () => {
    const stuck = {
      ...installing,
      status: {
        conditions: [
          { type: 'HelmReleaseReady', status: 'True' },
          {
            type: 'CAPIClusterSummary',
            status: 'False',
            message: '* InfrastructureReady: x',
            lastTransitionTime: new Date(minutes(0)).toISOString(),
          },
        ],
      },
    };
    expect(build({ object: stuck, nowMs: minutes(12) }).phase).toBe('Provisioning');
    expect(build({ object: stuck, nowMs: minutes(12), capiGraceMs: 10 * 60_000 }).phase).toBe('Failed');
    const bare = { ...installing, status: undefined };
    expect(build({ object: bare, nowMs: minutes(12) }).phase).toBe('Unknown');
    expect(build({ object: bare, nowMs: minutes(12), initializingGraceMs: 15 * 60_000 }).phase).toBe(
      'Initializing',
    );
  });

  it('a snapshot is what the rate limiter takes', () => {
    const first = offerUpdate(initialRateLimiterState<ProvisioningSnapshot>(), build(), minutes(12));
    expect(first.send?.phase).toBe('Installing');
    const second = offerUpdate(first.state, build({ nowMs: minutes(12) + 1_000 }), minutes(12) + 1_000);
    expect(second.send).toBeUndefined();
    expect(second.dueAt).toBe(minutes(12) + 10_000);
  });
});
