// The CLI's read commands against the real API server: a list that was refused, rejected or
// could not be fetched is never printed as "No pods." with exit 0; kubectl's words go to
// stderr; a list kept from before an outage is marked stale; and reading never changes a
// setting. The outage runs on a dedicated cluster so the shared ones stay up for other tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, startHarness, waitFor, type ClusterHandle, type Harness } from '../harness/index.ts';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { repoRoot } from '../support/vectors';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');

function homeMonitoring(contexts: string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'tether-cli-trust-'));
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ version: 1, monitoredContexts: contexts, health: {} }),
  );
  return home;
}

function tether(args: string[], home: string, kubeconfig = h.kubeconfigPath) {
  return execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
    env: { KUBECONFIG: kubeconfig, TETHER_HOME: home, NO_COLOR: '1' },
    reject: false,
    timeout: 60_000,
  });
}

describe('tether cluster pods|events|status when the list fails (one-shot)', () => {
  it('401: exit 1, "You must be logged in to the server" on stderr, never "No pods."', async () => {
    const r = await tether(['cluster', 'pods', b.contextFor('badtoken')], homeMonitoring([]));
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toContain('error: You must be logged in to the server (Unauthorized)');
    expect(String(r.stdout)).not.toMatch(/No pods/);
    const j = await tether(['cluster', 'events', b.contextFor('badtoken'), '--json'], homeMonitoring([]));
    expect(j.exitCode).toBe(1);
    const out = JSON.parse(String(j.stdout)) as { status: { state: string; kubectl: string } };
    expect(out.status.state).toBe('unauthorized');
    expect(out.status.kubectl).toBe(`kubectl get events -A --context ${b.contextFor('badtoken')}`);
  });

  it("403 at cluster scope: a refused list exits 1 with the API server's Forbidden sentence; pods come from the user's namespace", async () => {
    const ctx = b.contextFor('restricted');
    // Its Role has no events anywhere: refused, never "Nothing happened".
    const r = await tether(['cluster', 'events', ctx], homeMonitoring([]));
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toMatch(
      /^Error from server \(Forbidden\): events is forbidden: User "system:serviceaccount:[^"]+" cannot list resource "events" in API group "" at the cluster scope/m,
    );
    expect(String(r.stdout)).toBe('');
    // Pods it may read in its context's namespace: listed from there, and said so.
    const p = await tether(['cluster', 'pods', ctx], homeMonitoring([]));
    expect(p.exitCode).toBe(0);
    expect(String(p.stderr)).toContain('# pods in default (no cluster-wide access)');
    const s = await tether(['cluster', 'status', ctx], homeMonitoring([]));
    expect(String(s.stdout)).toContain('pods in default (no cluster-wide access)');
    // Seen from its pods: a verdict, not "limited access: may not list …".
    expect(String(s.stdout)).toMatch(/^\S+ (Healthy|Degraded)\s+\S+\s+\(limited access,/);
    expect(String(s.stdout)).not.toMatch(/may not list|forbidden-partially/);
  });

  it("an unknown context: exit 3 with kubectl's words", async () => {
    const r = await tether(['cluster', 'pods', 'nope-context'], homeMonitoring([]));
    expect(r.exitCode).toBe(3);
    expect(String(r.stderr)).toContain('context was not found for specified context: nope-context');
  });
});

describe('read commands against a running engine change no setting', () => {
  let serve: ServeHandle;
  let home: string;
  beforeAll(async () => {
    home = homeMonitoring([a.context]);
    serve = await startTetherServe({ KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home });
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('cluster pods for an unmonitored context answers from a one-off look and saves nothing', async () => {
    const before = readFileSync(join(home, 'settings.json'), 'utf8');
    const r = await tether(['cluster', 'pods', b.context, '-n', fixtures.seed.namespace], home);
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toContain(fixtures.seed.pods.crashLoop);
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).toBe(before);
    const s = await tether(['status', '--json'], home);
    const out = JSON.parse(String(s.stdout)) as { monitored: string[]; clusters: { context: string }[] };
    expect(out.monitored).toEqual([a.context]);
    // The one-off look is not in the engine's list either (no row, no notification).
    expect(out.clusters.map((c) => c.context)).toEqual([a.context]);
  });
});

describe('a list kept from before an outage is marked stale', () => {
  let harness: Harness;
  let c: ClusterHandle;
  let serve: ServeHandle;
  let home: string;

  beforeAll(async () => {
    harness = await startHarness({ clusters: ['stale'] });
    c = harness.cluster('stale');
    await fixtures.seedCluster(c);
    home = homeMonitoring([c.context]);
    serve = await startTetherServe({ KUBECONFIG: harness.kubeconfigPath, TETHER_HOME: home });
  }, 180_000);
  afterAll(async () => {
    await serve?.stop();
    await harness?.stop();
  });

  it('API server killed: the kept pods with "# stale:" on stderr, exit 1, stale/listedAt in --json; back: exit 0', async () => {
    const pods = () => tether(['cluster', 'pods', c.context], home, harness.kubeconfigPath);
    await waitFor(async () => (await pods()).exitCode === 0, { timeoutMs: 60_000, what: 'pods listed' });
    await c.stopApiServer();
    try {
      let r = await pods();
      await waitFor(
        async () => {
          r = await pods();
          // Until the probe's verdict the list's own failure speaks; wait for the refusal.
          return r.exitCode === 1 && /# stale:.*since .*connection refused/.test(String(r.stderr));
        },
        { timeoutMs: 60_000, what: 'a stale pods list' },
      );
      expect(String(r.stderr)).toMatch(
        /^The connection to the server 127\.0\.0\.1:\d+ was refused - did you specify the right host or port\?$/m,
      );
      expect(String(r.stderr)).toMatch(
        /^# stale: last listed \d+ (s|min) ago — API unreachable since \S+.* \(connection refused/m,
      );
      expect(String(r.stdout)).toContain(fixtures.seed.pods.crashLoop);
      const j = await tether(['cluster', 'pods', c.context, '--json'], home, harness.kubeconfigPath);
      expect(j.exitCode).toBe(1);
      const out = JSON.parse(String(j.stdout)) as { stale: boolean; listedAt: number; items: unknown[] };
      expect(out.stale).toBe(true);
      expect(out.listedAt).toBeLessThanOrEqual(Date.now());
      expect(out.items.length).toBeGreaterThan(0);
      // The row's outage words come from the probe, whose verdict can lag the list's failure.
      let s = await tether(['cluster', 'status', c.context], home, harness.kubeconfigPath);
      await waitFor(
        async () => {
          s = await tether(['cluster', 'status', c.context], home, harness.kubeconfigPath);
          return /Unreachable since/.test(String(s.stdout));
        },
        { timeoutMs: 60_000, what: 'the probe to call the cluster unreachable' },
      );
      expect(s.exitCode).toBe(1);
      expect(String(s.stdout)).toMatch(/Unreachable since .+ — connection refused/);
      expect(String(s.stdout)).not.toMatch(/\d ms\)/);
    } finally {
      await c.startApiServer();
    }
    await waitFor(async () => (await pods()).exitCode === 0, { timeoutMs: 60_000, what: 'fresh pods again' });
    expect(String((await pods()).stderr)).not.toContain('# stale');
  });
});
