import { describe, expect, it } from 'vitest';
import {
  ConditionStatusSchema,
  ProvisioningPhaseSchema,
  ProvisioningSnapshotSchema,
  ProvisioningStageSchema,
  SignificantEventSchema,
} from './provisioning';
import type { ProvisioningSnapshot } from './provisioning';

const snapshot: ProvisioningSnapshot = {
  kind: 'CAPICluster',
  context: 'kind-mgmt',
  namespace: 'default',
  name: 'dev',
  apiVersion: 'cluster.x-k8s.io/v1beta1',
  phase: 'Bootstrapping',
  progress: 50,
  summary: 'Waiting for control plane',
  decidedBy: {
    source: 'condition',
    name: 'ControlPlaneInitialized',
    reason: 'WaitingForControlPlaneProviderInitialized',
  },
  conditions: [{ type: 'InfrastructureReady', status: 'True' }],
  services: [],
  servicesTally: null,
  events: [],
  startedAt: '2026-03-01T10:00:00.000Z',
  elapsedMs: 0,
  observedAt: '2026-03-01T10:00:00.000Z',
  timeoutWarning: false,
  timedOut: false,
  terminal: false,
  deleted: false,
};

describe('provisioning domain schemas', () => {
  it('the phases, in walking order, with Unknown first', () => {
    expect(ProvisioningPhaseSchema.options).toEqual([
      'Unknown',
      'Initializing',
      'Provisioning',
      'Bootstrapping',
      'Scaling',
      'Installing',
      'Ready',
      'Failed',
      'Deleting',
    ]);
    expect(ProvisioningStageSchema.options).toEqual([
      'Initializing',
      'Provisioning',
      'Bootstrapping',
      'Scaling',
      'Installing',
    ]);
    expect(ConditionStatusSchema.options).toEqual(['True', 'False', 'Unknown']);
  });

  it('a snapshot survives a JSON round trip (the IPC/WebSocket contract)', () => {
    expect(ProvisioningSnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('rejects what the UI could not render', () => {
    expect(ProvisioningSnapshotSchema.safeParse({ ...snapshot, progress: 101 }).success).toBe(false);
    expect(ProvisioningSnapshotSchema.safeParse({ ...snapshot, progress: 50.5 }).success).toBe(false);
    expect(ProvisioningSnapshotSchema.safeParse({ ...snapshot, phase: 'Done' }).success).toBe(false);
    expect(ProvisioningSnapshotSchema.safeParse({ ...snapshot, kind: 'Cluster' }).success).toBe(false);
    expect(
      SignificantEventSchema.safeParse({
        at: 'x',
        type: 'Error',
        reason: 'r',
        message: '',
        object: { name: 'n' },
        count: 1,
      }).success,
    ).toBe(false);
  });
});
