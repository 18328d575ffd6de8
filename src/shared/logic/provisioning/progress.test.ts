import { describe, expect, it } from 'vitest';
import type { ProvisioningPhase, ProvisioningStage } from '../../domain/provisioning';
import { detectPhase } from './phase';
import type { ProgressState } from './progress';
import { estimateProgress, estimateStageProgress, nextProgress, PHASE_BASE_PROGRESS } from './progress';
import type { PhaseReading, ProgressDetail } from './reading';
import { readProvisioningObject } from './resource';
import { STAGE_ORDER } from './stages';

const reading = (
  phase: ProvisioningPhase,
  detail: ProgressDetail = {},
  stage?: ProvisioningStage,
): PhaseReading => ({
  phase,
  ...(stage === undefined ? {} : { stage }),
  summary: '',
  decidedBy: { source: 'none', name: 'test' },
  detail,
});

describe('estimateProgress: the base of each phase (seed: 5/25/50/75/90/100)', () => {
  it.each([
    ['Initializing', 5],
    ['Provisioning', 25],
    ['Bootstrapping', 50],
    ['Scaling', 75],
    ['Installing', 90],
    ['Ready', 100],
    ['Unknown', 0],
    ['Deleting', 5],
  ] as const)('%s starts at %i', (phase, expected) => {
    expect(estimateProgress(reading(phase))).toBe(expected);
    expect(PHASE_BASE_PROGRESS[phase]).toBe(expected);
  });

  it('Failed stays at the stage it failed in', () => {
    expect(estimateProgress(reading('Failed', {}, 'Bootstrapping'))).toBe(50);
    expect(estimateProgress(reading('Failed', { services: { ready: 1, total: 2 } }, 'Installing'))).toBe(94);
    expect(estimateProgress(reading('Failed'))).toBe(0);
  });
});

describe('estimateProgress: refined by conditions within a phase', () => {
  it('Initializing by pre-flight checks passed', () => {
    expect(estimateProgress(reading('Initializing', { preflight: { done: 0, total: 4 } }))).toBe(5);
    expect(estimateProgress(reading('Initializing', { preflight: { done: 2, total: 4 } }))).toBe(14);
    expect(estimateProgress(reading('Initializing', { preflight: { done: 3, total: 4 } }))).toBe(19);
  });

  it('Bootstrapping by control-plane initialisation and replicas', () => {
    expect(estimateProgress(reading('Bootstrapping', { controlPlaneInitialized: true }))).toBe(62);
    expect(
      estimateProgress(reading('Bootstrapping', { controlPlaneReplicas: { ready: 1, desired: 3 } })),
    ).toBe(58);
    expect(
      estimateProgress(
        reading('Bootstrapping', {
          controlPlaneInitialized: true,
          controlPlaneReplicas: { ready: 3, desired: 3 },
        }),
      ),
    ).toBe(74);
  });

  it('Scaling by workers available', () => {
    expect(estimateProgress(reading('Scaling', { workerReplicas: { ready: 1, desired: 3 } }))).toBe(79);
    expect(estimateProgress(reading('Scaling', { workerReplicas: { ready: 3, desired: 3 } }))).toBe(89);
  });

  it('Installing by services n/m, never reaching 100 before Ready', () => {
    expect(estimateProgress(reading('Installing', { services: { ready: 0, total: 0 } }))).toBe(90);
    expect(estimateProgress(reading('Installing', { services: { ready: 1, total: 3 } }))).toBe(93);
    expect(estimateProgress(reading('Installing', { services: { ready: 3, total: 3 } }))).toBe(99);
  });

  it('no refinement ever leaves its band (property over fractions)', () => {
    for (const stage of STAGE_ORDER) {
      const next = STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1];
      const top = (next === undefined ? 100 : PHASE_BASE_PROGRESS[next]) - 1;
      for (let ready = 0; ready <= 12; ready += 1) {
        const count = { ready, desired: 10 };
        const value = estimateStageProgress(stage, {
          preflight: { done: ready, total: 10 },
          controlPlaneInitialized: ready > 5,
          controlPlaneReplicas: count,
          workerReplicas: count,
          services: { ready, total: 10 },
        });
        expect(value).toBeGreaterThanOrEqual(PHASE_BASE_PROGRESS[stage]);
        expect(value).toBeLessThanOrEqual(top);
      }
    }
  });

  it('Deleting by its step', () => {
    expect(estimateProgress(reading('Deleting', { deletionStep: 'WaitingForHelmReleaseDeletion' }))).toBe(30);
    expect(estimateProgress(reading('Deleting', { deletionStep: 'DeletionCompleted' }))).toBe(100);
    expect(estimateProgress(reading('Deleting', { deletionStep: 'SomethingNew' }))).toBe(5);
  });
});

