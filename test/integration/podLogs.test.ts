import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodLogs } from '../../src/shared/contract';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings } from '../../src/main/core/settings/engineSettings';
import { fixtures, waitFor } from '../harness/index.ts';
import { RESTRICTED, USERS_NAMESPACE } from '../harness/users.ts';
import { memoryLogger } from '../support/memoryLogger';
import { repoRoot } from '../support/vectors';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

// The crashed container's last lines, read from the real API server, which asks the node's
// kubelet (here kwok: it serves a pod's logs from the files its `Logs` resource names, the
// current run's and the previous run's — the harness turns the Logs CRD on). kubectl, run on
// the same pods, is the oracle for what the lines are.

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-pod-logs';
/** A namespace where the restricted user may read pods but not their logs. */
const DENIED = 'tether-pod-logs-denied';
const dir = mkdtempSync(join(tmpdir(), 'tether-pod-logs-'));

/** A log file in the CRI format a kubelet keeps (kwok parses it the same way). */
function logFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  const start = Date.parse('2026-12-06T09:00:00Z');
  writeFileSync(
    path,
    lines
      .map((l, i) => `${new Date(start + i * 1000).toISOString()} ${i % 3 ? 'stdout' : 'stderr'} F ${l}\n`)
      .join(''),
  );
  return path;
}

const previousRun = [
  ...Array.from({ length: 78 }, (_, i) => `starting worker ${i + 1}`),
  'connecting to \u001b[31mpostgres\u001b[0m at db:5432',
  'panic: dial tcp 10.0.0.9:5432: connect: connection refused',
];
const currentRun = ['booting', 'listening on :8080'];

function logsFor(name: string, files: { current: string; previous?: string }) {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: { name, namespace: NS },
    spec: {
      logs: [
        {
          containers: ['main'],
          logsFile: files.current,
          ...(files.previous ? { previousLogsFile: files.previous } : {}),
        },
      ],
    },
  };
}

async function startEngine(contexts: string[]): Promise<Engine> {
  const settings = defaultEngineSettings();
  settings.monitoredContexts = contexts;
  const engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'tether-podlogs-engine-')),
    mode: 'headless',
    log: memoryLogger(),
    env: { KUBECONFIG: h.kubeconfigPath },
    settingsStorage: memoryStorage(settings),
  });
  await engine.start();
  return engine;
}

type Answer = { ok: true; value: PodLogs } | { ok: false; error: { code: string; message: string } };
async function readLogs(engine: Engine, req: Record<string, unknown>): Promise<Answer> {
  return (await engine.dispatch('clusters:podLogs', req as never, { transport: 'in-process' })) as Answer;
}
const logsOf = async (engine: Engine, req: Record<string, unknown>): Promise<PodLogs> => {
  const r = await readLogs(engine, req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

/** The CLI as users run it (the built bin/tether.js), one-shot against the harness. */
function tether(args: string[]) {
  return execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
    env: {
      KUBECONFIG: h.kubeconfigPath,
      TETHER_HOME: mkdtempSync(join(tmpdir(), 'tether-podlogs-cli-')),
      NO_COLOR: '1',
    },
    reject: false,
    timeout: 60_000,
  });
}

