// A teammate's file names contexts this user does not have. `tether import` keeps those entries
// (marked, not startable), and `--context-map THEIRS=MINE` maps them to one of the user's
// contexts, after which they forward for real: the built CLI against `tether serve`, the real
// kubectl and an echo server behind a kwok pod. The Kube Forwarder export is a real file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../src/shared/contract';
import type { ImportResult } from '../../src/shared/logic/import';
import { echoThrough, exposeViaPortForward, fixtures, startEchoServer, waitFor } from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { describeVectors, repoRoot, vectorPath } from '../support/vectors';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-ctx-map';
const ECHO_PORT = 7000;
const THEIRS = 'teammate-kind';
const NAV = 'dev-fss \u2014 nais-user';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('tether import --context-map against a running engine', () => {
  let serve: ServeHandle;
  let home: string;
  let echo: LocalServer;
  let exposure: Exposure;
  let file: string;
  let localPort: number;

  const tether = (args: string[]) =>
    execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
      env: { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home, NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
  const list = async (): Promise<ForwardStatus[]> => {
    const r = await tether(['forward', 'list', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    return JSON.parse(String(r.stdout)) as ForwardStatus[];
  };

  beforeAll(async () => {
    echo = await startEchoServer();
    await fixtures.createNamespace(a, NS);
    await fixtures.createApp(a, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT });
    exposure = await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } });
    home = mkdtempSync(join(tmpdir(), 'tether-ctx-map-'));
    localPort = await freePort();
    file = join(mkdtempSync(join(tmpdir(), 'tether-ctx-map-files-')), 'team.kftray.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          alias: 'team-echo',
          service: 'echo',
          namespace: NS,
          local_port: localPort,
          remote_port: ECHO_PORT,
          context: THEIRS,
          workload_type: 'service',
          protocol: 'tcp',
        },
      ]),
    );
    serve = await startTetherServe({
      KUBECONFIG: h.kubeconfigPath,
      TETHER_HOME: home,
      TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
    });
  });

  afterAll(async () => {
    await serve?.stop();
    await exposure?.remove();
    await echo?.close();
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  it('imports the entry whose context is missing, marked; a start attempt says why it cannot start', async () => {
    const r = await tether(['import', file]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/Imported 1 forward\(s\)/);
    expect(String(r.stdout)).toContain(
      `team-echo: new; context "${THEIRS}" is not in your kubeconfig: imported, cannot start until mapped (--context-map "${THEIRS}=<your context>")`,
    );
    const [stored] = await list();
    expect(stored).toMatchObject({ state: 'Stopped', contextMissing: true, spec: { context: THEIRS } });

    const table = await tether(['forward', 'list']);
    expect(String(table.stdout)).toMatch(
      new RegExp(`team-echo.*context "${THEIRS}" is not in your kubeconfig`),
    );

    const start = await tether(['forward', 'start', 'team-echo']);
    expect(start.exitCode).toBe(1);
    expect(String(start.stderr)).toContain(
      `Cannot start "team-echo": context "${THEIRS}" is not in your kubeconfig. Map it to one of your contexts`,
    );
    expect((await list())[0]?.state).toBe('Stopped');

    // Export keeps it as it is.
    const exported = await tether(['export']);
    expect(JSON.parse(String(exported.stdout))).toMatchObject({
      forwards: [{ id: stored!.spec.id, context: THEIRS }],
    });
  });

  it('a malformed --context-map is a usage error that changes nothing', async () => {
    const r = await tether(['import', file, '--context-map', THEIRS]);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toContain(`"${THEIRS}" is not a context mapping: write THEIRS=MINE`);
    expect((await list()).map((s) => s.spec.context)).toEqual([THEIRS]);
  });

  it('--context-map THEIRS=MINE remaps the stored forward (same id), which then forwards for real', async () => {
    const before = (await list())[0]!;
    const dry = await tether([
      'import',
      file,
      '--context-map',
      `${THEIRS}=${a.context}`,
      '--dry-run',
      '--json',
    ]);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    const preview = JSON.parse(String(dry.stdout)) as { result: ImportResult };
    expect(preview.result.forwards.map((f) => [f.id, f.context])).toEqual([[before.spec.id, a.context]]);
    expect(preview.result.entries[0]?.outcomes).toEqual([{ kind: 'replaces', id: before.spec.id }]);
    expect((await list())[0]?.spec.context).toBe(THEIRS);

    const r = await tether(['import', file, '--context-map', `${THEIRS}=${a.context}`]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toContain(`"team-echo" now runs in context "${a.context}" (was "${THEIRS}")`);
    const [mapped] = await list();
    expect(mapped?.spec).toMatchObject({ id: before.spec.id, context: a.context });
    expect(mapped?.contextMissing).toBeUndefined();

    const start = await tether(['forward', 'start', 'team-echo']);
    expect(start.exitCode, String(start.stderr)).toBe(0);
    await waitFor(async () => ((await list())[0]?.state === 'Active' ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'team-echo Active',
    });
    expect(await echoThrough(localPort, 'mapped\n')).toBe('mapped\n');
    await tether(['forward', 'stop-all']);
  });

  describeVectors('a real Kube Forwarder export without a kubeconfig', () => {
    it('keeps its services under the cluster name until mapped; --context-map maps them', async () => {
      const kpf = vectorPath('kube-forwarder', 'v2-navikt-medlemskap-oppslag.kpf-export.v2.json');
      const plain = await tether(['import', kpf, '--dry-run', '--json']);
      expect(plain.exitCode, String(plain.stderr)).toBe(0);
      const unmapped = (JSON.parse(String(plain.stdout)) as { result: ImportResult }).result;
      expect(unmapped.errors).toEqual([]);
      expect(unmapped.forwards.map((f) => f.context)).toEqual([NAV, NAV, NAV]);
      expect(
        unmapped.entries.every((e) => e.outcomes.some((o) => o.kind === 'context-not-in-kubeconfig')),
      ).toBe(true);

      const withMap = await tether([
        'import',
        kpf,
        '--dry-run',
        '--json',
        '--context-map',
        `${NAV}=${a.context}`,
      ]);
      expect(withMap.exitCode, String(withMap.stderr)).toBe(0);
      const mapped = (JSON.parse(String(withMap.stdout)) as { result: ImportResult }).result;
      expect(mapped.forwards.map((f) => [f.name, f.context])).toEqual([
        ['testnorge-hodejegeren', a.context],
        ['medlemskap-oppslag', a.context],
        ['testnorge-medl', a.context],
      ]);
      expect(mapped.entries.map((e) => e.outcomes)).toEqual(Array(3).fill([{ kind: 'new' }]));
      expect(mapped.forwards.map((f) => f.id)).toEqual(unmapped.forwards.map((f) => f.id));
    });
  });
});
