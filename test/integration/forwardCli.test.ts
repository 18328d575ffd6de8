// `tether import`, `tether export` and `tether forward …` as a user runs them: the built CLI
// (bin/tether.js) against a running `tether serve`, which forwards through the real kubectl to
// an echo server behind a kwok pod. The import file is written here in our own words: two
// valid kubectl services, one with a bad port, one naming an unknown context (imported, marked,
// not startable), and an SSH tunnel.
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
import { repoRoot } from '../support/vectors';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-fwd-cli';
const ECHO_PORT = 7000;

/** A port that was free a moment ago (the OS hands out ephemeral ports in sequence, not reused at once). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** True when nothing listens on the port any more (the forward closed its listener). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer().listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('tether import / export / forward against a running engine', () => {
  let serve: ServeHandle;
  let home: string;
  let echo: LocalServer;
  let exposure: Exposure;
  let dir: string;
  let svcPort: number;
  let deployPort: number;

  const tether = (args: string[], env: Record<string, string> = {}) =>
    execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
      env: { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home, NO_COLOR: '1', ...env },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
  const list = async (): Promise<ForwardStatus[]> => {
    const r = await tether(['forward', 'list', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    return JSON.parse(String(r.stdout)) as ForwardStatus[];
  };
  const byName = async (name: string) => {
    const f = (await list()).find((s) => s.spec.name === name);
    if (!f) throw new Error(`no forward named ${name}`);
    return f;
  };
  const waitState = (name: string, state: string) =>
    waitFor(async () => ((await byName(name)).state === state ? byName(name) : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: `${name} ${state}`,
    });

  beforeAll(async () => {
    echo = await startEchoServer();
    await fixtures.createNamespace(a, NS);
    await fixtures.createApp(a, { namespace: NS, name: 'echo', port: ECHO_PORT, containerPort: ECHO_PORT });
    exposure = await exposeViaPortForward(a, { namespace: NS, port: ECHO_PORT, target: { port: echo.port } });
    home = mkdtempSync(join(tmpdir(), 'tether-fwd-cli-'));
    dir = mkdtempSync(join(tmpdir(), 'tether-fwd-cli-files-'));
    svcPort = await freePort();
    deployPort = await freePort();
    writeFileSync(
      join(dir, 'localport.yaml'),
      [
        'version: "1.0"',
        'services:',
        '  - name: echo-svc',
        '    technology: kubectl',
        `    local_port: ${svcPort}`,
        `    remote_port: ${ECHO_PORT}`,
        '    connection:',
        '      resource_type: service',
        '      resource_name: echo',
        `      namespace: ${NS}`,
        // Expanded by the engine: unset, so the default after the first ":" is used.
        `      context: \${TETHER_TEST_UNSET_CTX:${a.context}}`,
        '    tags: [cli]',
        '  - name: echo-deploy',
        '    technology: kubectl',
        `    local_port: ${deployPort}`,
        `    remote_port: ${ECHO_PORT}`,
        '    connection:',
        '      resource_type: deployment',
        '      resource_name: echo',
        `      namespace: ${NS}`,
        `      context: ${a.context}`,
        '  - name: bad-port',
        '    technology: kubectl',
        '    local_port: 70000',
        '    remote_port: 80',
        '    connection: { resource_name: echo, namespace: default }',
        '  - name: elsewhere',
        '    technology: kubectl',
        '    local_port: 18081',
        '    remote_port: 80',
        '    connection: { resource_name: echo, context: no-such-context }',
        '  - name: bastion',
        '    technology: ssh',
        '    local_port: 15432',
        '    remote_port: 5432',
        '    connection: { host: bastion.example.com, user: me }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'kftray.json'),
      JSON.stringify([
        {
          alias: 'kf-echo',
          service: 'echo',
          namespace: NS,
          local_port: await freePort(),
          remote_port: ECHO_PORT,
          context: a.context,
          workload_type: 'service',
          protocol: 'tcp',
        },
        {
          alias: 'kf-dns',
          remote_address: '8.8.8.8',
          namespace: 'default',
          local_port: 5353,
          remote_port: 53,
          context: a.context,
          workload_type: 'proxy',
          protocol: 'udp',
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

  it('import --dry-run lists what would import and every bad or unsupported entry, changing nothing', async () => {
    const r = await tether(['import', join(dir, 'localport.yaml'), '--dry-run', '--json']);
    // Some entries are invalid: exit 1, but the valid ones are still listed.
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(String(r.stdout)) as { dryRun: boolean; saved: number; result: ImportResult };
    expect(out.dryRun).toBe(true);
    expect(out.saved).toBe(0);
    expect(out.result.format).toBe('localport');
    expect(out.result.forwards.map((f) => f.name)).toEqual(['echo-svc', 'echo-deploy', 'elsewhere']);
    expect(out.result.forwards[0]).toMatchObject({
      context: a.context,
      namespace: NS,
      target: { kind: 'service', name: 'echo' },
      localPort: svcPort,
      bindAddress: '127.0.0.1',
      tags: ['cli'],
    });
    expect(out.result.unsupported).toEqual([{ entry: 'bastion', reason: expect.stringMatching(/SSH/) }]);
    expect(out.result.errors.map((e) => e.entry)).toEqual(['bad-port']);
    expect(out.result.entries.find((e) => e.entry === 'elsewhere')?.outcomes).toContainEqual({
      kind: 'context-not-in-kubeconfig',
      context: 'no-such-context',
    });
    expect(await list()).toEqual([]);

    const human = await tether(['import', join(dir, 'localport.yaml'), '--dry-run']);
    expect(String(human.stdout)).toMatch(/Would import 3 forward\(s\)/);
    expect(String(human.stdout)).toMatch(/Not supported \(1\):\n\s+bastion: SSH/);
    expect(String(human.stderr)).toMatch(/error: bad-port: /);
    expect(await list()).toEqual([]);

    const kf = await tether(['import', join(dir, 'kftray.json'), '--dry-run', '--json']);
    expect(kf.exitCode).toBe(0);
    const kfOut = JSON.parse(String(kf.stdout)) as { result: ImportResult };
    expect(kfOut.result.format).toBe('kftray');
    expect(kfOut.result.forwards.map((f) => f.name)).toEqual(['kf-echo']);
    expect(kfOut.result.unsupported.map((u) => u.entry)).toEqual(['kf-dns']);
  });

  it('import saves the valid entries; forward start/stop/start-all/stop-all drive them', async () => {
    const r = await tether(['import', join(dir, 'localport.yaml')]);
    expect(r.exitCode).toBe(1);
    expect(String(r.stdout)).toMatch(/Imported 3 forward\(s\)/);
    expect(String(r.stderr)).toMatch(/error: bad-port: /);
    const imported = await list();
    expect(imported.map((s) => [s.spec.name, s.state, s.contextMissing === true])).toEqual([
      ['echo-svc', 'Stopped', false],
      ['echo-deploy', 'Stopped', false],
      ['elsewhere', 'Stopped', true],
    ]);
    const svc = imported[0]!;

    const start = await tether(['forward', 'start', svc.spec.id]);
    expect(start.exitCode, String(start.stderr)).toBe(0);
    expect(String(start.stdout)).toContain(svc.spec.id);
    const active = await waitState('echo-svc', 'Active');
    expect(active.localPort).toBe(svcPort);
    expect(await echoThrough(svcPort, 'through the CLI\n')).toBe('through the CLI\n');

    const table = await tether(['forward', 'list']);
    expect(String(table.stdout)).toMatch(
      new RegExp(`${svc.spec.id}\\s+Active\\s+127\\.0\\.0\\.1:${svcPort}`),
    );

    const stop = await tether(['forward', 'stop', svc.spec.id]);
    expect(stop.exitCode).toBe(0);
    expect((await byName('echo-svc')).state).toBe('Stopped');
    expect(await portIsFree(svcPort)).toBe(true);

    const unknown = await tether(['forward', 'start', 'no-such-forward']);
    expect(unknown.exitCode).toBe(1);
    expect(String(unknown.stderr)).toMatch(/no-such-forward: No forward with id/);

    // 'elsewhere' cannot start until its context is mapped: start-all says so and exits 1.
    const all = await tether(['forward', 'start-all', '--json']);
    expect(all.exitCode, String(all.stderr)).toBe(1);
    expect(String(all.stderr)).toMatch(/context "no-such-context" is not in your kubeconfig/);
    await waitState('echo-svc', 'Active');
    await waitState('echo-deploy', 'Active');
    expect(await echoThrough(svcPort, 'svc\n')).toBe('svc\n');
    expect(await echoThrough(deployPort, 'deploy\n')).toBe('deploy\n');

    const none = await tether(['forward', 'stop-all']);
    expect(none.exitCode).toBe(0);
    expect((await list()).map((s) => s.state)).toEqual(['Stopped', 'Stopped', 'Stopped']);
    expect(await portIsFree(deployPort)).toBe(true);
  });

  it('export prints Tether JSON that imports back as the same forwards', async () => {
    const r = await tether(['export']);
    expect(r.exitCode).toBe(0);
    const file = join(dir, 'export.json');
    writeFileSync(file, String(r.stdout));
    const back = await tether(['import', file, '--format', 'tether', '--dry-run', '--json']);
    expect(back.exitCode, String(back.stderr)).toBe(0);
    const out = JSON.parse(String(back.stdout)) as { result: ImportResult };
    const stored = await list();
    expect(out.result.errors).toEqual([]);
    expect(out.result.forwards).toEqual(stored.map((s) => s.spec));
  });

  it('forward commands without a running engine exit 3 and say how to start one', async () => {
    const r = await tether(['forward', 'list'], { TETHER_HOME: mkdtempSync(join(tmpdir(), 'tether-none-')) });
    expect(r.exitCode).toBe(3);
    expect(String(r.stderr)).toMatch(/No Tether engine is running/);
  });
});
