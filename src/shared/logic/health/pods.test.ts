import { describe, expect, it } from 'vitest';
import { PodSummarySchema } from '../../domain/health';
import { podReasonPriority } from './podProblems';
import { comparePodProblems, digestPods, summarizePod } from './pods';
import { PodSummaryCache } from './podSummaryCache';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();
const MIN = 60_000;

interface PodOpts {
  ns?: string;
  phase?: string;
  created?: string;
  containers?: unknown[];
  init?: unknown[];
  conditions?: unknown[];
  status?: Record<string, unknown>;
  deleting?: boolean;
  specContainers?: number;
}

function pod(name: string, o: PodOpts = {}): unknown {
  const containers = o.containers ?? [running('app')];
  return {
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      creationTimestamp: o.created ?? ago(60 * MIN),
      ...(o.deleting ? { deletionTimestamp: ago(0) } : {}),
    },
    spec: {
      nodeName: 'node-1',
      containers: Array.from({ length: o.specContainers ?? containers.length }, (_, i) => ({
        name: `c${i}`,
      })),
    },
    status: {
      phase: o.phase ?? 'Running',
      startTime: ago(59 * MIN),
      conditions: o.conditions ?? [{ type: 'Ready', status: 'True' }],
      containerStatuses: containers,
      ...(o.init ? { initContainerStatuses: o.init } : {}),
      ...o.status,
    },
  };
}

function running(name: string, extra: Record<string, unknown> = {}): unknown {
  return { name, ready: true, restartCount: 0, state: { running: { startedAt: ago(59 * MIN) } }, ...extra };
}
function waiting(name: string, reason: string, extra: Record<string, unknown> = {}): unknown {
  return {
    name,
    ready: false,
    restartCount: 0,
    state: { waiting: { reason, message: `${reason} detail` } },
    ...extra,
  };
}
function terminatedLast(reason: string, finishedAgoMs: number, exitCode = reason === 'OOMKilled' ? 137 : 1) {
  return { terminated: { reason, exitCode, finishedAt: ago(finishedAgoMs), message: `${reason} last` } };
}

describe('summarizePod', () => {
  it('reads a healthy pod like kubectl prints it', () => {
    const p = summarizePod(pod('api-1', { containers: [running('a'), running('b', { restartCount: 3 })] }), {
      now: NOW,
    });
    expect(p).toMatchObject({
      namespace: 'default',
      name: 'api-1',
      phase: 'Running',
      ready: '2/2',
      restarts: 3,
      node: 'node-1',
      reason: null,
    });
    expect(p?.startedAt).toBe(NOW - 59 * MIN);
    expect(PodSummarySchema.parse(p)).toEqual(p);
  });

  it('returns null for things that are not pods', () => {
    for (const raw of [null, undefined, 42, 'pod', [], {}, { metadata: {} }, { metadata: { name: 5 } }]) {
      expect(summarizePod(raw, { now: NOW })).toBeNull();
    }
  });

  it('tolerates missing status, odd types and client-node Date objects', () => {
    const p = summarizePod(
      {
        metadata: { name: 'x', creationTimestamp: new Date(NOW - MIN) },
        status: { phase: 'Weird', containerStatuses: 'nope' },
      },
      { now: NOW },
    );
    expect(p).toMatchObject({
      namespace: 'default',
      phase: 'Unknown',
      ready: '0/0',
      restarts: 0,
      createdAt: NOW - MIN,
      node: null,
    });
  });

  it('counts ready against the spec when statuses are missing', () => {
    const p = summarizePod(pod('p', { containers: [running('a')], specContainers: 3 }), { now: NOW });
    expect(p?.ready).toBe('1/3');
  });

  it('lists init containers, but counts them in neither READY nor RESTARTS once they finished (as kubectl)', () => {
    const p = summarizePod(
      pod('p', {
        init: [
          {
            name: 'init',
            ready: false,
            restartCount: 2,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
          },
        ],
      }),
      { now: NOW },
    );
    expect(p?.ready).toBe('1/1');
    expect(p?.restarts).toBe(0);
    expect(p?.status).toBe('Running');
    expect(p?.containers.map((c) => [c.name, c.init, c.state])).toEqual([
      ['init', true, 'terminated'],
      ['app', false, 'running'],
    ]);
    expect(p?.reason).toBeNull();
  });

  it('keeps container state, reason, message and lastState', () => {
    const p = summarizePod(
      pod('p', {
        containers: [
          waiting('app', 'CrashLoopBackOff', { restartCount: 7, lastState: terminatedLast('Error', 30_000) }),
        ],
      }),
      { now: NOW },
    );
    expect(p?.containers[0]).toEqual({
      name: 'app',
      init: false,
      ready: false,
      restartCount: 7,
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      message: 'CrashLoopBackOff detail',
      exitCode: null,
      lastState: {
        state: 'terminated',
        reason: 'Error',
        message: 'Error last',
        exitCode: 1,
        finishedAt: NOW - 30_000,
      },
    });
  });

  it('clips very long kubelet messages', () => {
    const long = 'x'.repeat(5000);
    const p = summarizePod(
      pod('p', {
        containers: [{ name: 'a', state: { waiting: { reason: 'ErrImagePull', message: long } } }],
      }),
      { now: NOW },
    );
    expect(p?.containers[0]?.message?.length).toBe(500);
    expect(p?.containers[0]?.message?.endsWith('…')).toBe(true);
  });
});

