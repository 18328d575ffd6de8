import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/index.ts';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { repoRoot } from '../support/vectors';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const b = h.cluster('b');

/** A TETHER_HOME whose settings monitor the given contexts. */
function homeMonitoring(contexts: string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'tether-cli-'));
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ version: 1, monitoredContexts: contexts, health: {} }),
  );
  return home;
}

function tether(args: string[], home: string) {
  return execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), ...args], {
    env: { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home, NO_COLOR: '1' },
    reject: false,
    timeout: 60_000,
  });
}

describe('tether status / cluster (one-shot, no engine running)', () => {
  it('status --json: the seeded cluster is Degraded, exit 0', async () => {
    const r = await tether(['status', '--json'], homeMonitoring([b.context]));
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout)) as {
      source: string;
      clusters: { context: string; state: string }[];
    };
    expect(out.source).toBe('one-shot');
    expect(out.clusters).toEqual([expect.objectContaining({ context: b.context, state: 'Degraded' })]);
  });

  it('status exits 1 when a monitored cluster is Unhealthy (bad token), and says why', async () => {
    const r = await tether(['status'], homeMonitoring([b.context, b.contextFor('badtoken')]));
    expect(r.exitCode).toBe(1);
    expect(String(r.stdout)).toMatch(/✖ Unhealthy\s+\S+badtoken\S*\s+credentials rejected/);
    expect(String(r.stdout)).toMatch(/▲ Degraded/);
  });

  it('cluster pods --problems lists the crash-looping pod first; --json parses', async () => {
    const r = await tether(
      ['cluster', 'pods', b.context, '-n', fixtures.seed.namespace, '--problems'],
      homeMonitoring([]),
    );
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS/);
    expect(String(r.stdout)).toContain(fixtures.seed.pods.crashLoop);
    expect(String(r.stdout)).not.toContain(fixtures.seed.pods.succeeded);
    const j = await tether(['cluster', 'pods', b.context, '--json'], homeMonitoring([]));
    expect((JSON.parse(String(j.stdout)) as { total: number }).total).toBeGreaterThan(3);
  });

  it('cluster events --warnings --since 1h shows the seeded Warning', async () => {
    const r = await tether(
      ['cluster', 'events', b.context, '--warnings', '--since', '1h'],
      homeMonitoring([]),
    );
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toMatch(/Warning\s+Unhealthy/);
  });

  it('bad arguments exit 2 with the usage; an unknown context is a clear error', async () => {
    const home = homeMonitoring([]);
    expect((await tether(['cluster', 'frobnicate'], home)).exitCode).toBe(2);
    expect((await tether(['cluster', 'events', b.context, '--since', 'soon'], home)).stderr).toMatch(
      /--since takes a duration/,
    );
    const r = await tether(['cluster', 'status', 'no-such-context'], home);
    expect(r.exitCode).toBe(3);
    expect(String(r.stderr)).toMatch(/context was not found for specified context: no-such-context/);
  });
});

describe('tether status against a running engine', () => {
  let serve: ServeHandle;
  let home: string;
  beforeAll(async () => {
    home = homeMonitoring([a.context]);
    serve = await startTetherServe({ KUBECONFIG: h.kubeconfigPath, TETHER_HOME: home });
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('talks to the engine instead of starting its own', async () => {
    const r = await tether(['status', '--json'], home);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout)) as { source: string; monitored: string[] };
    expect(out.source).toBe('running');
    expect(out.monitored).toEqual([a.context]);
  });
});
