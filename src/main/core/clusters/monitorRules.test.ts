import { describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../../shared/logic/health';
import {
  currentListError,
  FAST_FAIL_BACKOFF_CAP_MS,
  forbiddenList,
  hostOf,
  informerKey,
  notWatched,
  plannedInformers,
  probeDelayMs,
  sameList,
  sharedEventLimits,
} from './monitorRules';

const scoped: AccessPlan = {
  pods: { scope: 'namespaces', namespaces: ['web', 'api'], refused: ['secret'] },
  nodes: { scope: 'off', why: 'forbidden', message: 'no permission to list nodes' },
  events: { scope: 'cluster' },
};

describe('cluster monitor rules', () => {
  it('plannedInformers: one per namespace where scoped, one cluster-wide, none when off', () => {
    expect([...plannedInformers(scoped).keys()]).toEqual(['pods@web', 'pods@api', 'events']);
    expect(plannedInformers(scoped).get('pods@api')).toEqual({ check: 'pods', namespace: 'api' });
    expect(informerKey('nodes', null)).toBe('nodes');
  });

  it('sharedEventLimits: the whole bound for one store, shared out with a floor for many', () => {
    const limits = { maxNormal: 1000, maxWarnings: 4000 };
    expect(sharedEventLimits(limits, 1)).toBe(limits);
    expect(sharedEventLimits(limits, 4)).toEqual({ maxNormal: 250, maxWarnings: 1000 });
    expect(sharedEventLimits(limits, 100)).toEqual({ maxNormal: 100, maxWarnings: 400 });
    expect(sharedEventLimits({ maxNormal: 50, maxWarnings: 200 }, 10)).toEqual({
      maxNormal: 50,
      maxWarnings: 200,
    });
  });

  it('forbiddenList: a check off for lack of access, or a refused namespace, in both voices', () => {
    expect(forbiddenList(null, 'pods', undefined, 'alice', undefined)).toBeNull();
    expect(forbiddenList(scoped, 'nodes', undefined, undefined, 'nodes is forbidden: said so')).toEqual({
      message: 'no permission to list nodes',
      serverMessage: 'nodes is forbidden: said so',
    });
    expect(forbiddenList(scoped, 'nodes', undefined, 'alice', undefined)?.serverMessage).toMatch(/alice/);
    expect(forbiddenList(scoped, 'pods', 'secret', 'alice', undefined)).toMatchObject({
      message: 'no permission to list pods in secret',
      serverMessage: expect.stringContaining('"secret"'),
    });
    expect(forbiddenList(scoped, 'pods', 'web', 'alice', undefined)).toBeNull();
    expect(forbiddenList(scoped, 'events', undefined, 'alice', undefined)).toBeNull();
  });

  it('notWatched: only a namespace outside the chosen and the refused, when watched per namespace', () => {
    expect(notWatched(scoped, 'dev', 'pods', 'other')).toMatch(
      /other is not watched: .*\(web, api\).*tether cluster namespaces dev add other/,
    );
    expect(notWatched(scoped, 'dev', 'pods', 'web')).toBeNull();
    expect(notWatched(scoped, 'dev', 'pods', 'secret')).toBeNull();
    expect(notWatched(scoped, 'dev', 'events', 'other')).toBeNull();
    expect(notWatched(scoped, 'dev', 'pods', undefined)).toBeNull();
  });

  it('currentListError: a failure the probe answered through since is stale, credentials never', () => {
    const broken = { error: { kind: 'unreachable', message: 'refused' } as never, at: 100 };
    expect(currentListError(undefined, 50)).toBeNull();
    expect(currentListError(broken, 50)).toBe(broken.error);
    expect(currentListError(broken, null)).toBe(broken.error);
    expect(currentListError(broken, 150)).toBeNull();
    const creds = { error: { kind: 'credentials', message: 'rejected' } as never, at: 100 };
    expect(currentListError(creds, 150)).toBe(creds.error);
  });

  it('probeDelayMs: short while Unhealthy from a refused connection, the full backoff otherwise', () => {
    const r = () => 1;
    expect(probeDelayMs(30_000, 'Unhealthy', 'unreachable', r)).toBe(FAST_FAIL_BACKOFF_CAP_MS + 500);
    expect(probeDelayMs(30_000, 'Unhealthy', 'server-error', () => 0)).toBe(FAST_FAIL_BACKOFF_CAP_MS);
    expect(probeDelayMs(1_000, 'Unhealthy', 'proxy-unreachable', r)).toBe(1_000);
    expect(probeDelayMs(30_000, 'Unhealthy', 'timeout', r)).toBe(30_000);
    expect(probeDelayMs(30_000, 'Degraded', 'unreachable', r)).toBe(30_000);
  });

  it('sameList and hostOf', () => {
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameList([], ['a'])).toBe(false);
    expect(hostOf('https://10.0.0.1:6443/path')).toBe('10.0.0.1:6443');
    expect(hostOf('not a url')).toBe('not a url');
  });
});
