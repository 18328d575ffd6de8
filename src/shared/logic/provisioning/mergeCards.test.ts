import { describe, expect, it } from 'vitest';
import type { ProvisioningSnapshot } from '../../domain/provisioning';
import { mergeProvisioningCards } from './mergeCards';

function snap(kind: ProvisioningSnapshot['kind'], name: string, patch: Partial<ProvisioningSnapshot> = {}) {
  return {
    kind,
    context: 'mgmt',
    namespace: 'kcm-system',
    name,
    apiVersion: kind === 'ClusterDeployment' ? 'k0rdent.mirantis.com/v1beta1' : 'cluster.x-k8s.io/v1beta1',
    phase: 'Provisioning',
    progress: 25,
    summary: '',
    decidedBy: { source: 'condition', name: 'Ready' },
    conditions: [],
    services: [],
    servicesTally: null,
    events: [],
    startedAt: '2026-12-06T08:00:00Z',
    elapsedMs: 0,
    observedAt: '2026-12-06T08:01:00Z',
    timeoutWarning: false,
    timedOut: false,
    terminal: false,
    deleted: false,
    ...patch,
  } as ProvisioningSnapshot;
}

describe('mergeProvisioningCards', () => {
  it('a ClusterDeployment and its Cluster API Cluster are one card, the ClusterDeployment first', () => {
    const capi = snap('CAPICluster', 'prod', { phase: 'Provisioning', progress: 25 });
    const cd = snap('ClusterDeployment', 'prod', { phase: 'Failed', summary: 'the Credential is not ready' });
    const cards = mergeProvisioningCards([capi, cd]);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.primary).toBe(cd);
    expect(cards[0]!.sources).toEqual([capi]);
  });

  it('never merges across names, namespaces or management clusters', () => {
    const cards = mergeProvisioningCards([
      snap('ClusterDeployment', 'a'),
      snap('CAPICluster', 'b'),
      snap('CAPICluster', 'a', { namespace: 'other' }),
      snap('CAPICluster', 'a', { context: 'mgmt-2' }),
    ]);
    expect(cards.map((c) => [c.primary.kind, c.primary.name, c.sources.length])).toEqual([
      ['ClusterDeployment', 'a', 0],
      ['CAPICluster', 'b', 0],
      ['CAPICluster', 'a', 0],
      ['CAPICluster', 'a', 0],
    ]);
  });

  it('a Cluster API Cluster alone keeps its card', () => {
    const capi = snap('CAPICluster', 'solo');
    expect(mergeProvisioningCards([capi])).toEqual([{ primary: capi, sources: [] }]);
  });
});