describe('problem detection', () => {
  const reasonOf = (raw: unknown, now = NOW): string | null => summarizePod(raw, { now })?.reason ?? null;

  it.each([
    'ImagePullBackOff',
    'ErrImagePull',
    'CreateContainerConfigError',
    'CreateContainerError',
    'InvalidImageName',
  ])('waiting %s is a problem with its message', (reason) => {
    const p = summarizePod(pod('p', { containers: [waiting('app', reason)] }), { now: NOW });
    expect(p?.reason).toBe(reason);
    expect(p?.message).toBe(`${reason} detail`);
  });

  it('ContainerCreating and PodInitializing are not problems', () => {
    expect(
      reasonOf(
        pod('p', { phase: 'Pending', created: ago(MIN), containers: [waiting('app', 'ContainerCreating')] }),
      ),
    ).toBeNull();
    expect(
      reasonOf(
        pod('p', { phase: 'Pending', created: ago(MIN), containers: [waiting('app', 'PodInitializing')] }),
      ),
    ).toBeNull();
  });

  it('CrashLoopBackOff, or OOMKilled when that was the last termination', () => {
    expect(
      reasonOf(
        pod('p', {
          containers: [waiting('a', 'CrashLoopBackOff', { lastState: terminatedLast('Error', 1000) })],
        }),
      ),
    ).toBe('CrashLoopBackOff');
    expect(
      reasonOf(
        pod('p', {
          containers: [waiting('a', 'CrashLoopBackOff', { lastState: terminatedLast('OOMKilled', 1000) })],
        }),
      ),
    ).toBe('OOMKilled');
  });

  it('image problems win over a crash loop in another container', () => {
    expect(
      reasonOf(
        pod('p', { containers: [waiting('a', 'CrashLoopBackOff'), waiting('b', 'ImagePullBackOff')] }),
      ),
    ).toBe('ImagePullBackOff');
  });

  it('an init container stuck on an image pull is a problem', () => {
    expect(
      reasonOf(
        pod('p', {
          phase: 'Pending',
          init: [waiting('init', 'ErrImagePull')],
          containers: [waiting('app', 'PodInitializing')],
        }),
      ),
    ).toBe('ErrImagePull');
  });

  it('a container terminated right now with OOMKilled or an error exit', () => {
    const oom = {
      name: 'a',
      ready: false,
      restartCount: 1,
      state: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
    };
    const err = {
      name: 'a',
      ready: false,
      restartCount: 1,
      state: { terminated: { reason: 'Error', exitCode: 2 } },
    };
    const exit = { name: 'a', ready: false, restartCount: 1, state: { terminated: { exitCode: 3 } } };
    expect(reasonOf(pod('p', { containers: [oom] }))).toBe('OOMKilled');
    expect(reasonOf(pod('p', { containers: [err] }))).toBe('Error');
    expect(reasonOf(pod('p', { containers: [exit] }))).toBe('Error');
    expect(summarizePod(pod('p', { containers: [exit] }), { now: NOW })?.message).toBe('exit code 3');
  });

  it('a recent OOMKilled/Error restart is a problem; an old one is not', () => {
    const recentOom = pod('p', {
      containers: [running('a', { restartCount: 1, lastState: terminatedLast('OOMKilled', 2 * MIN) })],
    });
    const oldOom = pod('p', {
      containers: [running('a', { restartCount: 1, lastState: terminatedLast('OOMKilled', 3 * 60 * MIN) })],
    });
    const recentErr = pod('p', {
      containers: [running('a', { restartCount: 1, lastState: terminatedLast('Error', 2 * MIN) })],
    });
    const completed = pod('p', {
      containers: [running('a', { restartCount: 1, lastState: terminatedLast('Completed', 2 * MIN, 0) })],
    });
    expect(reasonOf(recentOom)).toBe('OOMKilled');
    expect(reasonOf(oldOom)).toBeNull();
    expect(reasonOf(recentErr)).toBe('Error');
    expect(reasonOf(completed)).toBeNull();
    // The window is configurable.
    expect(summarizePod(oldOom, { now: NOW, recentTerminationMs: 4 * 60 * MIN })?.reason).toBe('OOMKilled');
  });

  it('Pending: Unschedulable at once, plain Pending only after the grace period', () => {
    const unschedulable = pod('p', {
      phase: 'Pending',
      created: ago(10_000),
      containers: [],
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Insufficient cpu.',
        },
      ],
    });
    const p = summarizePod(unschedulable, { now: NOW });
    expect(p?.reason).toBe('Unschedulable');
    expect(p?.message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    expect(
      reasonOf(pod('p', { phase: 'Pending', created: ago(MIN), containers: [], conditions: [] })),
    ).toBeNull();
    expect(
      reasonOf(pod('p', { phase: 'Pending', created: ago(6 * MIN), containers: [], conditions: [] })),
    ).toBe('Pending');
    expect(
      summarizePod(pod('p', { phase: 'Pending', created: ago(2 * MIN), containers: [], conditions: [] }), {
        now: NOW,
        pendingGraceMs: MIN,
      })?.reason,
    ).toBe('Pending');
  });

  it('Failed: Evicted, other status reasons, OOMKilled, plain Failed', () => {
    const failed = (status: Record<string, unknown>, containers: unknown[] = []): unknown =>
      pod('p', {
        phase: 'Failed',
        containers,
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ago(MIN) }],
        status,
      });
    expect(reasonOf(failed({ reason: 'Evicted', message: 'The node was low on resource: memory.' }))).toBe(
      'Evicted',
    );
    expect(
      summarizePod(failed({ reason: 'Evicted', message: 'The node was low on resource: memory.' }), {
        now: NOW,
      })?.message,
    ).toBe('The node was low on resource: memory.');
    expect(reasonOf(failed({ reason: 'DeadlineExceeded' }))).toBe('DeadlineExceeded');
    expect(
      reasonOf(
        failed({}, [
          { name: 'a', state: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(MIN) } } },
        ]),
      ),
    ).toBe('OOMKilled');
    expect(
      reasonOf(
        failed({}, [
          { name: 'a', state: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(MIN) } } },
        ]),
      ),
    ).toBe('Failed');
  });

  it('old failures are counted but not problems; unknown failure time counts as recent', () => {
    const old = pod('p', {
      phase: 'Failed',
      containers: [],
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ago(3 * 60 * MIN) }],
      status: { reason: 'Evicted' },
    });
    expect(reasonOf(old)).toBeNull();
    expect(digestPods([old], { now: NOW }).counts.failed).toBe(1);
    const noTime = pod('p', {
      phase: 'Failed',
      containers: [],
      conditions: [],
      status: { reason: 'Evicted' },
    });
    expect(reasonOf(noTime)).toBe('Evicted');
  });

  it('Unknown phase is a problem; terminating pods and Succeeded pods are not', () => {
    expect(reasonOf(pod('p', { phase: 'Unknown', containers: [] }))).toBe('Unknown');
    expect(reasonOf(pod('p', { deleting: true, containers: [waiting('a', 'CrashLoopBackOff')] }))).toBeNull();
    expect(reasonOf(pod('p', { phase: 'Succeeded', containers: [] }))).toBeNull();
  });
});

