import { describe, expect, it } from 'vitest';
import type { SignificantEvent } from '../../domain/provisioning';
import { detectPhase } from './phase';
import { readProvisioningObject } from './resource';
import type { ProvisioningObject } from './resource';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();

type RawCondition = Record<string, unknown>;
const T = (type: string, extra: RawCondition = {}): RawCondition => ({
  type,
  status: 'True',
  reason: 'Succeeded',
  ...extra,
});
const F = (type: string, message?: string, extra: RawCondition = {}): RawCondition => ({
  type,
  status: 'False',
  ...(message === undefined ? {} : { message }),
  ...extra,
});
const U = (type: string, extra: RawCondition = {}): RawCondition => ({
  type,
  status: 'Unknown',
  reason: 'Progressing',
  ...extra,
});

function read(raw: unknown): ProvisioningObject {
  const result = readProvisioningObject(raw);
  if (!result.ok) throw new Error(result.error);
  return result.object;
}

/** A ClusterDeployment with these conditions (and extra status / metadata). */
function cd(
  conditions: RawCondition[],
  status: RawCondition = {},
  metadata: RawCondition = {},
): ProvisioningObject {
  return read({
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    kind: 'ClusterDeployment',
    metadata: { name: 'dev', namespace: 'kcm-system', ...metadata },
    status: { conditions, ...status },
  });
}

/** A CAPI Cluster with this status. */
function capi(
  status: RawCondition | undefined,
  metadata: RawCondition = {},
  apiVersion = 'cluster.x-k8s.io/v1beta1',
): ProvisioningObject {
  return read({
    apiVersion,
    kind: 'Cluster',
    metadata: { name: 'dev', namespace: 'kcm-system', ...metadata },
    ...(status === undefined ? {} : { status }),
  });
}

const PREFLIGHT_OK = [
  T('CredentialReady'),
  T('TemplateReady'),
  T('HelmChartReady'),
  T('HelmReleaseReady', { reason: 'InstallSucceeded' }),
];
const capiSummary = (message: string, minutes = 5): RawCondition =>
  F('CAPIClusterSummary', message, { reason: 'IssuesReported', lastTransitionTime: ago(minutes) });
const progressingReady = (message = ''): RawCondition => F('Ready', message, { reason: 'Progressing' });

