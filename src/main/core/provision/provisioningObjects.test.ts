import { describe, expect, it } from 'vitest';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import type { KubeEvent } from '../../../shared/logic/provisioning';
import { byTime, ProvisioningObjects, sameNamespace, splitWatchKey } from './provisioningObjects';

function cd(name: string, rv: string, namespace = 'kcm-system'): Record<string, unknown> {
  return {
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    kind: 'ClusterDeployment',
    metadata: { name, namespace, resourceVersion: rv, creationTimestamp: new Date(0).toISOString() },
    status: {},
  };
}

function setup() {
  const emitted: ProvisioningSnapshot[] = [];
  const objects = new ProvisioningObjects({
    context: 'ctx',
    now: () => 1_000,
    emit: (s) => emitted.push(s),
    events: () => undefined,
  });
  return { objects, emitted };
}

describe('ProvisioningObjects', () => {
  it('a sync upserts what is listed and ends what is missing with a final snapshot', () => {
    const { objects, emitted } = setup();
    objects.sync(
      'ClusterDeployment',
      new Map([
        ['kcm-system/a', cd('a', '1')],
        ['kcm-system/b', cd('b', '1')],
      ]),
    );
    expect(objects.snapshots().map((s) => s.name)).toEqual(['a', 'b']);
    objects.sync('ClusterDeployment', new Map([['kcm-system/b', cd('b', '2')]]));
    expect(emitted.filter((s) => s.deleted).map((s) => s.name)).toEqual(['a']);
    expect(objects.snapshot('ClusterDeployment', 'kcm-system', 'a')).toMatchObject({ deleted: true });
  });

  it('a watch delete names namespace/name; a bare name is in default', () => {
    const { objects, emitted } = setup();
    objects.upsert('ClusterDeployment', cd('a', '1'));
    objects.upsert('ClusterDeployment', cd('z', '1', 'default'));
    objects.deleteByWatchKey('ClusterDeployment', 'kcm-system/a');
    objects.deleteByWatchKey('ClusterDeployment', 'z');
    expect(emitted.filter((s) => s.deleted).map((s) => s.name)).toEqual(['a', 'z']);
  });

  it('deleteWhere ends only the objects it names', () => {
    const { objects, emitted } = setup();
    objects.upsert('ClusterDeployment', cd('a', '1'));
    objects.upsert('ClusterDeployment', cd('c', '1', 'team-b'));
    objects.deleteWhere((t) => t.namespace === 'team-b');
    expect(emitted.filter((s) => s.deleted).map((s) => s.name)).toEqual(['c']);
    expect(objects.snapshot('ClusterDeployment', 'kcm-system', 'a')).toMatchObject({ deleted: false });
  });

  it('helpers: splitWatchKey, sameNamespace, byTime', () => {
    expect(splitWatchKey('ns/a')).toEqual(['ns', 'a']);
    expect(splitWatchKey('a')).toEqual(['default', 'a']);
    const ev = (ns: string | undefined, atMs?: number) =>
      ({ object: { namespace: ns }, namespace: ns, atMs }) as unknown as KubeEvent;
    expect(sameNamespace(ev('x'), 'x')).toBe(true);
    expect(sameNamespace(ev('y'), 'x')).toBe(false);
    expect(sameNamespace(ev(undefined), 'x')).toBe(true);
    expect(byTime([ev('a', 3), ev('b', 1), ev('c')]).map((e) => e.atMs)).toEqual([undefined, 1, 3]);
  });
});