describe('digestPods', () => {
  const pods = [
    pod('ok-1'),
    pod('ok-2', { containers: [running('a', { restartCount: 2 })] }),
    pod('job-done', {
      phase: 'Succeeded',
      containers: [
        { name: 'a', restartCount: 9, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
      ],
    }),
    pod('crash-1', {
      ns: 'payments',
      conditions: [{ type: 'Ready', status: 'False' }],
      containers: [waiting('a', 'CrashLoopBackOff', { restartCount: 5 })],
    }),
    pod('crash-2', {
      ns: 'payments',
      conditions: [{ type: 'Ready', status: 'False' }],
      containers: [
        waiting('a', 'CrashLoopBackOff', { restartCount: 4, lastState: terminatedLast('OOMKilled', MIN) }),
      ],
    }),
    pod('pending', { phase: 'Pending', created: ago(MIN), containers: [], conditions: [] }),
    pod('evicted', {
      ns: 'batch',
      phase: 'Failed',
      containers: [],
      conditions: [],
      status: { reason: 'Evicted' },
    }),
  ];

  it('counts non-Succeeded pods and lists problems', () => {
    const d = digestPods(pods, { now: NOW });
    expect(d.counts).toEqual({
      total: 6,
      running: 4,
      ready: 2,
      pending: 1,
      failed: 1,
      crashLooping: 2,
      restarts: 11,
    });
    expect(d.problems.map((p) => `${p.namespace}/${p.name}:${p.reason}`)).toEqual([
      'payments/crash-1:CrashLoopBackOff',
      'payments/crash-2:OOMKilled',
      'batch/evicted:Evicted',
    ]);
  });

  it('filters by namespace', () => {
    const d = digestPods(pods, { now: NOW, namespaces: ['payments'] });
    expect(d.counts.total).toBe(2);
    expect(d.problems).toHaveLength(2);
    expect(digestPods(pods, { now: NOW, namespaces: 'all' }).counts.total).toBe(6);
    expect(digestPods(pods, { now: NOW, namespaces: [] }).counts.total).toBe(0);
  });

  it('skips garbage entries and accepts any iterable', () => {
    function* gen(): Generator<unknown> {
      yield null;
      yield { kind: 'NotAPod' };
      yield pod('ok');
    }
    expect(digestPods(gen(), { now: NOW }).counts.total).toBe(1);
  });

  it('falls back to container readiness when a pod has no conditions', () => {
    const d = digestPods([pod('a', { conditions: [] })], { now: NOW });
    expect(d.counts.ready).toBe(1);
  });

  it('orders problems by reason priority, then namespace and name', () => {
    const base = {
      phase: 'Running' as const,
      ready: '0/1',
      status: 'Running',
      restarts: 0,
      lastRestartAt: null,
      ip: null,
      nominatedNode: null,
      readinessGates: null,
      createdAt: null,
      startedAt: null,
      node: null,
      message: null,
      containers: [],
    };
    const list = [
      { ...base, namespace: 'b', name: 'x', reason: 'Pending' },
      { ...base, namespace: 'b', name: 'a', reason: 'CrashLoopBackOff' },
      { ...base, namespace: 'a', name: 'z', reason: 'CrashLoopBackOff' },
      { ...base, namespace: 'a', name: 'y', reason: 'SomethingNew' },
    ].sort(comparePodProblems);
    expect(list.map((p) => `${p.namespace}/${p.name}`)).toEqual(['a/z', 'b/a', 'a/y', 'b/x']);
    expect(podReasonPriority(null)).toBeGreaterThan(podReasonPriority('Unknown'));
    expect(podReasonPriority('SomethingNew')).toBe(podReasonPriority('Failed'));
  });

  it('handles 10,000 pods quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => pod(`p-${i}`, { ns: `ns-${i % 50}` }));
    const started = performance.now();
    const d = digestPods(many, { now: NOW });
    expect(d.counts.total).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('PodSummaryCache', () => {
  const crashing = {
    metadata: { name: 'api-1', namespace: 'payments', creationTimestamp: '2026-01-01T00:00:00Z' },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'api', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    },
  };

  it('answers as summarizePod would, and reuses the summary of an unchanged object', () => {
    const cache = new PodSummaryCache(10_000);
    const options = { now: Date.parse('2026-01-01T01:00:00Z') };
    const first = cache.summarizer(options)(crashing);
    expect(first).toEqual(summarizePod(crashing, options));
    expect(cache.summarizer({ now: options.now + 5_000 })(crashing)).toBe(first);
    expect(digestPods([crashing], options, cache.summarizer(options))).toEqual(
      digestPods([crashing], options),
    );
  });

  it('works a summary out again when the object was replaced, or a Pending one is too old', () => {
    const cache = new PodSummaryCache(10_000);
    const now = Date.parse('2026-01-01T01:00:00Z');
    const first = cache.summarizer({ now })(crashing);
    expect(cache.summarizer({ now: now + 10_000 })(crashing)).not.toBe(first);
    // Nothing in a healthy Running pod's summary depends on the clock.
    const healthy = {
      ...crashing,
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'api', ready: true, restartCount: 0, state: { running: {} } }],
      },
    };
    const calm = cache.summarizer({ now })(healthy);
    expect(calm?.reason).toBeNull();
    expect(cache.summarizer({ now: now + 3_600_000 })(healthy)).toBe(calm);
    const pending = {
      ...crashing,
      metadata: { ...crashing.metadata, creationTimestamp: '2026-01-01T00:58:00Z' },
    };
    const waiting = { ...pending, status: { phase: 'Pending' } };
    const early = cache.summarizer({ now })(waiting);
    expect(early?.reason).toBeNull();
    expect(cache.summarizer({ now: now + 5_000 })(waiting)).toBe(early);
    // Past the 5-minute grace period a Pending pod is a problem: the clock alone changed that.
    expect(cache.summarizer({ now: now + 4 * 60_000 })(waiting)?.reason).toBe('Pending');
    const replaced = { ...crashing, status: { ...crashing.status, phase: 'Failed' } };
    expect(cache.summarizer({ now })(replaced)?.phase).toBe('Failed');
  });
});
