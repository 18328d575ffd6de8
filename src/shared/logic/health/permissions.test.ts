import { describe, expect, it } from 'vitest';
import { DisabledCheckSchema } from '../../domain/health';
import {
  addDenial,
  denialKey,
  denialMessage,
  disabledChecks,
  uniqueDenials,
  type PermissionDenial,
} from './permissions';

const nodes: PermissionDenial = { verb: 'list', resource: 'nodes', namespace: null };
const podsInPayments: PermissionDenial = { verb: 'list', resource: 'pods', namespace: 'payments' };
const allOn = {
  enabled: true,
  checks: { clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true },
};

describe('denials', () => {
  it('messages', () => {
    expect(denialMessage(nodes)).toBe('no permission to list nodes');
    expect(denialMessage(podsInPayments)).toBe('no permission to list pods in payments');
  });

  it('a repeated 403 is recorded once', () => {
    let known: readonly PermissionDenial[] = [];
    const results: boolean[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = addDenial(known, { ...nodes, verb: i % 2 ? 'LIST' : 'list' });
      known = r.denials;
      results.push(r.added);
    }
    expect(results).toEqual([true, false, false, false, false]);
    expect(known).toHaveLength(1);
    const r = addDenial(known, podsInPayments);
    expect(r.added).toBe(true);
    expect(r.denials).toHaveLength(2);
    // The input is not mutated.
    expect(known).toHaveLength(1);
  });

  it('cluster-wide and namespaced denials are different', () => {
    expect(denialKey(nodes)).not.toBe(denialKey({ ...nodes, namespace: 'x' }));
    expect(uniqueDenials([nodes, podsInPayments, { ...nodes }, podsInPayments])).toEqual([
      nodes,
      podsInPayments,
    ]);
  });
});

describe('disabledChecks', () => {
  it('none when everything is on and allowed', () => {
    expect(disabledChecks(allOn, [])).toEqual([]);
  });

  it('switched off in settings', () => {
    const out = disabledChecks({ enabled: true, checks: { ...allOn.checks, nodeStatus: false } }, []);
    expect(out).toEqual([
      { check: 'nodeStatus', reason: 'settings', message: 'node status is switched off in settings' },
    ]);
    for (const d of out) DisabledCheckSchema.parse(d);
  });

  it('forbidden cluster-wide switches the check off; namespaced does not', () => {
    expect(disabledChecks(allOn, [nodes, podsInPayments])).toEqual([
      { check: 'nodeStatus', reason: 'forbidden', message: 'no permission to list nodes' },
    ]);
    expect(
      disabledChecks(allOn, [{ verb: 'list', resource: 'events.events.k8s.io', namespace: null }])[0]?.check,
    ).toBe('eventsOnFailure');
  });

  it('settings win over forbidden; monitoring off disables all four', () => {
    expect(
      disabledChecks({ enabled: true, checks: { ...allOn.checks, nodeStatus: false } }, [nodes])[0]?.reason,
    ).toBe('settings');
    const off = disabledChecks({ ...allOn, enabled: false }, [nodes]);
    expect(off.map((d) => d.check)).toEqual(['clusterInfo', 'podStatus', 'nodeStatus', 'eventsOnFailure']);
    expect(off.every((d) => d.reason === 'monitoring-off')).toBe(true);
  });
});