describe('detectPhase: k0rdent ClusterDeployment, one case per phase', () => {
  it('Initializing: the first reconcile sets everything Unknown/Progressing', () => {
    const reading = detectPhase(
      cd([U('CredentialReady'), U('HelmReleaseReady'), U('HelmChartReady'), U('TemplateReady'), U('Ready')]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Initializing', stage: 'Initializing' });
    expect(reading.decidedBy).toEqual({
      source: 'condition',
      name: 'CredentialReady',
      reason: 'Progressing',
    });
    expect(reading.detail.preflight).toEqual({ done: 0, total: 4 });
  });

  it('Initializing: pre-flight passed but the Helm release is not installed yet', () => {
    const reading = detectPhase(
      cd([
        T('CredentialReady'),
        T('TemplateReady'),
        T('HelmChartReady'),
        U('HelmReleaseReady', { message: 'Running install' }),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Initializing', summary: 'Running install' });
    expect(reading.decidedBy.name).toBe('HelmReleaseReady');
    expect(reading.detail.preflight).toEqual({ done: 3, total: 4 });
  });

  it('Provisioning: installed, no CAPI summary yet', () => {
    const reading = detectPhase(cd([...PREFLIGHT_OK, U('Ready')]), { nowMs: NOW });
    expect(reading).toMatchObject({ phase: 'Provisioning', decidedBy: { name: 'HelmReleaseReady' } });
  });

  it('Provisioning: the CAPI summary lists InfrastructureReady', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        capiSummary('* InfrastructureReady: group creating or updating'),
        progressingReady(),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Provisioning',
      summary: 'InfrastructureReady: group creating or updating',
    });
    expect(reading.decidedBy).toEqual({
      source: 'condition',
      name: 'CAPIClusterSummary',
      reason: 'IssuesReported',
    });
  });

  it('Bootstrapping: the earliest CAPI item wins (control plane before workers)', () => {
    const message = [
      '* ControlPlaneInitialized: Control plane not yet initialized',
      '* WorkersAvailable:',
      '  * MachineDeployment dev-md: 0 available replicas, at least 1 required',
    ].join('\n');
    const reading = detectPhase(cd([...PREFLIGHT_OK, capiSummary(message), progressingReady()]), {
      nowMs: NOW,
    });
    expect(reading.phase).toBe('Bootstrapping');
    expect(reading.summary).toBe(
      'ControlPlaneInitialized: Control plane not yet initialized; WorkersAvailable: MachineDeployment dev-md: 0 available replicas, at least 1 required',
    );
  });

  it('Bootstrapping: no remote connection yet', () => {
    const reading = detectPhase(
      cd([...PREFLIGHT_OK, capiSummary('* RemoteConnectionProbe: Remote connection not established yet')]),
      { nowMs: NOW },
    );
    expect(reading.phase).toBe('Bootstrapping');
  });

  it('Scaling: only workers are missing', () => {
    const message =
      '* WorkersAvailable:\n  * MachineDeployment dev-md: 0 available replicas, at least 1 required';
    const reading = detectPhase(cd([...PREFLIGHT_OK, capiSummary(message), progressingReady()]), {
      nowMs: NOW,
    });
    expect(reading).toMatchObject({ phase: 'Scaling', stage: 'Scaling' });
  });

  it('Installing: services 1/3 ready', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        T('CAPIClusterSummary', { reason: 'InfoReported' }),
        F('ServicesInReadyState', '1/3', { reason: 'Failed' }),
        progressingReady('1/3 Services are ready.'),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Installing', summary: '1/3 services ready' });
    expect(reading.decidedBy.name).toBe('ServicesInReadyState');
    expect(reading.detail.services).toEqual({ ready: 1, total: 3 });
  });

  it('Installing: a conflicting service is named in the summary', () => {
    const reading = detectPhase(
      cd(
        [
          ...PREFLIGHT_OK,
          T('CAPIClusterSummary'),
          F('ServicesInReadyState', '1/2'),
          progressingReady('1/2 Services are ready.'),
        ],
        {
          services: [
            {
              clusterName: 'dev',
              clusterNamespace: 'kcm-system',
              conditions: [
                { type: 'kyverno.kyverno/SveltosHelmReleaseReady', status: 'True', reason: 'Managing' },
                {
                  type: 'ingress-nginx.ingress-nginx/SveltosHelmReleaseReady',
                  status: 'False',
                  reason: 'Conflict',
                  message:
                    'Release ingress-nginx/ingress-nginx: ClusterSummary global-ingress-capi-dev managing it',
                },
              ],
            },
          ],
        },
      ),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Installing',
      summary:
        '1/2 services ready; ingress-nginx: Release ingress-nginx/ingress-nginx: ClusterSummary global-ingress-capi-dev managing it',
    });
  });

  it('Installing: counted from status.services when ServicesInReadyState is absent', () => {
    const reading = detectPhase(
      cd([...PREFLIGHT_OK, T('CAPIClusterSummary'), U('Ready')], {
        services: [
          { name: 'a', state: 'Deployed' },
          { name: 'b', state: 'Provisioning' },
          { name: 'c', state: 'Deleting' },
        ],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Installing',
      decidedBy: { source: 'status', name: 'status.services' },
    });
    expect(reading.detail.services).toEqual({ ready: 1, total: 2 });
  });

  it('Installing: everything done but Ready not True yet', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        T('CAPIClusterSummary'),
        T('ServicesInReadyState', { message: '2/2' }),
        U('Ready'),
      ]),
      {
        nowMs: NOW,
      },
    );
    expect(reading).toMatchObject({ phase: 'Installing', decidedBy: { name: 'Ready' } });
  });

  it('Ready: Ready True with everything it rolls up True', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        T('CAPIClusterSummary'),
        T('ServicesInReadyState', { message: '2/2' }),
        T('Ready', { message: 'Object is ready' }),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Ready',
      summary: 'Object is ready',
      decidedBy: { name: 'Ready' },
    });
    expect(reading.stage).toBeUndefined();
  });

  it('Failed: a credential error, at the stage it stopped', () => {
    const reading = detectPhase(
      cd([
        F('CredentialReady', 'secret aws-cred not found', { reason: 'Failed' }),
        T('TemplateReady'),
        F('Ready', 'secret aws-cred not found', { reason: 'Failed' }),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Failed',
      stage: 'Initializing',
      summary: 'secret aws-cred not found',
    });
    expect(reading.decidedBy).toEqual({ source: 'condition', name: 'CredentialReady', reason: 'Failed' });
  });

  it('Failed: the Helm install failed', () => {
    const reading = detectPhase(
      cd([
        T('CredentialReady'),
        T('TemplateReady'),
        T('HelmChartReady'),
        F('HelmReleaseReady', 'Helm install failed: timed out', { reason: 'InstallFailed' }),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Failed',
      decidedBy: { name: 'HelmReleaseReady', reason: 'InstallFailed' },
    });
  });

  it('Failed: CAPI stuck for over 30 minutes (kcm rule), stage kept', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        capiSummary('* InfrastructureReady: subnets creating or updating', 45),
        progressingReady(),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Failed', stage: 'Provisioning' });
    expect(reading.summary).toBe(
      'Cluster is not ready. Check the provider logs for more details. InfrastructureReady: subnets creating or updating',
    );
  });

  it('Failed: a Region paused', () => {
    const reading = detectPhase(
      cd([...PREFLIGHT_OK, T('Paused', { reason: 'Paused', message: 'Related Region eu is paused' })]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Failed',
      summary: 'Related Region eu is paused',
      decidedBy: { name: 'Paused' },
    });
  });

  it('Deleting: a deletionTimestamp wins even over Ready True', () => {
    const reading = detectPhase(cd([...PREFLIGHT_OK, T('Ready')], {}, { deletionTimestamp: ago(1) }), {
      nowMs: NOW,
    });
    expect(reading).toMatchObject({
      phase: 'Deleting',
      decidedBy: { source: 'metadata', name: 'metadata.deletionTimestamp' },
    });
  });

  it('Deleting: the Deleting condition names the step', () => {
    const reading = detectPhase(
      cd([
        T('Deleting', {
          reason: 'WaitingForClusterDeletion',
          message: 'waiting for the CAPI Cluster to be deleted',
        }),
        F('Ready', 'x', { reason: 'Deleting' }),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Deleting',
      summary: 'waiting for the CAPI Cluster to be deleted',
      decidedBy: { source: 'condition', name: 'Deleting', reason: 'WaitingForClusterDeletion' },
      detail: { deletionStep: 'WaitingForClusterDeletion' },
    });
  });

  it('Deleting: Ready with reason Deleting is enough', () => {
    const reading = detectPhase(cd([F('Ready', 'deletion has been requested', { reason: 'Deleting' })]), {
      nowMs: NOW,
    });
    expect(reading).toMatchObject({ phase: 'Deleting', decidedBy: { name: 'Ready', reason: 'Deleting' } });
  });
});