describe("a pod's last lines, through the real API server and kwok's log serving", () => {
  let admin: Engine;
  let restricted: Engine;

  beforeAll(async () => {
    await fixtures.createNamespace(a, NS);
    const previous = logFile('crasher-previous.log', previousRun);
    const current = logFile('crasher-current.log', currentRun);
    await a.apply([
      logsFor('crasher', { current, previous }),
      logsFor('steady', { current: logFile('steady.log', ['ready to serve', 'GET /healthz 200']) }),
    ]);
    await fixtures.createPod(a, { namespace: NS, name: 'crasher', state: 'crashloop' });
    await fixtures.createPod(a, { namespace: NS, name: 'steady', state: 'running' });

    await fixtures.createNamespace(a, DENIED, { restrictedAccess: false });
    await a.apply([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'pods-no-logs', namespace: DENIED },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'pods-no-logs', namespace: DENIED },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods-no-logs' },
        subjects: [{ kind: 'ServiceAccount', name: RESTRICTED, namespace: USERS_NAMESPACE }],
      },
    ]);
    await fixtures.createPod(a, { namespace: DENIED, name: 'private', state: 'running' });

    // kwok picks the Logs resources up through a watch: wait until kubectl reads them.
    await waitFor(
      async () => (await a.kubectl(['logs', 'steady', '-n', NS], { reject: false })).exitCode === 0,
      { timeoutMs: 30_000, what: 'kwok to serve the Logs of steady' },
    );
    [admin, restricted] = await Promise.all([
      startEngine([a.context]),
      startEngine([a.contextFor('restricted')]),
    ]);
  });

  afterAll(async () => {
    await Promise.all([admin?.stop(), restricted?.stop()]);
    for (const ns of [NS, DENIED])
      await a.kubectl(['delete', 'namespace', ns, '--wait=false'], { reject: false });
  });

  it("a crash-looping pod: by default its crashed run's last 50 lines, exactly as `kubectl logs -p --tail=50` prints them", async () => {
    const r = await logsOf(admin, { context: a.context, namespace: NS, name: 'crasher' });
    const kubectl = String((await a.kubectl(['logs', '-p', 'crasher', '-n', NS, '--tail=50'])).stdout);
    expect(r).toMatchObject({ container: 'main', previous: true, lines: 50, unavailable: null });
    expect(r.text).toBe(kubectl.replace(/\n$/, ''));
    expect(r.text.split('\n').at(-1)).toBe('panic: dial tcp 10.0.0.9:5432: connect: connection refused');
    expect(r.text.split('\n')[0]).toBe('starting worker 31');
    expect(r.command).toBe(`kubectl logs -p crasher -n ${NS} --context ${a.context} --tail=50`);
  });

  it('the current run when asked, and a smaller tail', async () => {
    const r = await logsOf(admin, {
      context: a.context,
      namespace: NS,
      name: 'crasher',
      previous: false,
      tailLines: 1,
    });
    expect(r).toMatchObject({ previous: false, text: 'listening on :8080', lines: 1, truncated: false });
  });

  it('a running pod: its current run; asking for a previous run it does not have says so plainly', async () => {
    const r = await logsOf(admin, { context: a.context, namespace: NS, name: 'steady' });
    expect(r).toMatchObject({ container: 'main', previous: false, text: 'ready to serve\nGET /healthz 200' });
    const prev = await logsOf(admin, { context: a.context, namespace: NS, name: 'steady', previous: true });
    expect(prev.lines).toBe(0);
    expect(prev.unavailable).toEqual({
      kind: 'no-previous-run',
      message: 'Container main has no previous run: it has not restarted. Its current run can be read.',
    });
  });

  it('a pod that does not exist is not-found, as kubectl says NotFound', async () => {
    const r = await readLogs(admin, { context: a.context, namespace: NS, name: 'nobody' });
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'not-found',
        message: `pods "nobody" not found in namespace ${NS}`,
      }),
    });
  });

  it('a user who may read the pod but not pods/log is told plainly, with the API server’s own words', async () => {
    // kubectl as the same user: refused, so the refusal is the cluster's, not Tether's.
    const k = await a.kubectl(['logs', 'private', '-n', DENIED], { user: 'restricted', reject: false });
    expect(k.exitCode).toBe(1);
    expect(String(k.stderr)).toMatch(/Forbidden.*pods\/log/);
    const r = await logsOf(restricted, {
      context: a.contextFor('restricted'),
      namespace: DENIED,
      name: 'private',
    });
    expect(r.lines).toBe(0);
    expect(r.unavailable?.kind).toBe('forbidden');
    expect(r.unavailable?.message).toMatch(
      new RegExp(
        `^You may not read logs in ${DENIED} \\(no "get" on pods/log there\\)\\. The API server said: .*forbidden`,
      ),
    );
  });

  describe('tether cluster logs (the built CLI, one-shot)', () => {
    it('prints the crashed run, colour codes dropped, with a header on stderr; exit 0', async () => {
      const r = await tether(['cluster', 'logs', a.context, `${NS}/crasher`, '--tail', '3']);
      expect(r.exitCode).toBe(0);
      expect(String(r.stdout).split('\n')).toEqual([
        'starting worker 78',
        'connecting to postgres at db:5432',
        'panic: dial tcp 10.0.0.9:5432: connect: connection refused',
      ]);
      expect(String(r.stderr)).toContain(`# ${NS}/crasher (main, previous run), last 3 lines`);
    });

    it('-c, -n and --previous as kubectl; no previous run: exit 1 and why', async () => {
      const r = await tether(['cluster', 'logs', a.context, 'steady', '-n', NS, '-c', 'main', '--previous']);
      expect(r.exitCode).toBe(1);
      expect(String(r.stdout)).toBe('');
      expect(String(r.stderr)).toContain('error: Container main has no previous run');
    });

    it('403: exit 1, "may not read logs in NS"', async () => {
      const r = await tether(['cluster', 'logs', a.contextFor('restricted'), 'private', '-n', DENIED]);
      expect(r.exitCode).toBe(1);
      expect(String(r.stderr)).toContain(`error: You may not read logs in ${DENIED}`);
    });

    it('rejected credentials (401): exit 1 and why', async () => {
      const r = await tether(['cluster', 'logs', a.contextFor('badtoken'), 'steady', '-n', NS]);
      expect(r.exitCode).toBe(1);
      expect(String(r.stderr)).toMatch(/^error: .*credentials/m);
    });

    it("a pod that does not exist: kubectl's NotFound words, exit 1; an unknown context: exit 3; no POD: usage, exit 2", async () => {
      const missing = await tether(['cluster', 'logs', a.context, 'nobody', '-n', NS]);
      expect(missing.exitCode).toBe(1);
      expect(String(missing.stderr)).toContain(`Error from server (NotFound): pods "nobody" not found`);
      const unknown = await tether(['cluster', 'logs', 'no-such-context', 'x']);
      expect(unknown.exitCode).toBe(3);
      expect(String(unknown.stderr)).toContain(
        'context was not found for specified context: no-such-context',
      );
      const usage = await tether(['cluster', 'logs', a.context]);
      expect(usage.exitCode).toBe(2);
      expect(String(usage.stderr)).toContain('needs a POD');
    });
  });
});
