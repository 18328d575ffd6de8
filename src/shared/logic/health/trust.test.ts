// The rules that keep the health model from claiming what it did not see: a context that may
// list nothing is not Healthy, a failure cause restarts its count, an API that does not answer
// has no latency.
import { describe, expect, it } from 'vitest';
import { classifyError } from './errors';
import { evaluateCluster } from './evaluate';
import { INITIAL_PROBE_HYSTERESIS, step, type ProbeHysteresis } from './hysteresis';
import { limitedAccess, type PermissionDenial } from './permissions';
import { buildClusterSummary } from './summary';

const T = { failureThreshold: 3, successThreshold: 2 };
function probe(pattern: string): ProbeHysteresis {
  let h = INITIAL_PROBE_HYSTERESIS;
  [...pattern].forEach((c, i) => {
    h = step(h, { ok: c === 'S', at: 1_000_000 + i * 1000 }, T);
  });
  return h;
}
const checks = (
  on: Partial<Record<'clusterInfo' | 'podStatus' | 'nodeStatus' | 'eventsOnFailure', boolean>>,
) => ({
  enabled: true,
  checks: { clusterInfo: true, podStatus: true, nodeStatus: true, eventsOnFailure: true, ...on },
});
const refused = (...resources: string[]): PermissionDenial[] =>
  resources.map((resource) => ({ verb: 'list', resource, namespace: null }));

describe('limitedAccess', () => {
  it('names what is refused when every content check that is on is refused', () => {
    expect(limitedAccess(checks({}), refused('pods', 'nodes', 'events'))).toEqual([
      'pods',
      'nodes',
      'events',
    ]);
    // A check switched off in settings does not count either way.
    expect(limitedAccess(checks({ nodeStatus: false }), refused('pods', 'events'))).toEqual([
      'pods',
      'events',
    ]);
  });

  it('is null when anything was seen, when nothing is on, or when the denial is in one namespace', () => {
    expect(limitedAccess(checks({}), refused('nodes', 'events'))).toBeNull();
    expect(limitedAccess(checks({}), [])).toBeNull();
    expect(
      limitedAccess(checks({ podStatus: false, nodeStatus: false, eventsOnFailure: false }), refused('pods')),
    ).toBeNull();
    expect(
      limitedAccess(checks({}), [
        { verb: 'list', resource: 'pods', namespace: 'team-a' },
        ...refused('nodes', 'events'),
      ]),
    ).toBeNull();
    expect(limitedAccess({ ...checks({}), enabled: false }, refused('pods', 'nodes', 'events'))).toBeNull();
  });
});

describe('a context that may list nothing', () => {
  it('is Unknown with "limited access", never Healthy', () => {
    const denials = refused('pods', 'nodes', 'events');
    const e = evaluateCluster({
      probe: probe('S'),
      denials,
      limitedAccess: limitedAccess(checks({}), denials),
    });
    expect(e.state).toBe('Unknown');
    expect(e.connectivity).toBe('forbidden-partially');
    expect(e.reasons[0]).toMatchObject({
      code: 'limited-access',
      message: 'limited access: may not list pods, nodes, events',
    });
  });

  it('an API that stops answering still wins: Unhealthy', () => {
    const denials = refused('pods', 'nodes', 'events');
    const e = evaluateCluster({
      probe: probe('SFFF'),
      lastError: classifyError({ code: 'ECONNREFUSED' }),
      denials,
      limitedAccess: limitedAccess(checks({}), denials),
    });
    expect(e.state).toBe('Unhealthy');
  });

  it('one refused list among others that answer is still judged on what was seen', () => {
    const denials = refused('events');
    const e = evaluateCluster({
      probe: probe('S'),
      denials,
      limitedAccess: limitedAccess(checks({}), denials),
    });
    expect(e.state).toBe('Healthy');
    expect(e.reasons.map((r) => r.message)).toContain('no permission to list events');
  });
});

describe('the failure cause', () => {
  it('counts and dates the outage from when its cause began, not from the first failure', () => {
    const e = evaluateCluster({
      probe: probe('SFFFFFF'),
      lastError: classifyError({ statusCode: 500 }),
      cause: { kind: 'server-error', since: 1_005_000, failures: 2 },
    });
    expect(e.reasons[0]).toMatchObject({
      code: 'api-server-error',
      message: 'API server errors (500) for 2 checks',
      since: 1_005_000,
    });
  });

  it('a cause of another kind than the error at hand is ignored', () => {
    const e = evaluateCluster({
      probe: probe('SFFF'),
      lastError: classifyError({ code: 'ECONNREFUSED' }),
      cause: { kind: 'server-error', since: 1_002_500, failures: 1 },
    });
    expect(e.reasons[0]).toMatchObject({ message: 'API unreachable for 3 checks', since: 1_001_000 });
  });
});

describe('latency while the API does not answer', () => {
  it('is not shown: the last good round trip says nothing about now', () => {
    const down = buildClusterSummary({
      context: 'dev',
      probe: probe('SFFF'),
      lastError: classifyError({ code: 'ECONNREFUSED' }),
      latencyMs: 4.2,
      nextCheckAt: null,
    });
    expect(down.latencyMs).toBeNull();
    const up = buildClusterSummary({ context: 'dev', probe: probe('S'), latencyMs: 4.2, nextCheckAt: null });
    expect(up.latencyMs).toBe(4.2);
  });
});
