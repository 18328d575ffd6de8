import { describe, expect, it } from 'vitest';
import { readKubeEvent, type KubeEvent } from '../../../shared/logic/provisioning';
import { objectKey, slimProvisioningObject, TrackedObject } from './trackedObject';

const NOW = Date.parse('2026-01-01T10:00:00Z');

function cd(rv: string, conditions: object[] = []): Record<string, unknown> {
  return slimProvisioningObject({
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    kind: 'ClusterDeployment',
    metadata: {
      name: 'dev',
      namespace: 'kcm-system',
      resourceVersion: rv,
      creationTimestamp: new Date(NOW - 60_000).toISOString(),
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: { template: 'aws-standalone-cp-1-0-0' },
    status: { conditions },
  })!;
}

function event(reason: string, message: string, atMs: number, uid = reason): KubeEvent {
  return readKubeEvent({
    metadata: { uid, namespace: 'kcm-system' },
    involvedObject: { kind: 'ClusterDeployment', name: 'dev', namespace: 'kcm-system' },
    type: 'Normal',
    reason,
    message,
    lastTimestamp: new Date(atMs).toISOString(),
    count: 1,
  })!;
}

const cond = (type: string, status: string, reason = '', message = '') => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: new Date(NOW - 30_000).toISOString(),
});

describe('TrackedObject', () => {
  it('keeps identity and status, drops spec and managedFields', () => {
    const slim = cd('1');
    expect(slim).not.toHaveProperty('spec');
    expect((slim.metadata as Record<string, unknown>).managedFields).toBeUndefined();
    expect(objectKey('ClusterDeployment', 'kcm-system', 'dev')).toBe('ClusterDeployment/kcm-system/dev');
  });

  it('builds a snapshot, skips an update with the same resourceVersion, follows a new one', () => {
    const t = new TrackedObject('ctx', 'ClusterDeployment', 'kcm-system', 'dev', cd('1'));
    const first = t.snapshot(NOW);
    expect(first).toMatchObject({ context: 'ctx', name: 'dev', phase: 'Initializing', terminal: false });
    expect(t.update(cd('1'), NOW)).toBeUndefined();
    const ready = t.update(
      cd('2', [
        cond('Ready', 'True', 'Succeeded', 'Object is ready'),
        cond('CAPIClusterSummary', 'True', 'InfoReported'),
      ]),
      NOW,
    );
    expect(ready).toMatchObject({ phase: 'Ready', progress: 100, terminal: true });
  });

  it('admits a significant event once (a relist delivers it again) and keeps time order', () => {
    const t = new TrackedObject('ctx', 'ClusterDeployment', 'kcm-system', 'dev', cd('1'));
    const later = event('CAPIClusterIsReady', 'Cluster has been provisioned', NOW - 1_000);
    const earlier = event(
      'HelmReleaseCreated',
      'Successfully created HelmRelease kcm-system/dev',
      NOW - 50_000,
    );
    expect(t.offerEvent(later, {}, NOW)?.events.map((e) => e.reason)).toEqual(['CAPIClusterIsReady']);
    expect(t.offerEvent(later, {}, NOW)).toBeUndefined();
    expect(t.offerEvent(earlier, {}, NOW)?.events.map((e) => e.reason)).toEqual([
      'HelmReleaseCreated',
      'CAPIClusterIsReady',
    ]);
  });

  it('ignores events about another cluster', () => {
    const t = new TrackedObject('ctx', 'ClusterDeployment', 'kcm-system', 'dev', cd('1'));
    const other = readKubeEvent({
      metadata: { uid: 'x', namespace: 'kcm-system' },
      involvedObject: { kind: 'ClusterDeployment', name: 'prod', namespace: 'kcm-system' },
      type: 'Warning',
      reason: 'CredentialNotReady',
      message: 'Credential kcm-system/aws is not ready',
      lastTimestamp: new Date(NOW).toISOString(),
    })!;
    expect(t.offerEvent(other, { siblingNames: ['prod'] }, NOW)).toBeUndefined();
  });

  it('a deletion gives a final, terminal "deleted" snapshot', () => {
    const t = new TrackedObject('ctx', 'ClusterDeployment', 'kcm-system', 'dev', cd('1'));
    t.snapshot(NOW);
    const s = t.markDeleted(NOW + 1_000);
    expect(s).toMatchObject({ deleted: true, terminal: true, phase: 'Deleting' });
    expect(t.isDeleted).toBe(true);
  });
});
