import { describe, expect, it } from 'vitest';
import { matcherFromLabelSelector } from './podPicking';
import { anyTargetPodServing, podsChanged, podStillServing } from './podView';

function pod(
  name: string,
  o: { namespace?: string; app?: string; ready?: boolean; deleting?: boolean } = {},
) {
  return {
    metadata: {
      name,
      namespace: o.namespace ?? 'ns',
      labels: { app: o.app ?? 'api' },
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:10:00Z' } : {}),
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}
const api = matcherFromLabelSelector({ app: 'api' }, true)!;

describe('podStillServing', () => {
  it('the pod seen serving → true; not ready or terminating → false', () => {
    expect(podStillServing([pod('a'), pod('b')], 'ns', 'b')).toBe(true);
    expect(podStillServing([pod('a', { ready: false })], 'ns', 'a')).toBe(false);
    expect(podStillServing([pod('a', { deleting: true })], 'ns', 'a')).toBe(false);
  });

  it('the pod missing from a view that has pods → gone (same name in another namespace does not count)', () => {
    expect(podStillServing([pod('a', { namespace: 'other' })], 'ns', 'a')).toBe(false);
  });

  it('no view (informer off, not synced or for other namespaces) → assumed serving, the API decides', () => {
    expect(podStillServing(null, 'ns', 'a')).toBe(true);
  });

  it('a view with no pods at all → gone (the only pod was deleted)', () => {
    expect(podStillServing([], 'ns', 'a')).toBe(false);
  });
});

describe('anyTargetPodServing', () => {
  it('a pod target: only that pod, serving, in the namespace', () => {
    const target = { kind: 'pod', name: 'a' } as const;
    expect(anyTargetPodServing([pod('b'), pod('a')], 'ns', target, undefined)).toBe(true);
    expect(anyTargetPodServing([pod('a', { ready: false }), pod('b')], 'ns', target, undefined)).toBe(false);
    expect(anyTargetPodServing([pod('a', { namespace: 'other' })], 'ns', target, undefined)).toBe(false);
  });

  it("a selector target: a serving pod its matcher accepts; others' labels do not count", () => {
    const target = { kind: 'selector', selector: 'app=api' } as const;
    expect(anyTargetPodServing([pod('x', { app: 'db' })], 'ns', target, api)).toBe(false);
    expect(anyTargetPodServing([pod('x', { app: 'db' }), pod('y')], 'ns', target, api)).toBe(true);
  });

  it('the matcher not known yet (no look resolved it): any serving pod in the namespace', () => {
    const target = { kind: 'service', name: 'web' } as const;
    expect(anyTargetPodServing([pod('x', { app: 'db' })], 'ns', target, undefined)).toBe(true);
    expect(anyTargetPodServing([pod('x', { ready: false })], 'ns', target, undefined)).toBe(false);
  });
});

describe('podsChanged', () => {
  const spec = { namespace: 'ns', target: { kind: 'selector', selector: 'app=api' } as const };

  it('with a tunnel: whether its pod still serves, nothing about other pods', () => {
    expect(podsChanged([pod('a', { ready: false }), pod('b')], spec, 'a', api)).toEqual({
      type: 'pods-changed',
      tunnelPodServing: false,
      anyMatchingServing: false,
    });
    expect(podsChanged([pod('a')], spec, 'a', api).tunnelPodServing).toBe(true);
  });

  it('without a tunnel: whether a pod the target matches serves', () => {
    expect(podsChanged([pod('x', { app: 'db' }), pod('y')], spec, undefined, api)).toEqual({
      type: 'pods-changed',
      tunnelPodServing: null,
      anyMatchingServing: true,
    });
    expect(podsChanged([pod('x', { app: 'db' })], spec, undefined, api).anyMatchingServing).toBe(false);
  });

  it('no view: the tunnel pod is assumed serving and no other pod is claimed to serve', () => {
    expect(podsChanged(null, spec, 'a', api).tunnelPodServing).toBe(true);
    expect(podsChanged(null, spec, undefined, api).anyMatchingServing).toBe(false);
  });
});
