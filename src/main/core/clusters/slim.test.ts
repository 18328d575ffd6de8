import { describe, expect, it } from 'vitest';
import { kubectlPodRow, summarizePod } from '../../../shared/logic/health';
import { slimPod } from './slim';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const t = (agoS: number) => new Date(NOW - agoS * 1000).toISOString();

/** A pod with a sidecar, an init container, readiness gates and a node that went away. */
const sidecarPod = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'web-0',
    namespace: 'shop',
    uid: 'a1',
    creationTimestamp: t(3600),
    deletionTimestamp: t(5),
    deletionGracePeriodSeconds: 30,
    annotations: { 'kubectl.kubernetes.io/restartedAt': t(4000) },
  },
  spec: {
    initContainers: [
      { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
      { name: 'migrate', image: 'app', command: ['migrate'] },
    ],
    containers: [{ name: 'app', image: 'app', ports: [{ containerPort: 8080 }] }],
    readinessGates: [{ conditionType: 'example.com/lb' }],
    nodeName: 'kwok-node-2',
  },
  status: {
    phase: 'Running',
    reason: 'NodeLost',
    nominatedNodeName: 'kwok-node-1',
    podIP: '10.244.0.9',
    podIPs: [{ ip: '10.244.0.9' }, { ip: 'fd00::9' }],
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t(3500) },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: t(3400) },
      { type: 'example.com/lb', status: 'True', lastProbeTime: null, lastTransitionTime: t(3400) },
    ],
    initContainerStatuses: [
      {
        name: 'proxy',
        image: 'envoy',
        imageID: 'sha256:1',
        ready: true,
        started: true,
        restartCount: 3,
        state: { running: { startedAt: t(3000) } },
        lastState: { terminated: { exitCode: 0, signal: 15, finishedAt: t(3001), startedAt: t(3300) } },
      },
      {
        name: 'migrate',
        image: 'app',
        ready: false,
        started: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: t(3100) } },
        lastState: {},
      },
    ],
    containerStatuses: [
      {
        name: 'app',
        image: 'app',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: t(3000) } },
        lastState: {},
      },
    ],
  },
};

/** A pod failing its second init container with no reason, only a signal. */
const initSignalPod = {
  metadata: { name: 'job-1', namespace: 'batch', creationTimestamp: t(100) },
  spec: {
    initContainers: [{ name: 'a' }, { name: 'b' }],
    containers: [{ name: 'main' }],
    schedulingGates: [],
  },
  status: {
    phase: 'Pending',
    conditions: [{ type: 'Initialized', status: 'False' }],
    initContainerStatuses: [
      {
        name: 'a',
        ready: true,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
      {
        name: 'b',
        ready: false,
        restartCount: 1,
        state: { terminated: { exitCode: 137, signal: 9, finishedAt: t(2) } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: t(40) } },
      },
    ],
    containerStatuses: [
      { name: 'main', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
    ],
  },
};

describe("slimPod keeps what kubectl's columns need", () => {
  it.each([
    ['sidecar, readiness gate, lost node', sidecarPod],
    ['init container killed by a signal', initSignalPod],
  ])('%s: the same READY, STATUS, RESTARTS and wide columns before and after slimming', (_, raw) => {
    expect(kubectlPodRow(slimPod(raw))).toEqual(kubectlPodRow(raw));
    expect(summarizePod(slimPod(raw), { now: NOW })).toEqual(summarizePod(raw, { now: NOW }));
  });

  it('those rows are the interesting ones (not trivially equal)', () => {
    expect(kubectlPodRow(sidecarPod)).toMatchObject({
      ready: '2/2',
      status: 'Unknown',
      restarts: 3,
      ip: '10.244.0.9',
      nominatedNode: 'kwok-node-1',
      readinessGates: '1/1',
    });
    expect(kubectlPodRow(initSignalPod)).toMatchObject({
      status: 'Init:Signal:9',
      restarts: 1,
      ready: '0/1',
    });
  });

  it('drops what the columns do not read (images, annotations, second pod IP)', () => {
    const s = slimPod(sidecarPod) as {
      metadata: object;
      spec: { initContainers: object[] };
      status: { podIPs: object[] };
    };
    expect(s.metadata).not.toHaveProperty('annotations');
    expect(s.spec.initContainers[0]).toEqual({ name: 'proxy', restartPolicy: 'Always' });
    expect(s.status.podIPs).toEqual([{ ip: '10.244.0.9' }]);
  });
});
