// kwok Stage resources that give pods and nodes the states kwok's defaults never reach:
// CrashLoopBackOff with a rising restart count, Failed, Succeeded, and a NotReady node.
// Each is selected by the FAKE_STATE label and has weight 1: kwok picks among matching
// stages by weight and skips weight-0 ones when any weight is set, so ours beat the
// defaults (pod-ready, node-initialize) whenever both match.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The label that selects one of our stages: `<FAKE_STATE>=<value>`. */
export const FAKE_STATE = 'tether.dev/fake-state';

/** Values of FAKE_STATE our stages understand. */
export const fakeStates = {
  crashLoop: 'crashloop',
  failed: 'failed',
  succeeded: 'succeeded',
  notReady: 'not-ready',
} as const;

type Expr = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };

const is = (value: string): Expr => ({
  key: `.metadata.labels["${FAKE_STATE}"]`,
  operator: 'In',
  values: [value],
});
const notDeleting: Expr = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const phase = (...values: string[]): Expr => ({ key: '.status.phase', operator: 'In', values });

function stage(
  name: string,
  kind: 'Pod' | 'Node',
  matchExpressions: Expr[],
  statusTemplate: string,
  extra: { delayMs?: number; event?: { type: 'Normal' | 'Warning'; reason: string; message: string } } = {},
): object {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind },
      selector: { matchExpressions },
      weight: 1,
      ...(extra.delayMs
        ? {
            delay: {
              durationMilliseconds: extra.delayMs,
              jitterDurationMilliseconds: Math.round(extra.delayMs * 1.25),
            },
          }
        : {}),
      next: { statusTemplate, ...(extra.event ? { event: extra.event } : {}) },
    },
  };
}

// Pod IPs as kwok's own pod-ready stage computes them.
const podAddresses = `
{{ with NodeIPsWith .spec.nodeName }}
hostIP: {{ index . 0 | Quote }}
{{ end }}
{{ with PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
podIP: {{ index . 0 | Quote }}
podIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}`;

const notReadyConditions = (reason: string) => `
conditions:
- type: Initialized
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: Ready
  status: "False"
  reason: ${reason}
  lastTransitionTime: {{ $now | Quote }}
- type: ContainersReady
  status: "False"
  reason: ${reason}
  lastTransitionTime: {{ $now | Quote }}`;

// A container that exits within a second of starting is, at every status report, in
// back-off: the API shows `waiting: CrashLoopBackOff`, the last exit in lastState, and a
// restartCount that rises (kubectl: CrashLoopBackOff, RESTARTS n). Our crash loop keeps
// it in that state and raises the count every ~3.5 s, so whoever reads the pod always
// sees CrashLoopBackOff, as with a real one.
const backOff = (restartCount: string) => `{{ $now := Now }}
{{ $root := . }}
phase: Running
${notReadyConditions('ContainersNotReady')}
containerStatuses:
{{ range $i, $c := .spec.containers }}
{{ $old := dict }}
{{ with $root.status.containerStatuses }}{{ $old = index . $i }}{{ end }}
{{ $started := $now }}
{{ with $old.state }}{{ with .running }}{{ $started = .startedAt }}{{ end }}{{ end }}
- name: {{ $c.name | Quote }}
  image: {{ $c.image | Quote }}
  ready: false
  started: false
  restartCount: ${restartCount}
  lastState:
    terminated:
      exitCode: 1
      reason: Error
      startedAt: {{ $started | Quote }}
      finishedAt: {{ $now | Quote }}
  state:
    waiting:
      reason: CrashLoopBackOff
      message: {{ printf "back-off 10s restarting failed container=%s pod=%s_%s(%s)" $c.name $root.metadata.name $root.metadata.namespace $root.metadata.uid | Quote }}
{{ end }}`;

const backOffEvent = {
  type: 'Warning',
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
} as const;
const waitingInBackOff: Expr = {
  key: '.status.containerStatuses.[0].state.waiting.reason',
  operator: 'In',
  values: ['CrashLoopBackOff'],
};

/** Pending → Running phase, first exit seen, in back-off (restartCount 0). */
const crashLoopStart = stage(
  'tether-crashloop-start',
  'Pod',
  [is(fakeStates.crashLoop), notDeleting, phase('Pending')],
  `${backOff('0')}
startTime: {{ Now | Quote }}
${podAddresses}`,
  { event: backOffEvent },
);

/** A running container (see makePodCrash) exits after ~1 s and goes into back-off. */
const crashLoopCrash = stage(
  'tether-crashloop-crash',
  'Pod',
  [
    is(fakeStates.crashLoop),
    notDeleting,
    phase('Running'),
    { key: '.status.containerStatuses.[0].state.running', operator: 'Exists' },
  ],
  backOff('{{ add1 (or $old.restartCount 0) }}'),
  { delayMs: 1000, event: backOffEvent },
);

