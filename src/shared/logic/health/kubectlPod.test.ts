import { describe, expect, it } from 'vitest';
import { formatRestarts, humanDuration, kubectlAge, kubectlPodRow } from './kubectlPod';
import { summarizePod } from './pods';

// Pods as the API server returns them (GET /api/v1/namespaces/NS/pods/NAME, JSON), one per
// state kubectl's printer distinguishes. Expected words are what `kubectl get pods` (v1.36)
// prints for such a pod; the integration test test/integration/podStatus.test.ts checks the
// same function against kubectl itself on the harness's pods.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');

type Json = Record<string, unknown>;

const image = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

/** The parts of a container spec every real pod has. */
function specContainer(name: string, extra: Json = {}): Json {
  return {
    name,
    image,
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    ...extra,
  };
}

function running(startedAgo = 3600): Json {
  return { running: { startedAt: ago(startedAgo) } };
}
function waiting(reason: string, message?: string): Json {
  return { waiting: { reason, ...(message ? { message } : {}) } };
}
function terminated(reason: string | undefined, exitCode: number, finishedAgo = 60, signal?: number): Json {
  return {
    terminated: {
      exitCode,
      ...(signal !== undefined ? { signal } : {}),
      ...(reason ? { reason } : {}),
      startedAt: ago(finishedAgo + 5),
      finishedAt: ago(finishedAgo),
      containerID: 'containerd://9b1f4c2a0d6e',
    },
  };
}

interface StatusOpts {
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  lastState?: Json;
}
function containerStatus(name: string, state: Json, o: StatusOpts = {}): Json {
  const isRunning = 'running' in state;
  return {
    name,
    state,
    lastState: o.lastState ?? {},
    ready: o.ready ?? isRunning,
    restartCount: o.restartCount ?? 0,
    image,
    imageID: '',
    ...(isRunning || 'terminated' in state ? { containerID: 'containerd://2f7c9e51a3b8' } : {}),
    started: o.started ?? isRunning,
  };
}

function cond(type: string, status: 'True' | 'False', reason?: string, message?: string): Json {
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: ago(3500),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

const RUNNING_CONDITIONS = [
  cond('PodReadyToStartContainers', 'True'),
  cond('Initialized', 'True'),
  cond('Ready', 'True'),
  cond('ContainersReady', 'True'),
  cond('PodScheduled', 'True'),
];

interface PodOpts {
  name?: string;
  containers?: Json[];
  initContainers?: Json[];
  readinessGates?: Json[];
  deleting?: boolean;
  nodeName?: string | null;
  status: Json;
}

/** A whole pod object, metadata and spec as the API server fills them in. */
function pod(o: PodOpts): Json {
  const name = o.name ?? 'web-5d7f8b9c6-x2x4q';
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      generateName: 'web-5d7f8b9c6-',
      namespace: 'shop',
      uid: '1c5e0b8a-8f3e-4c58-9a7e-2f0d1b6e7c11',
      resourceVersion: '48213',
      generation: 1,
      creationTimestamp: ago(3600),
      ...(o.deleting
        ? { deletionTimestamp: ago(10), deletionGracePeriodSeconds: 30, finalizers: ['example.com/wait'] }
        : {}),
      labels: { app: 'web', 'pod-template-hash': '5d7f8b9c6' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-5d7f8b9c6',
          uid: '7b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: ago(3600),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': {} },
        },
      ],
    },
    spec: {
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      containers: o.containers ?? [specContainer('app')],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      ...(o.nodeName === null ? {} : { nodeName: o.nodeName ?? 'kwok-node-0' }),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      ...(o.readinessGates ? { readinessGates: o.readinessGates } : {}),
    },
    status: { qosClass: 'BestEffort', ...o.status },
  };
}

function scheduledStatus(extra: Json): Json {
  return {
    hostIP: '10.0.0.11',
    hostIPs: [{ ip: '10.0.0.11' }],
    podIP: '10.244.1.7',
    podIPs: [{ ip: '10.244.1.7' }],
    startTime: ago(3590),
    ...extra,
  };
}

const row = (p: Json) => kubectlPodRow(p);

