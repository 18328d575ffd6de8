// Starts N named kwok clusters from our binaries, merges their kubeconfigs (admin,
// restricted and bad-token contexts per cluster) into one file, and stops them all.
//
//   const h = await startHarness({ clusters: ['a', 'b'] });   // tether-a, tether-b
//   h.kubeconfigPath; h.cluster('a').kubectl(['get', 'pods']); await h.stop();
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBinaries } from './binaries.ts';
import { destroyWorkdir, guardWorkdir, sweepLeftovers, writeOwner } from './cleanup.ts';
import type { ClusterInfo } from './cluster.ts';
import { ClusterHandle } from './cluster.ts';
import { harnessRoot } from './config.ts';
import { installCrds } from './fixtures/crds.ts';
import { seedCluster } from './fixtures/seed.ts';
import type { KubeconfigCluster } from './kubeconfig.ts';
import { readKwokctlKubeconfig, tokenContext, writeMergedKubeconfig } from './kubeconfig.ts';
import { createCluster, deleteCluster } from './kwokctl.ts';
import { processesMentioning } from './procs.ts';
import { stagesYaml } from './stages.ts';
import { setupUsers } from './users.ts';

/** Options for startHarness. */
export interface HarnessOptions {
  /** Cluster names; `tether-` is prefixed unless present. Default ['tether-a', 'tether-b']. */
  clusters?: string[];
  /** Namespaces the restricted user may read from the start (more via fixtures.createNamespace). */
  restrictedNamespaces?: string[];
  /** Put fixtures.seed's content (nodes, apps, pods in every state, events) in every cluster. */
  seed?: boolean;
  /** Use this workdir instead of a fresh one (the CLI's `up`); it is never swept. */
  manualWorkdir?: string;
  /** Progress messages (default: stderr). */
  log?: (message: string) => void;
}

/** Serializable description of a running harness (provided to test workers by globalSetup). */
export interface HarnessInfo {
  workdir: string;
  kubeconfigPath: string;
  binDir: string;
  clusters: ClusterInfo[];
  /** Seconds: binaries (warm ≈ 0), each cluster's creation, the whole start. */
  timings: { binaries: number; clusters: Record<string, number>; total: number };
}

/** A set of running clusters. */
export class Harness {
  readonly info: HarnessInfo;
  readonly clusters: ClusterHandle[];
  /** True when this process started the clusters and must stop them. */
  readonly owned: boolean;
  private unguard: () => void;

  constructor(info: HarnessInfo, owned: boolean, unguard: () => void = () => {}) {
    this.info = info;
    this.owned = owned;
    this.unguard = unguard;
    this.clusters = info.clusters.map((c) => new ClusterHandle(c, info.kubeconfigPath, info.binDir));
  }

  get kubeconfigPath(): string {
    return this.info.kubeconfigPath;
  }

  /** A cluster by name, with or without the `tether-` prefix. */
  cluster(name: string): ClusterHandle {
    const c = this.clusters.find((x) => x.name === name || x.name === clusterName(name));
    if (!c)
      throw new Error(
        `no cluster ${name} in this harness (have ${this.clusters.map((x) => x.name).join(', ')})`,
      );
    return c;
  }

  /** Deletes every cluster and the workdir; afterwards no process of this run is left. */
  async stop(): Promise<void> {
    if (!this.owned) throw new Error('this harness was attached, not started here; its owner stops it');
    this.unguard();
    await stopWorkdir(
      this.info.workdir,
      this.info.binDir,
      this.info.clusters.map((c) => c.name),
    );
  }
}

/** `a` → `tether-a`; names already starting with `tether-` stay. */
export const clusterName = (name: string): string => (name.startsWith('tether-') ? name : `tether-${name}`);

const defaultLog = (m: string) => process.stderr.write(`[tether-harness] ${m}\n`);

/** Deletes clusters through kwokctl, then kills anything left and removes the workdir. */
export async function stopWorkdir(workdir: string, binDir: string, names: string[]): Promise<void> {
  if (!existsSync(workdir)) return;
  const pids = processesMentioning(workdir + '/');
  // kwokctl delete is the polite way; destroyWorkdir catches whatever it missed.
  await Promise.allSettled(names.map((n) => deleteCluster(workdir, binDir, n)));
  await destroyWorkdir(workdir, pids);
}