describe('detectPhase: k0rdent ambiguous mixes', () => {
  it('older kcm: Ready False/Failed during a normal provisioning is not Failed while recent', () => {
    const conditions = [
      ...PREFLIGHT_OK,
      F('Ready', 'InfrastructureReady: group creating or updating', {
        reason: 'Failed',
        lastTransitionTime: ago(3),
      }),
    ];
    const reading = detectPhase(cd(conditions), { nowMs: NOW });
    expect(reading).toMatchObject({ phase: 'Provisioning', decidedBy: { name: 'Ready', reason: 'Failed' } });
  });

  it('older kcm: the same Ready after 30 minutes is Failed', () => {
    const conditions = [
      ...PREFLIGHT_OK,
      F('Ready', 'InfrastructureReady: group creating or updating', {
        reason: 'Failed',
        lastTransitionTime: ago(31),
      }),
    ];
    expect(detectPhase(cd(conditions), { nowMs: NOW }).phase).toBe('Failed');
  });

  it('older kcm: Ready Failed with a recent CAPI summary warning is still provisioning', () => {
    const conditions = [
      ...PREFLIGHT_OK,
      capiSummary('* InfrastructureReady: group creating'),
      F('Ready', 'group creating', { reason: 'Failed' }),
    ];
    expect(detectPhase(cd(conditions), { nowMs: NOW }).phase).toBe('Provisioning');
  });

  it('a Ready False/Failed that nothing explains is believed', () => {
    const reading = detectPhase(cd([F('Ready', 'quota exceeded', { reason: 'Failed' })]), { nowMs: NOW });
    expect(reading).toMatchObject({
      phase: 'Failed',
      summary: 'quota exceeded',
      decidedBy: { name: 'Ready' },
    });
  });

  it('no premature Ready: Ready True but services still failing', () => {
    const reading = detectPhase(
      cd([...PREFLIGHT_OK, T('CAPIClusterSummary'), F('ServicesInReadyState', '1/2'), T('Ready')]),
      { nowMs: NOW },
    );
    expect(reading.phase).toBe('Installing');
  });

  it('no premature Ready: Ready True from an older generation', () => {
    const reading = detectPhase(
      cd(
        [...PREFLIGHT_OK, T('CAPIClusterSummary'), T('Ready', { observedGeneration: 2 })],
        {},
        { generation: 3 },
      ),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Installing',
      summary: 'Waiting for the controller to reconcile generation 3',
    });
  });

  it('no premature Ready: Ready True while the CAPI summary says workers are scaling', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        capiSummary('* WorkersAvailable: 1 available replicas, at least 3 required'),
        T('Ready'),
      ]),
      {
        nowMs: NOW,
      },
    );
    expect(reading.phase).toBe('Scaling');
  });

  it('a current Ready True without CAPI summary (older kcm) is Ready', () => {
    const reading = detectPhase(
      cd([...PREFLIGHT_OK, T('Ready')], { observedGeneration: 3 }, { generation: 3 }),
      { nowMs: NOW },
    );
    expect(reading.phase).toBe('Ready');
  });

  it('a ClusterDeployment carrying CAPI conditions directly is read like a CAPI Cluster', () => {
    const reading = detectPhase(
      cd([
        ...PREFLIGHT_OK,
        T('InfrastructureReady'),
        F('ControlPlaneInitialized', 'Control plane not yet initialized'),
        progressingReady(),
      ]),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Bootstrapping', decidedBy: { name: 'ControlPlaneInitialized' } });
  });

  it('deletion beats failure', () => {
    const reading = detectPhase(
      cd([F('CredentialReady', 'bad', { reason: 'Failed' })], {}, { deletionTimestamp: ago(0) }),
      { nowMs: NOW },
    );
    expect(reading.phase).toBe('Deleting');
  });

  it('only unknown condition types: no signal, falls back like an object without status', () => {
    expect(detectPhase(cd([T('SomethingNew')]), { nowMs: NOW }).phase).toBe('Unknown');
  });
});

