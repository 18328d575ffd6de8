import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '../../../shared/domain/forward';
import {
  isPodServing,
  matcherFromLabelSelector,
  matcherFromRequirements,
  pickPod,
  podLeaving,
  podMeta,
  resolvePodPort,
  resolveServicePort,
} from './podPicking';

function pod(
  name: string,
  o: {
    labels?: Record<string, string>;
    ready?: boolean;
    phase?: string;
    created?: string;
    deleting?: boolean;
    ports?: { name?: string; containerPort: number }[];
  } = {},
) {
  return {
    metadata: {
      name,
      namespace: 'ns',
      labels: o.labels ?? { app: 'api' },
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:10:00Z' } : {}),
    },
    spec: { containers: [{ name: 'c', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}
const api = matcherFromLabelSelector({ app: 'api' }, true)!;

describe('isPodServing', () => {
  it('is Running, Ready and not terminating', () => {
    expect(isPodServing(pod('a'))).toBe(true);
    expect(isPodServing(pod('a', { ready: false }))).toBe(false);
    expect(isPodServing(pod('a', { phase: 'Pending' }))).toBe(false);
    expect(isPodServing(pod('a', { deleting: true }))).toBe(false);
    expect(isPodServing(null)).toBe(false);
  });
});

describe('pickPod', () => {
  it('keeps the current pod while it serves, else takes the newest serving match', () => {
    const pods = [
      pod('old', { created: '2026-01-01T00:00:00Z' }),
      pod('new', { created: '2026-01-02T00:00:00Z' }),
    ];
    expect(podMeta(pickPod(pods, { namespace: 'ns', matches: api, current: 'old' })).name).toBe('old');
    expect(podMeta(pickPod(pods, { namespace: 'ns', matches: api })).name).toBe('new');
    const rollout = [pod('old', { deleting: true }), pod('new', { created: '2026-01-02T00:00:00Z' })];
    expect(podMeta(pickPod(rollout, { namespace: 'ns', matches: api, current: 'old' })).name).toBe('new');
  });

  it('ignores other namespaces, other labels and unready pods; none → undefined', () => {
    const other = { ...pod('x'), metadata: { ...pod('x').metadata, namespace: 'elsewhere' } };
    const pods = [other, pod('y', { labels: { app: 'db' } }), pod('z', { ready: false })];
    expect(pickPod(pods, { namespace: 'ns', matches: api })).toBeUndefined();
  });
});

describe('label matchers', () => {
  it('matches parsed selector text with every operator', () => {
    const parsed = parseLabelSelector('app=api,tier!=db,env in (dev,qa),!legacy,team');
    if (!parsed.ok) throw new Error(parsed.message);
    const m = matcherFromRequirements(parsed.requirements);
    expect(m({ app: 'api', env: 'dev', team: 'x' })).toBe(true);
    expect(m({ app: 'api', env: 'dev', team: 'x', tier: 'db' })).toBe(false);
    expect(m({ app: 'api', env: 'prod', team: 'x' })).toBe(false);
    expect(m({ app: 'api', env: 'qa', team: 'x', legacy: 'yes' })).toBe(false);
    expect(m({ app: 'api', env: 'qa' })).toBe(false);
  });

  it('matches a Deployment LabelSelector with matchExpressions; an empty selector matches nothing', () => {
    const m = matcherFromLabelSelector({
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'track', operator: 'NotIn', values: ['canary'] },
        { key: 'gone', operator: 'DoesNotExist' },
      ],
    })!;
    expect(m({ app: 'api' })).toBe(true);
    expect(m({ app: 'api', track: 'canary' })).toBe(false);
    expect(matcherFromLabelSelector({})).toBeUndefined();
    expect(matcherFromLabelSelector({}, true)).toBeUndefined();
  });
});

describe('ports', () => {
  const service = {
    metadata: { name: 'api' },
    spec: {
      ports: [
        { name: 'web', port: 80, targetPort: 'http' },
        { name: 'admin', port: 9000, targetPort: 9001 },
        { port: 7000 },
      ],
    },
  };

  it('resolves a Service port by number or name through targetPort, named or numbered', () => {
    const p = pod('a');
    expect(resolveServicePort(service, p, 80)).toEqual({ ok: true, port: 8080 });
    expect(resolveServicePort(service, p, 'web')).toEqual({ ok: true, port: 8080 });
    expect(resolveServicePort(service, p, 'admin')).toEqual({ ok: true, port: 9001 });
    expect(resolveServicePort(service, p, 7000)).toEqual({ ok: true, port: 7000 });
  });

  it('explains a Service port that does not exist, listing the ones that do', () => {
    const r = resolveServicePort(service, pod('a'), 81);
    expect(r).toEqual({
      ok: false,
      message: 'Service api has no port 81; its ports: web (80), admin (9000), 7000',
    });
  });

  it('resolves named container ports on the pod', () => {
    expect(resolvePodPort(pod('a'), 'http')).toEqual({ ok: true, port: 8080 });
    expect(resolvePodPort(pod('a'), 5432)).toEqual({ ok: true, port: 5432 });
    expect(resolvePodPort(pod('a'), 'grpc')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no container port named "grpc"/),
    });
  });
});

describe('podLeaving', () => {
  it('says why the pod a tunnel goes to is leaving: deleted, being deleted, not ready', () => {
    const others = [pod('b'), { ...pod('a'), metadata: { ...pod('a').metadata, namespace: 'other' } }];
    expect(podLeaving(others, 'ns', 'a')).toBe('pod a was deleted');
    expect(podLeaving([pod('a', { deleting: true })], 'ns', 'a')).toBe('pod a is being deleted');
    expect(podLeaving([pod('a', { ready: false })], 'ns', 'a')).toBe(
      'pod a is not running and ready any more',
    );
    expect(podLeaving([pod('a', { phase: 'Failed' })], 'ns', 'a')).toBe(
      'pod a is not running and ready any more',
    );
  });

  it("an empty view is an answer: a Deployment's only pod force-deleted leaves no pod at all", () => {
    expect(podLeaving([], 'ns', 'a')).toBe('pod a was deleted');
  });

  it('null while the pod serves, or with no view (no synced informer covers the namespace)', () => {
    expect(podLeaving([pod('a'), pod('b')], 'ns', 'a')).toBeNull();
    expect(podLeaving(null, 'ns', 'a')).toBeNull();
  });
});