/**
 * Builds or reuses the binaries, sweeps leftovers of dead runs, and starts the clusters
 * in parallel (each ≈ 8 s alone). Throws with the cause if anything fails, after
 * cleaning up what it started: never a half-started harness.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const log = opts.log ?? defaultLog;
  const t0 = performance.now();
  const bins = await ensureBinaries();
  await mkdir(harnessRoot, { recursive: true });
  const swept = await sweepLeftovers(harnessRoot);
  if (swept.length) log(`swept leftovers of dead runs: ${swept.join(', ')}`);

  const workdir = opts.manualWorkdir ?? (await mkdtemp(join(harnessRoot, 'run-')));
  await mkdir(workdir, { recursive: true });
  writeOwner(workdir, opts.manualWorkdir !== undefined);
  const unguard = opts.manualWorkdir ? () => {} : guardWorkdir(workdir);
  const names = (opts.clusters ?? ['a', 'b']).map(clusterName);
  try {
    const stages = await stagesYaml(bins.stagesDir);
    const timings: Record<string, number> = {};
    const created = await Promise.all(
      names.map(async (name) => {
        const t = performance.now();
        const ports = await createCluster({ name, workdir, binDir: bins.binDir, stagesYaml: stages });
        timings[name] = round((performance.now() - t) / 1000);
        log(`cluster ${name} up in ${timings[name]} s (API server ${ports.apiServer})`);
        return { name, ports, clusterDir: join(workdir, 'clusters', name) };
      }),
    );
    const kubeconfigPath = join(workdir, 'kubeconfig.yaml');
    const entries: KubeconfigCluster[] = await Promise.all(
      created.map(async (c) => ({
        name: c.name,
        tokens: {},
        ...(await readKwokctlKubeconfig(c.clusterDir)),
      })),
    );
    await writeMergedKubeconfig(kubeconfigPath, entries);
    const info: HarnessInfo = {
      workdir,
      kubeconfigPath,
      binDir: bins.binDir,
      clusters: created.map((c, i) => ({
        name: c.name,
        context: c.name,
        restrictedContext: tokenContext(c.name, 'restricted'),
        badTokenContext: tokenContext(c.name, 'badtoken'),
        server: entries[i]?.server ?? '',
        ports: c.ports,
        workdir,
        clusterDir: c.clusterDir,
      })),
      timings: { binaries: round(bins.seconds), clusters: timings, total: 0 },
    };
    const handles = info.clusters.map((c) => new ClusterHandle(c, kubeconfigPath, bins.binDir));
    const namespaces = opts.restrictedNamespaces ?? ['default'];
    await Promise.all(
      handles.map(async (h, i) => {
        await installCrds(h);
        const entry = entries[i];
        if (entry) entry.tokens = await setupUsers(h, namespaces);
      }),
    );
    await writeMergedKubeconfig(kubeconfigPath, entries);
    if (opts.seed) await Promise.all(handles.map((h) => seedCluster(h)));
    info.timings.total = round((performance.now() - t0) / 1000);
    await writeFile(join(workdir, 'harness.json'), JSON.stringify(info, null, 2));
    log(`ready in ${info.timings.total} s; KUBECONFIG=${kubeconfigPath}`);
    return new Harness(info, true, unguard);
  } catch (err) {
    unguard();
    await stopWorkdir(workdir, bins.binDir, names);
    throw new Error(
      `tether harness: could not start clusters ${names.join(', ')}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/** Rebuilds a Harness from its info in another process; it does not own the clusters. */
export function attachHarness(info: HarnessInfo): Harness {
  return new Harness(info, false);
}

/** Reads harness.json of a running workdir (the CLI's status). */
export async function readHarnessInfo(workdir: string): Promise<HarnessInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(workdir, 'harness.json'), 'utf8')) as HarnessInfo;
  } catch {
    return undefined;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
