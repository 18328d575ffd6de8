import { describe, expect, it } from 'vitest';
import type { KubeEvent } from './events';
import { isClusterObject, isInScope, mentionsCluster } from './eventScope';
import type { EventScope } from './eventScope';

const scope: EventScope = { name: 'dev', namespace: 'kcm-system', siblingNames: ['dev-eu', 'dev2'] };
const event = (name: string, message = '', namespace?: string): KubeEvent => ({
  type: 'Normal',
  reason: 'X',
  message,
  object: namespace === undefined ? { name } : { name, namespace },
  count: 1,
});

describe('isClusterObject', () => {
  it('the cluster itself and its children', () => {
    expect(isClusterObject('dev', scope)).toBe(true);
    expect(isClusterObject('dev-md-0-x7k2p', scope)).toBe(true);
    expect(isClusterObject('dev-cp-0', scope)).toBe(true);
  });

  it('Sveltos ClusterSummaries named <profile>-capi-<cluster>', () => {
    expect(isClusterObject('global-ingress-capi-dev', scope)).toBe(true);
    expect(isClusterObject('global-ingress-sveltos-dev', scope)).toBe(true);
    expect(isClusterObject('global-ingress-capi-dev-eu', scope)).toBe(false);
  });

  it('not a longer name, not a sibling’s children', () => {
    expect(isClusterObject('dev2', scope)).toBe(false);
    expect(isClusterObject('devops', scope)).toBe(false);
    expect(isClusterObject('dev-eu', scope)).toBe(false);
    expect(isClusterObject('dev-eu-md-0', scope)).toBe(false);
    expect(isClusterObject('kcm-dev', scope)).toBe(false);
  });
});

describe('mentionsCluster', () => {
  it('a whole-word mention, a child or a release name', () => {
    expect(mentionsCluster('Cluster dev is Provisioned', scope)).toBe(true);
    expect(mentionsCluster('release kcm-system/dev.v1', scope)).toBe(true);
    expect(mentionsCluster('Created machine "dev-md-0-abc"', scope)).toBe(true);
    expect(mentionsCluster('dev', scope)).toBe(true);
  });

  it('not inside another word or a sibling’s name', () => {
    expect(mentionsCluster('Cluster devops is Provisioned', scope)).toBe(false);
    expect(mentionsCluster('Cluster dev2 is Provisioned', scope)).toBe(false);
    expect(mentionsCluster('Cluster my-dev is Provisioned', scope)).toBe(false);
    expect(mentionsCluster('Cluster dev-eu is Provisioned', scope)).toBe(false);
    expect(mentionsCluster('', scope)).toBe(false);
  });

  it('finds a later real mention after a false one', () => {
    expect(mentionsCluster('dev-eu waits for dev', scope)).toBe(true);
  });
});

describe('isInScope', () => {
  it('by object name or message, within the namespace', () => {
    expect(isInScope(event('dev-md-0', '', 'kcm-system'), scope)).toBe(true);
    expect(isInScope(event('kcm-controller', 'reconciled dev', 'kcm-system'), scope)).toBe(true);
    expect(isInScope(event('kcm-controller', 'reconciled dev2', 'kcm-system'), scope)).toBe(false);
  });

  it('never from another namespace; an event without namespace is judged by name', () => {
    expect(isInScope(event('dev', '', 'team-b'), scope)).toBe(false);
    expect(isInScope(event('dev'), scope)).toBe(true);
    expect(isInScope(event('dev', '', 'team-b'), { name: 'dev' })).toBe(true);
  });
});
