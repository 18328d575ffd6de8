// Pinned versions and the folders the harness uses. The build script reads the same
// TETHER_* variables, so both agree on where the binaries are.
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Versions the control plane is built at (see build-binaries.sh). */
export const versions = {
  kubernetes: process.env.TETHER_K8S_VERSION ?? 'v1.36.3',
  etcd: process.env.TETHER_ETCD_VERSION ?? 'v3.6.16',
  kwok: process.env.TETHER_KWOK_VERSION ?? 'v0.8.0',
} as const;

/** Root of Tether's cache, outside the repo so a clean checkout does not rebuild. */
export const cacheRoot = process.env.TETHER_CACHE ?? join(homedir(), '.cache', 'tether');

/** Where build-binaries.sh puts every binary. */
export const binDir = join(cacheRoot, 'k8s', versions.kubernetes, 'bin');

/** Every binary the harness runs; kubectl included so tests never use the machine's. */
export const binaryNames = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'etcd',
  'kwok',
  'kwokctl',
] as const;

/**
 * Parent of every harness run's KWOK_WORKDIR. Stable across runs so a new run can find
 * and sweep what a killed run left behind; never ~/.kwok or ~/.kube.
 */
export const harnessRoot = process.env.TETHER_HARNESS_DIR ?? join(tmpdir(), 'tether-harness');

/** The repository root (two levels above this file). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The build script, run (warm or cold) before any cluster starts. */
export const buildScript = join(repoRoot, 'test', 'harness', 'build-binaries.sh');

/** PATH with our bin dir first, so kwokctl and tests find our kubectl before any other. */
export function pathWithBinDir(dir: string = binDir): string {
  return [dir, process.env.PATH ?? ''].filter(Boolean).join(':');
}

/**
 * Environment for kubectl and kwokctl runs: our binaries first on PATH, and nothing
 * written to ~/.kube — kubectl's discovery cache goes to the workdir (KUBECACHEDIR), and
 * KUBECONFIG names a scratch file in the workdir for kwokctl, which otherwise adds every
 * cluster it creates to ~/.kube/config.
 */
export function toolEnv(workdir: string, dir: string = binDir): Record<string, string> {
  return {
    PATH: pathWithBinDir(dir),
    KUBECACHEDIR: join(workdir, 'kube-cache'),
    KUBECONFIG: join(workdir, 'kwokctl-kubeconfig.yaml'),
  };
}
