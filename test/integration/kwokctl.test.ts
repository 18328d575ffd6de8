// kwokctl must never download: the dry run of our create command links local binaries
// only, and the guard that checks it rejects kwokctl's plan when a binary is missing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBinaries } from '../harness/index.ts';
import { assertNoDownloads, createClusterArgs, kwokctl } from '../harness/kwokctl.ts';

let workdir: string;
let binDir: string;
const ports = {
  apiServer: 32001,
  kwokController: 32002,
  etcd: 32003,
  etcdPeer: 32004,
  controllerManager: 32005,
  scheduler: 32006,
};

beforeAll(async () => {
  binDir = (await ensureBinaries({ quiet: true })).binDir;
  workdir = await mkdtemp(join(tmpdir(), 'tether-dryrun-'));
});

afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
});

describe('kwokctl downloads nothing', () => {
  it('our create command only links local binaries', async () => {
    const plan = await kwokctl(workdir, binDir, [
      '--dry-run',
      ...createClusterArgs({ name: 'dry', workdir, binDir }, ports),
    ]);
    const sources = [...plan.matchAll(/^# Download (\S+)/gm)].map((m) => m[1]);
    expect(sources).toHaveLength(5);
    for (const src of sources) expect(src?.startsWith(binDir)).toBe(true);
    expect(() => assertNoDownloads(plan)).not.toThrow();
  });

  it('without the binary flags kwokctl would download, and the guard says so', async () => {
    const plan = await kwokctl(workdir, binDir, [
      '--dry-run',
      'create',
      'cluster',
      '--name',
      'dry',
      '--runtime',
      'binary',
    ]);
    expect(plan).toMatch(/^# Download https:\/\//m);
    expect(() => assertNoDownloads(plan)).toThrow(/would download https:\/\/.*must never download/s);
  });
});