describe('kubectlPodRow: STATUS and READY as kubectl prints them', () => {
  it('Running, all containers ready: "Running", 1/1, 0 restarts', () => {
    const r = row(
      pod({
        status: scheduledStatus({
          phase: 'Running',
          conditions: RUNNING_CONDITIONS,
          containerStatuses: [containerStatus('app', running())],
        }),
      }),
    );
    expect(r).toEqual({
      ready: '1/1',
      status: 'Running',
      restarts: 0,
      lastRestartAt: null,
      ip: '10.244.1.7',
      nominatedNode: null,
      readinessGates: null,
    });
  });

  it('Running with a failing readiness probe: still "Running", READY 0/1', () => {
    const r = row(
      pod({
        status: scheduledStatus({
          phase: 'Running',
          conditions: [
            cond('Initialized', 'True'),
            cond('Ready', 'False', 'ContainersNotReady', 'containers with unready status: [app]'),
            cond('ContainersReady', 'False', 'ContainersNotReady'),
            cond('PodScheduled', 'True'),
          ],
          containerStatuses: [containerStatus('app', running(), { ready: false, started: true })],
        }),
      }),
    );
    expect([r.status, r.ready]).toEqual(['Running', '0/1']);
  });

  it('not scheduled yet: "Pending", 0/1 (Tether keeps Unschedulable as the problem, not the word)', () => {
    const p = pod({
      name: 'stuck',
      nodeName: null,
      status: {
        phase: 'Pending',
        conditions: [
          cond(
            'PodScheduled',
            'False',
            'Unschedulable',
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
          ),
        ],
      },
    });
    expect([row(p).status, row(p).ready]).toEqual(['Pending', '0/1']);
    const s = summarizePod(p, { now: NOW });
    expect([s?.status, s?.reason]).toEqual(['Pending', 'Unschedulable']);
  });

  it('held by a scheduling gate: "SchedulingGated"', () => {
    const p = pod({
      nodeName: null,
      status: {
        phase: 'Pending',
        conditions: [
          cond(
            'PodScheduled',
            'False',
            'SchedulingGated',
            'Scheduling is blocked due to non-empty scheduling gates',
          ),
        ],
      },
    });
    expect(row(p).status).toBe('SchedulingGated');
  });

  it('scheduled, image being pulled: "ContainerCreating"', () => {
    const r = row(
      pod({
        status: scheduledStatus({
          phase: 'Pending',
          podIP: undefined,
          podIPs: undefined,
          conditions: [
            cond('PodReadyToStartContainers', 'False'),
            cond('Initialized', 'True'),
            cond('Ready', 'False', 'ContainersNotReady'),
            cond('ContainersReady', 'False', 'ContainersNotReady'),
            cond('PodScheduled', 'True'),
          ],
          containerStatuses: [containerStatus('app', waiting('ContainerCreating'))],
        }),
      }),
    );
    expect([r.status, r.ready, r.ip]).toEqual(['ContainerCreating', '0/1', null]);
  });

  it('image pull failing: "ImagePullBackOff"', () => {
    const r = row(
      pod({
        status: scheduledStatus({
          phase: 'Pending',
          conditions: [cond('Initialized', 'True'), cond('Ready', 'False'), cond('PodScheduled', 'True')],
          containerStatuses: [
            containerStatus(
              'app',
              waiting('ImagePullBackOff', 'Back-off pulling image "registry.example/app:nope"'),
            ),
          ],
        }),
      }),
    );
    expect(r.status).toBe('ImagePullBackOff');
  });

  const twoInits = [specContainer('migrate'), specContainer('seed')];
  const initPending = (initStatuses: Json[], appState: Json = waiting('PodInitializing')) =>
    pod({
      initContainers: twoInits,
      status: scheduledStatus({
        phase: 'Pending',
        conditions: [
          cond(
            'Initialized',
            'False',
            'ContainersNotInitialized',
            'containers with incomplete status: [migrate seed]',
          ),
          cond('Ready', 'False', 'ContainersNotReady'),
          cond('PodScheduled', 'True'),
        ],
        initContainerStatuses: initStatuses,
        containerStatuses: [containerStatus('app', appState)],
      }),
    });

  it('first of two init containers running: "Init:0/2"', () => {
    const p = initPending([
      containerStatus('migrate', running(20), { ready: false }),
      containerStatus('seed', waiting('PodInitializing')),
    ]);
    expect([row(p).status, row(p).ready]).toEqual(['Init:0/2', '0/1']);
    // Tether used to say "Pending" here.
    expect(summarizePod(p, { now: NOW })?.status).toBe('Init:0/2');
  });

  it('second init container running: "Init:1/2"', () => {
    const p = initPending([
      containerStatus('migrate', terminated('Completed', 0, 30), { ready: true }),
      containerStatus('seed', running(25), { ready: false }),
    ]);
    expect(row(p).status).toBe('Init:1/2');
  });

  it('init container crash-looping: "Init:CrashLoopBackOff", its restarts counted, "(ago)" from its last run', () => {
    const p = initPending([
      containerStatus(
        'migrate',
        waiting('CrashLoopBackOff', 'back-off 5m0s restarting failed container=migrate'),
        {
          restartCount: 6,
          lastState: terminated('Error', 1, 240),
        },
      ),
      containerStatus('seed', waiting('PodInitializing')),
    ]);
    const r = row(p);
    expect([r.status, r.restarts, r.lastRestartAt]).toEqual(['Init:CrashLoopBackOff', 6, NOW - 240_000]);
    expect(formatRestarts(r.restarts, r.lastRestartAt, NOW)).toBe('6 (4m ago)');
    const s = summarizePod(p, { now: NOW });
    expect([s?.status, s?.reason]).toEqual(['Init:CrashLoopBackOff', 'CrashLoopBackOff']);
  });

  it('init container failed with a reason: "Init:Error"; without one: "Init:ExitCode:3" or "Init:Signal:9"', () => {
    expect(row(initPending([containerStatus('migrate', terminated('Error', 1))])).status).toBe('Init:Error');
    expect(row(initPending([containerStatus('migrate', terminated(undefined, 3))])).status).toBe(
      'Init:ExitCode:3',
    );
    expect(row(initPending([containerStatus('migrate', terminated(undefined, 137, 60, 9))])).status).toBe(
      'Init:Signal:9',
    );
  });

  it('init containers done, app container not started yet: "PodInitializing"', () => {
    const p = pod({
      initContainers: twoInits,
      status: scheduledStatus({
        phase: 'Pending',
        conditions: [cond('Initialized', 'True'), cond('Ready', 'False'), cond('PodScheduled', 'True')],
        initContainerStatuses: [
          containerStatus('migrate', terminated('Completed', 0, 30), { ready: true }),
          containerStatus('seed', terminated('Completed', 0, 20), { ready: true }),
        ],
        containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
      }),
    });
    expect(row(p).status).toBe('PodInitializing');
  });

  it('crash loop: "CrashLoopBackOff", restarts "5 (3m ago)"', () => {
    const p = pod({
      status: scheduledStatus({
        phase: 'Running',
        conditions: [cond('Initialized', 'True'), cond('Ready', 'False'), cond('PodScheduled', 'True')],
        containerStatuses: [
          containerStatus(
            'app',
            waiting('CrashLoopBackOff', 'back-off 2m40s restarting failed container=app'),
            {
              restartCount: 5,
              lastState: terminated('Error', 1, 180),
            },
          ),
        ],
      }),
    });
    const r = row(p);
    expect([r.status, r.ready, formatRestarts(r.restarts, r.lastRestartAt, NOW)]).toEqual([
      'CrashLoopBackOff',
      '0/1',
      '5 (3m ago)',
    ]);
  });

  it('crash loop of an OOM-killed container: kubectl says CrashLoopBackOff, Tether names the cause "OOMKilled"', () => {
    const p = pod({
      status: scheduledStatus({
        phase: 'Running',
        conditions: [cond('Ready', 'False'), cond('PodScheduled', 'True')],
        containerStatuses: [
          containerStatus('app', waiting('CrashLoopBackOff'), {
            restartCount: 3,
            lastState: terminated('OOMKilled', 137, 30),
          }),
        ],
      }),
    });
    expect(row(p).status).toBe('CrashLoopBackOff');
    expect(summarizePod(p, { now: NOW })?.status).toBe('OOMKilled');
  });

  it('failed Job pod: "Error" (Tether used to say "Failed")', () => {
    const p = pod({
      name: 'failed-job-7k2x9',
      status: scheduledStatus({
        phase: 'Failed',
        conditions: [cond('Ready', 'False', 'PodFailed'), cond('PodScheduled', 'True')],
        containerStatuses: [
          containerStatus('app', terminated('Error', 1, 120), { ready: false, started: false }),
        ],
      }),
    });
    expect(row(p).status).toBe('Error');
    expect(summarizePod(p, { now: NOW })?.status).toBe('Error');
  });

  it('finished Job pod: "Completed"', () => {
    const p = pod({
      status: scheduledStatus({
        phase: 'Succeeded',
        conditions: [cond('Ready', 'False', 'PodCompleted'), cond('PodScheduled', 'True')],
        containerStatuses: [
          containerStatus('app', terminated('Completed', 0, 300), { ready: false, started: false }),
        ],
      }),
    });
    expect([row(p).status, row(p).ready]).toEqual(['Completed', '0/1']);
  });

  it('terminated without a reason: "ExitCode:2" or "Signal:15"', () => {
    const failed = (t: Json) =>
      pod({
        status: scheduledStatus({
          phase: 'Failed',
          containerStatuses: [containerStatus('app', t, { ready: false, started: false })],
        }),
      });
    expect(row(failed(terminated(undefined, 2))).status).toBe('ExitCode:2');
    expect(row(failed(terminated(undefined, 143, 60, 15))).status).toBe('Signal:15');
  });

  it('container OOM-killed just now: "OOMKilled"', () => {
    const p = pod({
      status: scheduledStatus({
        phase: 'Running',
        containerStatuses: [containerStatus('app', terminated('OOMKilled', 137, 1), { ready: false })],
      }),
    });
    expect(row(p).status).toBe('OOMKilled');
  });

  const twoContainers = [specContainer('app'), specContainer('migrate-once')];
  const halfDone = (ready: 'True' | 'False', doneExit = 0) =>
    pod({
      containers: twoContainers,
      status: scheduledStatus({
        phase: 'Running',
        conditions: [cond('Initialized', 'True'), cond('Ready', ready), cond('PodScheduled', 'True')],
        containerStatuses: [
          containerStatus('app', running()),
          containerStatus('migrate-once', terminated(doneExit === 0 ? 'Completed' : 'Error', doneExit), {
            ready: false,
          }),
        ],
      }),
    });

  it('one container completed, the other running: "Running" when the pod is Ready, else "NotReady"', () => {
    expect([row(halfDone('True')).status, row(halfDone('True')).ready]).toEqual(['Running', '1/2']);
    expect(row(halfDone('False')).status).toBe('NotReady');
  });

  it('deleted while running: "Terminating"; deleted on a lost node: "Unknown"; a finished pod keeps its word', () => {
    const base = {
      phase: 'Running',
      conditions: RUNNING_CONDITIONS,
      containerStatuses: [containerStatus('app', running())],
    };
    expect(row(pod({ deleting: true, status: scheduledStatus(base) })).status).toBe('Terminating');
    expect(
      row(
        pod({
          deleting: true,
          status: scheduledStatus({
            ...base,
            reason: 'NodeLost',
            message: 'Node kwok-node-2 which was running pod web is unresponsive',
          }),
        }),
      ).status,
    ).toBe('Unknown');
    expect(
      row(
        pod({
          deleting: true,
          status: scheduledStatus({
            phase: 'Succeeded',
            containerStatuses: [containerStatus('app', terminated('Completed', 0), { ready: false })],
          }),
        }),
      ).status,
    ).toBe('Completed');
  });

  it('node lost but not deleted: "NodeLost" (the pod reason); phase Unknown: "Unknown"', () => {
    const base = { conditions: RUNNING_CONDITIONS, containerStatuses: [containerStatus('app', running())] };
    expect(
      row(pod({ status: scheduledStatus({ ...base, phase: 'Running', reason: 'NodeLost' }) })).status,
    ).toBe('NodeLost');
    expect(row(pod({ status: scheduledStatus({ ...base, phase: 'Unknown' }) })).status).toBe('Unknown');
  });

  it('evicted: kubectl shows the container\'s word, Tether says "Evicted"', () => {
    const p = pod({
      status: scheduledStatus({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91236Ki.',
        conditions: [cond('Ready', 'False'), cond('DisruptionTarget', 'True', 'TerminationByKubelet')],
        containerStatuses: [
          containerStatus('app', terminated('ContainerStatusUnknown', 137), { ready: false, started: false }),
        ],
      }),
    });
    expect(row(p).status).toBe('ContainerStatusUnknown');
    expect(summarizePod(p, { now: NOW })?.status).toBe('Evicted');
    const noStatuses = pod({
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: ephemeral-storage.',
      },
    });
    expect(row(noStatuses).status).toBe('Evicted');
  });

  describe('sidecars (init containers with restartPolicy: Always)', () => {
    const initContainers = [specContainer('proxy', { restartPolicy: 'Always' }), specContainer('migrate')];

    it('count in READY and RESTARTS while the app runs: 2/2, sidecar restarts only', () => {
      const p = pod({
        initContainers,
        status: scheduledStatus({
          phase: 'Running',
          conditions: RUNNING_CONDITIONS,
          initContainerStatuses: [
            containerStatus('proxy', running(3000), {
              restartCount: 2,
              lastState: terminated('Error', 1, 3001),
            }),
            containerStatus('migrate', terminated('Completed', 0, 2900), { ready: false, restartCount: 1 }),
          ],
          containerStatuses: [containerStatus('app', running(2800))],
        }),
      });
      const r = row(p);
      // migrate's restart is not counted once the pod is initialized; the sidecar's are.
      expect([r.status, r.ready, r.restarts, r.lastRestartAt]).toEqual([
        'Running',
        '2/2',
        2,
        NOW - 3_001_000,
      ]);
      expect(formatRestarts(r.restarts, r.lastRestartAt, NOW)).toBe('2 (50m ago)');
    });

    it('a sidecar not started yet holds initialization: "Init:0/2"', () => {
      const p = pod({
        initContainers,
        status: scheduledStatus({
          phase: 'Pending',
          conditions: [cond('Initialized', 'False'), cond('Ready', 'False'), cond('PodScheduled', 'True')],
          initContainerStatuses: [
            containerStatus('proxy', running(5), { ready: false, started: false }),
            containerStatus('migrate', waiting('PodInitializing')),
          ],
          containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
        }),
      });
      expect([row(p).status, row(p).ready]).toEqual(['Init:0/2', '0/2']);
    });

    it('started sidecar, next init container running: "Init:1/2", the ready sidecar counted', () => {
      const p = pod({
        initContainers,
        status: scheduledStatus({
          phase: 'Pending',
          conditions: [cond('Initialized', 'False'), cond('Ready', 'False'), cond('PodScheduled', 'True')],
          initContainerStatuses: [
            containerStatus('proxy', running(30), { ready: true, started: true }),
            containerStatus('migrate', running(10), { ready: false }),
          ],
          containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
        }),
      });
      expect([row(p).status, row(p).ready]).toEqual(['Init:1/2', '1/2']);
    });
  });

  it('-o wide: readiness gates "true/total" and the nominated node', () => {
    const p = pod({
      readinessGates: [{ conditionType: 'example.com/lb-ready' }, { conditionType: 'example.com/warm' }],
      status: scheduledStatus({
        phase: 'Running',
        nominatedNodeName: 'kwok-node-1',
        conditions: [
          ...RUNNING_CONDITIONS,
          cond('example.com/lb-ready', 'True'),
          cond('example.com/warm', 'False'),
        ],
        containerStatuses: [containerStatus('app', running())],
      }),
    });
    expect([row(p).readinessGates, row(p).nominatedNode]).toEqual(['1/2', 'kwok-node-1']);
  });

  it('the latest previous-run end over all counted containers gives "(ago)"', () => {
    const p = pod({
      containers: [specContainer('a'), specContainer('b')],
      status: scheduledStatus({
        phase: 'Running',
        conditions: RUNNING_CONDITIONS,
        containerStatuses: [
          containerStatus('a', running(500), { restartCount: 1, lastState: terminated('Error', 1, 500) }),
          containerStatus('b', running(90), { restartCount: 2, lastState: terminated('OOMKilled', 137, 95) }),
        ],
      }),
    });
    const r = row(p);
    expect(formatRestarts(r.restarts, r.lastRestartAt, NOW)).toBe('3 (95s ago)');
  });
});

describe('humanDuration: apimachinery duration.HumanDuration, case for case', () => {
  const S = 1000;
  const M = 60 * S;
  const H = 60 * M;
  const D = 24 * H;
  const cases: [number, string][] = [
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [8 * D + 2 * H, '8d'],
    [367 * D, '367d'],
    [730 * D + 25 * H, '2y1d'],
    [8 * 365 * D + 2 * H, '8y'],
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [8 * D - 1, '7d23h'],
    [8 * D + 23 * H, '8d'],
    [730 * D - 1, '729d'],
    [730 * D, '2y'],
    [731 * D - 1, '2y'],
    [731 * D, '2y1d'],
    [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D + 364 * D, '8y'],
    [9 * 365 * D, '9y'],
  ];
  it.each(cases)('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));

  it('AGE without a timestamp is "<unknown>", RESTARTS without a time is the bare number', () => {
    expect(kubectlAge(null, NOW)).toBe('<unknown>');
    expect(kubectlAge(NOW - 90 * S, NOW)).toBe('90s');
    expect(formatRestarts(4, null, NOW)).toBe('4');
    expect(formatRestarts(0, NOW - M, NOW)).toBe('0');
  });
});
