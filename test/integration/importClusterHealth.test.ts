import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tetherPaths } from '../../src/main/core/app/home';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { Reply } from '../../src/shared/contract';
import { waitFor } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');

/** A LocalPort file whose cluster_health blocks set what the running monitor of cluster a uses. */
const localPortFile = (context: string) => `version: '1.0'
defaults:
  cluster_health:
    retry_attempts: 4
    commands:
      events_on_failure: false
cluster_contexts:
  ${context}:
    cluster_health:
      interval: 180
      timeout: 20
      commands:
        node_status: false
services:
  - name: import-health-api
    technology: kubectl
    local_port: 18431
    remote_port: 80
    connection:
      resource_type: service
      resource_name: kubernetes
      namespace: default
      context: ${context}
`;

describe('an imported LocalPort cluster_health block reaches the running monitor', () => {
  const home = mkdtempSync(join(tmpdir(), 'tether-import-health-'));
  const settingsFile = tetherPaths(home).settings;
  let engine: Engine | undefined;
  const call = (channel: string, payload: unknown) =>
    engine!.dispatch(channel, payload, { transport: 'in-process' }) as Promise<Reply>;
  const onDisk = () => JSON.parse(readFileSync(settingsFile, 'utf8')) as EngineSettings;

  beforeAll(async () => {
    const settings = defaultEngineSettings();
    settings.monitoredContexts = [a.context];
    mkdirSync(home, { recursive: true });
    writeFileSync(settingsFile, JSON.stringify(settings));
    engine = createEngine({
      home,
      mode: 'headless',
      log: memoryLogger(),
      env: { KUBECONFIG: h.kubeconfigPath },
    });
    await engine.start();
    await waitFor(async () => engine!.clusters.config(a.context) !== undefined, {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: `${a.context} monitored`,
    });
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it('a dry run changes nothing; the import saves the settings and the same monitor runs them', async () => {
    const monitor = engine!.clusters.monitor(a.context);
    expect(engine!.clusters.config(a.context)).toMatchObject({
      interval: 240,
      timeout: 30,
      retryAttempts: 2,
    });

    const dry = await call('forwards:import', {
      text: localPortFile(a.context),
      format: 'localport',
      dryRun: true,
    });
    expect(dry.ok).toBe(true);
    expect(engine!.clusters.config(a.context)).toMatchObject({
      interval: 240,
      timeout: 30,
      retryAttempts: 2,
    });

    const r = await call('forwards:import', { text: localPortFile(a.context), format: 'localport' });
    expect(r).toMatchObject({ ok: true, value: { dryRun: false, saved: [expect.any(String)] } });
    // Nothing in the file is left out, so the import warns about nothing.
    expect((r as { value: { result: { warnings: string[] } } }).value.result.warnings).toEqual([]);

    expect(engine!.clusters.monitor(a.context)).toBe(monitor);
    expect(engine!.clusters.config(a.context)).toMatchObject({
      interval: 180,
      timeout: 20,
      retryAttempts: 4,
      checks: { clusterInfo: true, podStatus: true, nodeStatus: false, eventsOnFailure: false },
    });
    expect(onDisk().health).toEqual({
      defaults: { retryAttempts: 4, checks: { eventsOnFailure: false } },
      contexts: { [a.context]: { interval: 180, timeout: 20, checks: { nodeStatus: false } } },
    });
    const view = await call('health:settings', { context: a.context });
    expect(view).toMatchObject({
      ok: true,
      value: { effective: { interval: 180, timeout: 20, retryAttempts: 4 } },
    });
  });
});
