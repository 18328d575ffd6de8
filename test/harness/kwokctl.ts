// Runs kwokctl with our binaries only. Every component binary is given as a local path,
// kubectl is first on PATH, and HTTP(S)_PROXY points at a closed port so that any
// download kwokctl might still try fails at once instead of reaching the network.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { toolEnv } from './config.ts';
import { freePorts } from './ports.ts';

/** Ports one cluster listens on, all chosen by us (see ports.ts for why). */
export interface ClusterPorts {
  apiServer: number;
  kwokController: number;
  etcd: number;
  etcdPeer: number;
  controllerManager: number;
  scheduler: number;
}

/** What createCluster needs to know. */
export interface CreateClusterSpec {
  name: string;
  /** KWOK_WORKDIR: clusters live in <workdir>/clusters/<name>. */
  workdir: string;
  binDir: string;
  /** YAML with every Stage kwok should run (see stages.ts). */
  stagesYaml: string;
}

/** Environment for every kwokctl run. */
export function kwokctlEnv(workdir: string, binDir: string): Record<string, string> {
  const deadProxy = 'http://127.0.0.1:9';
  return {
    ...toolEnv(workdir, binDir),
    KWOK_WORKDIR: workdir,
    HTTP_PROXY: deadProxy,
    HTTPS_PROXY: deadProxy,
    http_proxy: deadProxy,
    https_proxy: deadProxy,
    NO_PROXY: '127.0.0.1,localhost,::1',
    no_proxy: '127.0.0.1,localhost,::1',
  };
}

/** Runs kwokctl; throws with its output when it fails. */
export async function kwokctl(
  workdir: string,
  binDir: string,
  args: string[],
  opts: { timeoutMs?: number } = {},
): Promise<string> {
  const r = await execa(join(binDir, 'kwokctl'), args, {
    env: kwokctlEnv(workdir, binDir),
    reject: false,
    all: true,
    timeout: opts.timeoutMs ?? 180_000,
  });
  if (r.exitCode !== 0 || r.timedOut) {
    const hint = /download|https?:\/\//i.test(r.all ?? '')
      ? '\nkwokctl tried to reach the network; every binary must be a local path (nothing may be downloaded).'
      : '';
    throw new Error(`kwokctl ${args.join(' ')} failed (exit ${r.exitCode})${hint}\n${r.all ?? ''}`);
  }
  return r.all ?? '';
}

/** `kwokctl create cluster` arguments: every binary a local path, RBAC on, our ports. */
export function createClusterArgs(
  spec: Omit<CreateClusterSpec, 'stagesYaml'>,
  ports: ClusterPorts,
  configPaths: string[] = [],
): string[] {
  const bin = (n: string) => join(spec.binDir, n);
  return [
    ...configPaths.flatMap((c) => ['--config', c]),
    'create',
    'cluster',
    '--name',
    spec.name,
    '--runtime',
    'binary',
    '--kube-apiserver-binary',
    bin('kube-apiserver'),
    '--kube-controller-manager-binary',
    bin('kube-controller-manager'),
    '--kube-scheduler-binary',
    bin('kube-scheduler'),
    '--etcd-binary',
    bin('etcd'),
    '--kwok-controller-binary',
    bin('kwok'),
    '--kube-authorization',
    '--enable-crds',
    'PortForward,ClusterPortForward,Logs,ClusterLogs',
    '--kube-apiserver-port',
    String(ports.apiServer),
    '--controller-port',
    String(ports.kwokController),
    '--etcd-port',
    String(ports.etcd),
    '--kube-controller-manager-port',
    String(ports.controllerManager),
    '--kube-scheduler-port',
    String(ports.scheduler),
    '--wait',
    '2m',
    '--timeout',
    '3m',
  ];
}

/**
 * Options without a command-line flag go in a KwokctlConfiguration: the etcd peer port
 * (else kwokctl picks one and parallel creations collide), loopback-only listeners,
 * kubectl's path and a private download cache that must stay empty.
 *
 * The controller manager and the scheduler run without leader election: with it on (their
 * default), an API server stopped or paused for longer than the lease's renew deadline
 * (10 s) makes them exit with "leaderelection lost", and nothing restarts them — after a
 * fault test, deployments would stop making pods and new pods would never be scheduled.
 * There is only ever one of each, so there is no leader to elect.
 */
function kwokctlConfiguration(spec: CreateClusterSpec, ports: ClusterPorts): object {
  return {
    apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
    kind: 'KwokctlConfiguration',
    options: {
      etcdPeerPort: ports.etcdPeer,
      bindAddress: '127.0.0.1',
      kubectlBinary: join(spec.binDir, 'kubectl'),
      cacheDir: join(spec.workdir, 'download-cache'),
      quietPull: true,
    },
    componentsPatches: ['kube-controller-manager', 'kube-scheduler'].map((name) => ({
      name,
      extraArgs: [{ key: 'leader-elect', value: 'false' }],
    })),
  };
}

/**
 * `kwokctl --dry-run` prints "# Download <src> to <dest>" for every binary it would
 * fetch or link. Any src that is not an absolute local path means a download: refuse.
 */
export function assertNoDownloads(dryRunOutput: string): void {
  const remote = [...dryRunOutput.matchAll(/^# Download (\S+)/gm)]
    .map((m) => m[1] ?? '')
    .filter((src) => !src.startsWith('/'));
  if (remote.length > 0) {
    throw new Error(
      `kwokctl would download ${remote.join(', ')}. The harness gives kwokctl every binary as a local ` +
        'path and must never download; check build-binaries.sh and kwokctl.ts.',
    );
  }
}

/**
 * Creates and starts one cluster; returns its ports. Runs a --dry-run first to prove
 * nothing would be downloaded. Takes a few seconds per cluster.
 */
export async function createCluster(spec: CreateClusterSpec): Promise<ClusterPorts> {
  const [apiServer, kwokController, etcd, etcdPeer, controllerManager, scheduler] = await freePorts(6);
  const ports = { apiServer, kwokController, etcd, etcdPeer, controllerManager, scheduler } as ClusterPorts;
  const confDir = join(spec.workdir, 'config', spec.name);
  await mkdir(confDir, { recursive: true });
  const kwokctlConf = join(confDir, 'kwokctl.yaml');
  const stagesPath = join(confDir, 'stages.yaml');
  await writeFile(kwokctlConf, stringify(kwokctlConfiguration(spec, ports)));
  await writeFile(stagesPath, spec.stagesYaml);
  const args = createClusterArgs(spec, ports, [kwokctlConf, stagesPath]);
  assertNoDownloads(await kwokctl(spec.workdir, spec.binDir, ['--dry-run', ...args]));
  await kwokctl(spec.workdir, spec.binDir, args);
  return ports;
}

/** Stops and removes one cluster (kills its components by their pid files). */
export async function deleteCluster(workdir: string, binDir: string, name: string): Promise<void> {
  await kwokctl(workdir, binDir, ['delete', 'cluster', '--name', name], { timeoutMs: 60_000 });
}

/** Starts every stopped component of a cluster and waits until /version answers. */
export async function startCluster(workdir: string, binDir: string, name: string): Promise<void> {
  await kwokctl(workdir, binDir, ['start', 'cluster', '--name', name], { timeoutMs: 150_000 });
}
