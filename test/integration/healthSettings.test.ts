import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tetherPaths } from '../../src/main/core/app/home';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { HealthSettingsView, Reply } from '../../src/shared/contract';
import { waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
/** A namespace nobody creates: scoped to it, with the node check off, cluster a has nothing wrong. */
const QUIET = { namespaces: ['tether-hs-quiet'], checks: { nodeStatus: false } };

describe('per-cluster health settings through the contract, against the real API server', () => {
  const home = mkdtempSync(join(tmpdir(), 'tether-health-settings-'));
  const settingsFile = tetherPaths(home).settings;
  let engine: Engine | undefined;

  const start = async () => {
    const e = createEngine({
      home,
      mode: 'headless',
      log: memoryLogger(),
      env: { KUBECONFIG: h.kubeconfigPath },
    });
    await e.start();
    return e;
  };
  const call = (channel: string, payload: unknown) =>
    engine!.dispatch(channel, payload, { transport: 'in-process' }) as Promise<Reply>;
  const onDisk = () => JSON.parse(readFileSync(settingsFile, 'utf8')) as EngineSettings;
  const waitHealthy = () =>
    waitFor(async () => engine!.clusters.monitor(a.context).summary().state === 'Healthy', {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: `${a.context} Healthy`,
    });

  beforeAll(async () => {
    const settings = defaultEngineSettings();
    settings.monitoredContexts = [a.context];
    settings.health = { contexts: { [a.context]: QUIET } };
    mkdirSync(home, { recursive: true });
    writeFileSync(settingsFile, JSON.stringify(settings));
    engine = await start();
    await waitHealthy();
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it('a new probe interval is saved to settings.json and the same monitor runs with it, still Healthy', async () => {
    const before = await call('health:settings', { context: a.context });
    expect(before).toMatchObject({ ok: true, value: { effective: { probeInterval: 30 }, overrides: QUIET } });
    const monitor = engine!.clusters.monitor(a.context);

    const r = await call('health:update', { context: a.context, overrides: { ...QUIET, probeInterval: 5 } });
    expect(r.ok).toBe(true);
    expect((r as { value: HealthSettingsView }).value.effective.probeInterval).toBe(5);
    expect(onDisk().health.contexts?.[a.context]).toEqual({ ...QUIET, probeInterval: 5 });

    // Applied in place: one monitor for the context, the same one, running the new settings.
    expect(engine!.clusters.contexts().filter((c) => c === a.context)).toHaveLength(1);
    expect(engine!.clusters.monitor(a.context)).toBe(monitor);
    expect(engine!.clusters.config(a.context)?.probeInterval).toBe(5);
    // It probes on the new rhythm: the probe on reconfiguring plus two 5 s apart come within
    // 25 s (at the old 30 s one would, at most).
    const probes = monitor.probeRequests;
    await waitFor(async () => monitor.probeRequests >= probes + 3, {
      timeoutMs: 25_000,
      intervalMs: 250,
      what: 'probes every 5 s',
    });
    expect(monitor.summary().state).toBe('Healthy');
  });

  it('an out-of-bounds value is refused with its field message and nothing is saved or applied', async () => {
    const saved = readFileSync(settingsFile, 'utf8');
    const r = await call('health:update', { context: a.context, overrides: { ...QUIET, probeInterval: 1 } });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'bad-request',
        issues: [
          { path: 'probeInterval', message: 'probeInterval must be between 5 and 600 seconds (got 1)' },
        ],
      },
    });
    expect(readFileSync(settingsFile, 'utf8')).toBe(saved);
    expect(engine!.clusters.config(a.context)?.probeInterval).toBe(5);
    expect(engine!.clusters.monitor(a.context).summary().state).toBe('Healthy');
  });

  it('the setting survives a restart, and reset goes back to the defaults', async () => {
    await engine!.stop();
    engine = await start();
    expect(engine.clusters.config(a.context)?.probeInterval).toBe(5);
    await waitHealthy();
    const r = await call('health:update', { context: a.context, overrides: null });
    expect(r).toMatchObject({ ok: true, value: { overrides: {}, effective: { probeInterval: 30 } } });
    expect(onDisk().health.contexts?.[a.context]).toBeUndefined();
    expect(engine.clusters.config(a.context)?.probeInterval).toBe(30);
  });
});