describe('detectPhase: CAPI Cluster, one case per phase', () => {
  it('Initializing: phase Pending', () => {
    const reading = detectPhase(capi({ phase: 'Pending' }), { nowMs: NOW });
    expect(reading).toMatchObject({
      phase: 'Initializing',
      decidedBy: { source: 'status', name: 'status.phase', reason: 'Pending' },
    });
  });

  it('Provisioning: InfrastructureReady False', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioning',
        conditions: [
          F('Ready', 'Waiting for infrastructure', { reason: 'WaitingForInfrastructure', severity: 'Info' }),
          F('InfrastructureReady', 'VPC creating', {
            reason: 'VpcReconciliationFailed',
            severity: 'Warning',
          }),
        ],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Provisioning',
      summary: 'VPC creating: Waiting for infrastructure',
      decidedBy: { name: 'InfrastructureReady' },
    });
  });

  it('Provisioning: nothing but status.phase', () => {
    const reading = detectPhase(capi({ phase: 'Provisioning' }), { nowMs: NOW });
    expect(reading).toMatchObject({
      phase: 'Provisioning',
      decidedBy: { source: 'status', name: 'status.phase' },
    });
  });

  it('Bootstrapping: control plane initialised (v1alpha3 boolean) but not ready', () => {
    const reading = detectPhase(
      capi(
        {
          phase: 'Provisioned',
          infrastructureReady: true,
          controlPlaneInitialized: true,
          controlPlaneReady: false,
        },
        {},
        'cluster.x-k8s.io/v1alpha3',
      ),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Bootstrapping',
      decidedBy: { source: 'status', name: 'status.controlPlaneReady' },
    });
    expect(reading.detail.controlPlaneInitialized).toBe(true);
  });

  it('Scaling: v1beta2 workers not available, with replica counts', () => {
    const reading = detectPhase(
      capi(
        {
          phase: 'Provisioned',
          initialization: { infrastructureProvisioned: true, controlPlaneInitialized: true },
          controlPlane: { desiredReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
          workers: { desiredReplicas: 3, readyReplicas: 1, availableReplicas: 1 },
          conditions: [
            F('Available', '* WorkersAvailable: 1 available replicas, at least 3 required', {
              reason: 'NotAvailable',
            }),
            T('InfrastructureReady', { reason: 'Ready' }),
            T('ControlPlaneInitialized', { reason: 'Initialized' }),
            T('ControlPlaneAvailable', { reason: 'Available' }),
            F('WorkersAvailable', '1 available replicas, at least 3 required', { reason: 'NotAvailable' }),
            F('Deleting', undefined, { reason: 'NotDeleting' }),
            T('ScalingUp', {
              reason: 'ScalingUp',
              message: 'Scaling up MachineDeployment dev-md from 1 to 3 replicas',
            }),
          ],
        },
        {},
        'cluster.x-k8s.io/v1beta2',
      ),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Scaling', decidedBy: { name: 'WorkersAvailable' } });
    // Negative-polarity conditions count when True (ScalingUp), not when False (Deleting).
    expect(reading.summary).toBe(
      '1 available replicas, at least 3 required: WorkersAvailable: 1 available replicas, at least 3 required, Scaling up MachineDeployment dev-md from 1 to 3 replicas',
    );
    expect(reading.detail.workerReplicas).toEqual({ ready: 1, desired: 3 });
  });

  it('Ready: v1beta1 Ready True, both booleans true, phase Provisioned', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioned',
        infrastructureReady: true,
        controlPlaneReady: true,
        conditions: [T('Ready', { reason: undefined }), T('ControlPlaneReady'), T('InfrastructureReady')],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Ready',
      summary: 'Cluster is ready',
      decidedBy: { name: 'Ready' },
    });
  });

  it('Ready: v1beta2 Available True', () => {
    const reading = detectPhase(
      capi(
        {
          phase: 'Provisioned',
          initialization: { infrastructureProvisioned: true, controlPlaneInitialized: true },
          conditions: [
            T('Available'),
            T('InfrastructureReady'),
            T('ControlPlaneAvailable'),
            T('WorkersAvailable'),
          ],
        },
        {},
        'cluster.x-k8s.io/v1beta2',
      ),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Ready', decidedBy: { name: 'Available' } });
  });

  it('Failed: failureReason/failureMessage (v1beta1 terminal error)', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioning',
        failureReason: 'InvalidConfiguration',
        failureMessage: 'invalid region "mars-1"',
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Failed',
      summary: 'invalid region "mars-1"',
      decidedBy: { source: 'status', name: 'status.failureReason', reason: 'InvalidConfiguration' },
    });
  });

  it('Deleting: status.phase Deleting', () => {
    expect(detectPhase(capi({ phase: 'Deleting' }), { nowMs: NOW })).toMatchObject({
      phase: 'Deleting',
      decidedBy: { source: 'status', name: 'status.phase', reason: 'Deleting' },
    });
  });

  it('Deleting: v1beta2 Deleting condition with its step', () => {
    const reading = detectPhase(
      capi({
        phase: 'Deleting',
        conditions: [
          T('Deleting', { reason: 'WaitingForWorkersDeletion', message: '* MachineDeployments: dev-md' }),
        ],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({
      phase: 'Deleting',
      detail: { deletionStep: 'WaitingForWorkersDeletion' },
    });
  });
});

describe('detectPhase: CAPI ambiguous mixes', () => {
  it('no premature Ready: Ready True but controlPlaneReady missing and no control-plane condition', () => {
    const reading = detectPhase(
      capi({ phase: 'Provisioned', infrastructureReady: true, conditions: [T('Ready')] }),
      { nowMs: NOW },
    );
    expect(reading.phase).toBe('Bootstrapping');
  });

  it('no premature Ready: Ready True but the phase still says Provisioning', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioning',
        infrastructureReady: true,
        controlPlaneReady: true,
        conditions: [T('Ready')],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Scaling', summary: 'Waiting for the cluster to report Ready' });
  });

  it('no premature Ready: v1beta1 Ready True but the mirrored v1beta2 WorkersAvailable is False', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioned',
        infrastructureReady: true,
        controlPlaneReady: true,
        conditions: [T('Ready'), T('InfrastructureReady'), T('ControlPlaneReady')],
        v1beta2: { conditions: [F('WorkersAvailable', '0 available replicas')] },
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Scaling', decidedBy: { name: 'WorkersAvailable' } });
  });

  it('phase Failed wins over True conditions', () => {
    const reading = detectPhase(
      capi({
        phase: 'Failed',
        infrastructureReady: true,
        controlPlaneReady: true,
        conditions: [T('Ready'), T('ControlPlaneReady')],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Failed', summary: 'Cluster phase is Failed' });
  });

  it('deletionTimestamp wins over phase Failed', () => {
    expect(detectPhase(capi({ phase: 'Failed' }, { deletionTimestamp: ago(2) }), { nowMs: NOW }).phase).toBe(
      'Deleting',
    );
  });

  it('statuses as booleans or odd case still read', () => {
    const reading = detectPhase(
      capi({
        phase: 'Provisioned',
        conditions: [
          { type: 'InfrastructureReady', status: true },
          { type: 'ControlPlaneReady', status: 'FALSE' },
        ],
      }),
      { nowMs: NOW },
    );
    expect(reading).toMatchObject({ phase: 'Bootstrapping', decidedBy: { name: 'ControlPlaneReady' } });
  });

  it('phase Unknown and nothing else is no signal', () => {
    expect(detectPhase(capi({ phase: 'Unknown' }), { nowMs: NOW }).phase).toBe('Unknown');
  });
});

describe('detectPhase: events, then Initializing, then Unknown', () => {
  const event = (
    reason: string,
    indicates: SignificantEvent['indicates'],
    at: string,
    message = reason,
  ): SignificantEvent => ({
    at,
    type: 'Normal',
    reason,
    message,
    object: { kind: 'Cluster', name: 'dev' },
    count: 1,
    ...(indicates === undefined ? {} : { indicates }),
  });

  it('an object without status that was just created is Initializing', () => {
    const reading = detectPhase(capi(undefined, { creationTimestamp: ago(1) }), { nowMs: NOW });
    expect(reading).toMatchObject({
      phase: 'Initializing',
      decidedBy: { source: 'none', name: 'metadata.creationTimestamp' },
    });
  });

  it('the same object 10 minutes later is Unknown (the controller is not reporting)', () => {
    const reading = detectPhase(capi(undefined, { creationTimestamp: ago(10) }), { nowMs: NOW });
    expect(reading).toMatchObject({
      phase: 'Unknown',
      summary: 'No status reported (is its controller running?)',
    });
    expect(
      detectPhase(capi(undefined, { creationTimestamp: ago(10) }), {
        nowMs: NOW,
        initializingGraceMs: 15 * 60_000,
      }).phase,
    ).toBe('Initializing');
  });

  it('without conditions, the furthest milestone event decides — never Ready', () => {
    const events = [
      event('InstallSucceeded', 'Provisioning', ago(6)),
      event('InfrastructureReady', 'Bootstrapping', ago(4), 'Cluster dev InfrastructureReady is now True'),
      event('CAPIClusterIsReady', 'Installing', ago(1), 'Cluster has been provisioned'),
      event('UpgradeSucceeded', undefined, ago(0)),
    ];
    const reading = detectPhase(cd([], {}, { creationTimestamp: ago(7) }), { nowMs: NOW, events });
    expect(reading).toMatchObject({
      phase: 'Installing',
      summary: 'Cluster has been provisioned',
      decidedBy: { source: 'event', name: 'CAPIClusterIsReady' },
    });
  });

  it('conditions win over events', () => {
    const events = [event('ControlPlaneReady', 'Scaling', ago(1))];
    const reading = detectPhase(capi({ phase: 'Provisioning' }), { nowMs: NOW, events });
    expect(reading.phase).toBe('Provisioning');
  });
});