/** In back-off: restarted, crashed again, back in back-off — restartCount + 1 (repeats). */
const crashLoopRepeat = stage(
  'tether-crashloop-repeat',
  'Pod',
  [is(fakeStates.crashLoop), notDeleting, phase('Running'), waitingInBackOff],
  backOff('{{ add1 (or $old.restartCount 0) }}'),
  { delayMs: 3000, event: backOffEvent },
);

/** A Running pod whose containers exit: Failed (exit 1) or Succeeded (exit 0). */
function terminate(
  name: string,
  state: string,
  podPhase: 'Failed' | 'Succeeded',
  exitCode: number,
  reason: string,
) {
  return stage(
    name,
    'Pod',
    [is(state), notDeleting, phase('Running')],
    `{{ $now := Now }}
{{ $root := . }}
phase: ${podPhase}
${notReadyConditions(podPhase === 'Succeeded' ? 'PodCompleted' : 'PodFailed')}
containerStatuses:
{{ range $i, $c := .spec.containers }}
- name: {{ $c.name | Quote }}
  image: {{ $c.image | Quote }}
  ready: false
  started: false
  restartCount: 0
  state:
    terminated:
      exitCode: ${exitCode}
      reason: ${reason}
      startedAt: {{ $root.status.startTime | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}`,
    { delayMs: 1000 },
  );
}

// The message a real kubelet posts when its CNI is not up.
const nodeNotReadyConditions = `{{ $now := Now }}
{{ $since := or .metadata.creationTimestamp $now }}
conditions:
{{ range NodeConditions }}
{{ if eq .type "Ready" }}
- type: Ready
  status: "False"
  reason: KubeletNotReady
  message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $since | Quote }}
{{ else }}
- type: {{ .type | Quote }}
  status: {{ .status | Quote }}
  reason: {{ .reason | Quote }}
  message: {{ .message | Quote }}
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $since | Quote }}
{{ end }}
{{ end }}`;

/** A new node comes up NotReady (kwok's node-initialize would make it Ready). */
const nodeNotReadyInit = stage(
  'tether-node-not-ready',
  'Node',
  [
    is(fakeStates.notReady),
    {
      key: '.status.conditions.[] | select( .type == "Ready" ) | .status',
      operator: 'NotIn',
      values: ['False'],
    },
  ],
  `${nodeNotReadyConditions}
addresses:
{{ with NodeIP }}
- type: InternalIP
  address: {{ . | Quote }}
{{ end }}
{{ with NodeName }}
- type: Hostname
  address: {{ . | Quote }}
{{ end }}
{{ with NodePort }}
daemonEndpoints:
  kubeletEndpoint:
    Port: {{ . }}
{{ end }}
allocatable: { cpu: "4", memory: 16Gi, pods: "110" }
capacity: { cpu: "4", memory: 16Gi, pods: "110" }
nodeInfo:
  architecture: amd64
  operatingSystem: linux
  kubeletVersion: {{ printf "kwok-%s" Version | Quote }}
  containerRuntimeVersion: {{ printf "kwok-%s" Version | Quote }}
phase: Running`,
);

/**
 * Keeps a NotReady node NotReady: while it matches, it outweighs node-initialize (which
 * matches every node that is not Ready) and re-posts status like a kubelet every ~20 s.
 */
const nodeNotReadyHeartbeat = stage(
  'tether-node-not-ready-heartbeat',
  'Node',
  [
    is(fakeStates.notReady),
    {
      key: '.status.conditions.[] | select( .type == "Ready" ) | .status',
      operator: 'In',
      values: ['False'],
    },
  ],
  nodeNotReadyConditions,
  { delayMs: 20_000 },
);

/** Our stages, in kwok's Stage format. */
export const tetherStages: object[] = [
  crashLoopStart,
  crashLoopCrash,
  crashLoopRepeat,
  terminate('tether-pod-fail', fakeStates.failed, 'Failed', 1, 'Error'),
  terminate('tether-pod-succeed', fakeStates.succeeded, 'Succeeded', 0, 'Completed'),
  nodeNotReadyInit,
  nodeNotReadyHeartbeat,
];

/**
 * The YAML kwokctl gets via --config: kwok's default stages (copied verbatim from its
 * module by the build script) plus ours. Stages given in config replace the defaults, so
 * both sets must be passed.
 */
export async function stagesYaml(defaultStagesDir: string): Promise<string> {
  const files = (await readdir(defaultStagesDir)).filter((f) => f.endsWith('.yaml')).sort();
  const defaults = await Promise.all(files.map((f) => readFile(join(defaultStagesDir, f), 'utf8')));
  const ours = tetherStages.map((s) => stringify(s, { lineWidth: 0 }));
  return [...defaults, ...ours].map((d) => d.trim()).join('\n---\n') + '\n';
}
