// A handle on one running cluster: kubectl (ours, never the machine's), apply, a
// client-node KubeConfig per user, and the API server faults. Built from plain data
// (ClusterInfo) so test workers can rebuild it from what globalSetup provides.
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import type { Result } from 'execa';
import { stringify } from 'yaml';
import {
  componentPid,
  endApiClients,
  killApiServer,
  missingApiClients,
  pauseApiServer,
  resumeApiServer,
} from './apiserver.ts';
import { toolEnv } from './config.ts';
import type { ClusterPorts } from './kwokctl.ts';
import { startCluster } from './kwokctl.ts';
import { rssBytes } from './procs.ts';
import type { RawResponse } from './request.ts';
import { rawGet } from './request.ts';
import { waitFor } from './wait.ts';

/** Serializable description of a running cluster (what vitest's provide/inject carries). */
export interface ClusterInfo {
  /** kwok cluster name, e.g. `tether-a`; also the admin context's name. */
  name: string;
  /** Admin context (client certificate in group system:masters). */
  context: string;
  /** ServiceAccount token bound to a Role: pods yes, nodes and events no (403). */
  restrictedContext: string;
  /** The restricted token with one character changed (401). */
  badTokenContext: string;
  /** https://127.0.0.1:<port> */
  server: string;
  ports: ClusterPorts;
  /** KWOK_WORKDIR of the harness run that owns this cluster. */
  workdir: string;
  /** <workdir>/clusters/<name>: kwokctl's files, pids and logs. */
  clusterDir: string;
}

/** Which identity a call runs as. */
export type ClusterUser = 'admin' | 'restricted' | 'badtoken';

/** Options for ClusterHandle.kubectl. */
export interface KubectlOptions {
  user?: ClusterUser;
  /** Written to kubectl's stdin (e.g. for `apply -f -`). */
  input?: string;
  timeoutMs?: number;
  /** Throw on a non-zero exit (default true). */
  reject?: boolean;
}

/** Component names as kwokctl's pid files spell them. */
export const components = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok-controller',
] as const;

/** See the file comment. */
export class ClusterHandle {
  readonly info: ClusterInfo;
  readonly kubeconfigPath: string;
  readonly binDir: string;

  constructor(info: ClusterInfo, kubeconfigPath: string, binDir: string) {
    this.info = info;
    this.kubeconfigPath = kubeconfigPath;
    this.binDir = binDir;
  }

  get name(): string {
    return this.info.name;
  }
  get context(): string {
    return this.info.context;
  }
  get server(): string {
    return this.info.server;
  }

  /** Context name in the merged kubeconfig for a user. */
  contextFor(user: ClusterUser = 'admin'): string {
    if (user === 'restricted') return this.info.restrictedContext;
    if (user === 'badtoken') return this.info.badTokenContext;
    return this.info.context;
  }

  /** Runs our kubectl against this cluster. Throws with stderr on failure unless reject is false. */
  async kubectl(args: string[], opts: KubectlOptions = {}): Promise<Result> {
    const r = await execa(
      join(this.binDir, 'kubectl'),
      ['--kubeconfig', this.kubeconfigPath, '--context', this.contextFor(opts.user), ...args],
      {
        env: toolEnv(this.info.workdir, this.binDir),
        ...(opts.input !== undefined ? { input: opts.input } : {}),
        timeout: opts.timeoutMs ?? 60_000,
        reject: false,
      },
    );
    if ((opts.reject ?? true) && (r.exitCode !== 0 || r.timedOut)) {
      throw new Error(
        `kubectl ${args.join(' ')} on ${this.name} failed: ${r.stderr || r.stdout || r.shortMessage}`,
      );
    }
    return r;
  }

  /** `kubectl get … -o json`, parsed. */
  async getJson<T = Record<string, unknown>>(args: string[], opts: KubectlOptions = {}): Promise<T> {
    const r = await this.kubectl(['get', ...args, '-o', 'json'], opts);
    return JSON.parse(String(r.stdout)) as T;
  }

  /** Server-side applies objects (or YAML text) as the admin. */
  async apply(objects: object | object[] | string): Promise<void> {
    const yaml =
      typeof objects === 'string'
        ? objects
        : (Array.isArray(objects) ? objects : [objects])
            .map((o) => stringify(o, { lineWidth: 0 }))
            .join('---\n');
    await this.kubectl(
      ['apply', '--server-side', '--force-conflicts', '--field-manager', 'tether-harness', '-f', '-'],
      {
        input: yaml,
      },
    );
  }

  /** A client-node KubeConfig for this cluster, as `user`, read from the merged file. */
  kubeConfig(user: ClusterUser = 'admin'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigPath);
    kc.setCurrentContext(this.contextFor(user));
    return kc;
  }

  /** One GET with a hard timeout (see request.ts); rejects with RequestFailed on no answer. */
  rawGet(path: string, opts: { user?: ClusterUser; timeoutMs?: number } = {}): Promise<RawResponse> {
    return rawGet(this.kubeConfig(opts.user), path, opts.timeoutMs);
  }

  /** PID of a control-plane component, or undefined when it is not running. */
  pid(component: (typeof components)[number]): number | undefined {
    return componentPid(this.info.clusterDir, component);
  }

  /** Resident memory of all control-plane processes of this cluster, in bytes. */
  memoryBytes(): number {
    return components.reduce((sum, c) => sum + rssBytes(this.pid(c) ?? 0), 0);
  }

  /** Crash the API server (SIGKILL); requests then fail with connection refused. */
  async stopApiServer(): Promise<void> {
    await killApiServer(this.info.clusterDir, this.info.ports.apiServer);
  }

  /**
   * Bring the API server back on the same port with the same args, and wait until it is
   * ready — with a controller manager and a scheduler that work again at once (see
   * endApiClients), so tests that run after a fault find a cluster that makes pods.
   */
  async startApiServer(): Promise<void> {
    resumeApiServer(this.info.clusterDir); // a paused server counts as running for kwokctl
    await endApiClients(this.info.clusterDir);
    for (let attempt = 1; ; attempt++) {
      await startCluster(this.info.workdir, this.binDir, this.name);
      await this.waitForApiServer();
      const missing = missingApiClients(this.info.clusterDir);
      if (missing.length === 0) return;
      if (attempt === 3) throw new Error(`${this.name}: ${missing.join(', ')} did not start again`);
    }
  }

  /** Freeze the API server (SIGSTOP): connections open, requests hang until their timeout. */
  async pauseApiServer(): Promise<void> {
    await pauseApiServer(this.info.clusterDir);
  }

  /** Unfreeze the API server (SIGCONT). */
  resumeApiServer(): void {
    resumeApiServer(this.info.clusterDir);
  }

  /** Waits until /readyz answers ok. */
  async waitForApiServer(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        const r = await this.kubectl(['get', '--raw', '/readyz', '--request-timeout=2s'], { reject: false });
        return r.exitCode === 0 && String(r.stdout).trim() === 'ok';
      },
      { timeoutMs, intervalMs: 200, what: `${this.name} API server ready` },
    );
  }
}