describe('nextProgress: never backwards within a phase', () => {
  it('starts from the estimate', () => {
    expect(nextProgress(undefined, reading('Scaling'))).toEqual({ phase: 'Scaling', percent: 75 });
  });

  it('keeps the highest value while the phase stays (services flapping 2/3 → 1/3)', () => {
    let state: ProgressState | undefined;
    const seen: number[] = [];
    for (const ready of [1, 2, 1, 0, 3, 2]) {
      state = nextProgress(state, reading('Installing', { services: { ready, total: 3 } }));
      seen.push(state.percent);
    }
    expect(seen).toEqual([93, 96, 96, 96, 99, 99]);
  });

  it('a new phase starts from its own estimate, even if lower (Ready → Scaling when workers are added)', () => {
    expect(nextProgress({ phase: 'Ready', percent: 100 }, reading('Scaling'))).toEqual({
      phase: 'Scaling',
      percent: 75,
    });
  });

  it('Failed keeps where provisioning stopped', () => {
    expect(nextProgress({ phase: 'Scaling', percent: 82 }, reading('Failed', {}, 'Scaling'))).toEqual({
      phase: 'Failed',
      percent: 82,
    });
    expect(nextProgress({ phase: 'Provisioning', percent: 25 }, reading('Failed', {}, 'Scaling'))).toEqual({
      phase: 'Failed',
      percent: 75,
    });
    // After Ready, failing means the estimate of the stage it is stuck in, not 100.
    expect(nextProgress({ phase: 'Ready', percent: 100 }, reading('Failed', {}, 'Provisioning'))).toEqual({
      phase: 'Failed',
      percent: 25,
    });
  });

  it('a deletion only moves forward through its steps', () => {
    let state: ProgressState | undefined;
    for (const step of [
      'WaitingForHelmReleaseDeletion',
      'WaitingForServiceSetsDeletion',
      'WaitingForCloudResourcesDeletion',
    ]) {
      state = nextProgress(state, reading('Deleting', { deletionStep: step }));
    }
    expect(state).toEqual({ phase: 'Deleting', percent: 70 });
  });
});

describe('progress over a whole k0rdent provisioning', () => {
  const T = (type: string, extra: Record<string, unknown> = {}) => ({
    type,
    status: 'True',
    reason: 'Succeeded',
    ...extra,
  });
  const F = (type: string, message: string) => ({
    type,
    status: 'False',
    reason: 'IssuesReported',
    message,
    lastTransitionTime: '2026-03-01T09:58:00Z',
  });
  const U = (type: string) => ({ type, status: 'Unknown', reason: 'Progressing' });
  const pre = [T('CredentialReady'), T('TemplateReady'), T('HelmChartReady'), T('HelmReleaseReady')];
  const steps = [
    [U('CredentialReady'), U('TemplateReady'), U('HelmChartReady'), U('HelmReleaseReady'), U('Ready')],
    [T('CredentialReady'), T('TemplateReady'), U('HelmChartReady'), U('HelmReleaseReady'), U('Ready')],
    [...pre, U('Ready')],
    [...pre, F('CAPIClusterSummary', '* InfrastructureReady: virtualnetworks creating or updating')],
    [...pre, F('CAPIClusterSummary', '* ControlPlaneInitialized: Control plane not yet initialized')],
    [...pre, F('CAPIClusterSummary', '* WorkersAvailable: 0 available replicas, at least 2 required')],
    [...pre, T('CAPIClusterSummary'), { type: 'ServicesInReadyState', status: 'False', message: '0/2' }],
    [...pre, T('CAPIClusterSummary'), { type: 'ServicesInReadyState', status: 'False', message: '1/2' }],
    [...pre, T('CAPIClusterSummary'), T('ServicesInReadyState', { message: '2/2' }), T('Ready')],
  ];

  it('walks the phases in order and the bar only goes up, ending at 100', () => {
    let state: ProgressState | undefined;
    const trail: Array<[string, number]> = [];
    for (const conditions of steps) {
      const read = readProvisioningObject({
        apiVersion: 'k0rdent.mirantis.com/v1beta1',
        kind: 'ClusterDeployment',
        metadata: { name: 'dev', namespace: 'kcm-system' },
        status: { conditions },
      });
      if (!read.ok) throw new Error(read.error);
      state = nextProgress(state, detectPhase(read.object, { nowMs: Date.parse('2026-03-01T10:00:00Z') }));
      trail.push([state.phase, state.percent]);
    }
    expect(trail).toEqual([
      ['Initializing', 5],
      ['Initializing', 14],
      ['Provisioning', 25],
      ['Provisioning', 25],
      ['Bootstrapping', 50],
      ['Scaling', 75],
      ['Installing', 90],
      ['Installing', 94],
      ['Ready', 100],
    ]);
    const percents = trail.map(([, p]) => p);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });
});
