// Forwards whose target is not there (yet), against the real API server and kubectl: a Service
// that does not exist is Failed with its reason and an "Edit" hint, yet the forward keeps
// watching and goes Active on its own once the Service and its pod appear (GitOps creates
// Services late); a port the Service does not expose is Failed the same way; a selector that
// matches no pod is a wait with its reason, never Failed, and is served once a pod matches.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import type { ForwardsFile } from '../../src/main/core/forwards/forwardStore';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { ForwardStatus } from '../../src/shared/contract';
import type { ForwardDraft } from '../../src/shared/domain/forward';
import { retryHint } from '../../src/shared/logic/forwards/words';
import { echoThrough, exposeViaPortForward, fixtures, startEchoServer, waitFor } from '../harness/index.ts';
import type { Exposure, LocalServer } from '../harness/index.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import { memoryStorage } from '../support/engineUnderTest';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-late';
/** Container ports kwok forwards to the echo server (one per app: kwok matches by port). */
const LATE_PORT = 7100;
const LONELY_PORT = 7101;

describe('forwards to targets that appear late, against the real API server', () => {
  let engine: Engine;
  let echo: LocalServer;
  const exposures: Exposure[] = [];
  /** Every state each forward went through, in order. */
  const states = new Map<string, ForwardStatus[]>();

  beforeAll(async () => {
    echo = await startEchoServer();
    await fixtures.createNamespace(a, NS);
    exposures.push(
      await exposeViaPortForward(a, { namespace: NS, port: LATE_PORT, target: { port: echo.port } }),
      await exposeViaPortForward(a, { namespace: NS, port: LONELY_PORT, target: { port: echo.port } }),
    );
    const settings: EngineSettings = { ...defaultEngineSettings(), monitoredContexts: [] };
    engine = createEngine({
      home: mkdtempSync(join(tmpdir(), 'tether-late-')),
      mode: 'headless',
      log: memoryLogger(),
      env: {
        KUBECONFIG: h.kubeconfigPath,
        TETHER_KUBECTL: join(h.info.binDir, 'kubectl'),
        PATH: process.env.PATH,
      },
      settingsStorage: memoryStorage(settings),
      forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
    });
    engine.bus.subscribe((channel, payload) => {
      if (channel !== 'forwards:changed') return;
      const p = payload as { id: string; status: ForwardStatus | null };
      if (p.status) states.set(p.id, [...(states.get(p.id) ?? []), p.status]);
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await Promise.all(exposures.map((e) => e.remove()));
    await echo?.close();
    await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
  });

  const call = async <T>(channel: string, req: unknown): Promise<T> => {
    const r = await engine.dispatch(channel as never, req as never, { transport: 'in-process' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const saveStarted = async (draft: ForwardDraft) =>
    (await call<{ forward: ForwardStatus }>('forwards:save', { forward: draft, start: true })).forward.spec
      .id;
  const status = (id: string) => engine.forwards.status(id);
  const waitUntil = (id: string, test: (s: ForwardStatus) => boolean, what: string, timeoutMs = 30_000) =>
    waitFor(async () => (test(status(id)) ? status(id) : undefined), {
      timeoutMs,
      intervalMs: 50,
      what: `${what} (now ${status(id).state}: ${status(id).reason ?? ''})`,
    });

  it('a Service that does not exist is Failed with its reason and "Edit"; created later, the forward goes Active on its own', async () => {
    const id = await saveStarted({
      name: 'late service',
      context: a.context,
      namespace: NS,
      target: 'service/late',
      remotePort: LATE_PORT,
    });
    const failed = await waitUntil(id, (s) => s.state === 'Failed', 'Failed for the missing Service');
    expect(failed.problem).toBe('target-missing');
    expect(failed.reason).toBe(`Service late not found in namespace ${NS}`);
    // Still watched for: a next look is planned, and the hint says to edit.
    expect(failed.nextRetryAt).not.toBeNull();
    expect(retryHint(failed, Date.now())).toMatch(/^Edit to fix it · looking again in \d+ s$/);

    await fixtures.createApp(a, { namespace: NS, name: 'late', port: LATE_PORT, containerPort: LATE_PORT });
    // No user action: the planned look (every 10 s) finds the Service and its pod.
    const active = await waitUntil(id, (s) => s.state === 'Active', 'Active once the Service exists', 45_000);
    expect(active.problem).toBeNull();
    expect(active.reason).toBeNull();
    expect(active.pod).toMatch(/^late-/);
    expect(await echoThrough(active.localPort!, 'late but here\n')).toBe('late but here\n');
    await call('forwards:stop', { id });
  });

  it('a port the Service does not expose is Failed, naming the ports it has', async () => {
    const id = await saveStarted({
      name: 'late wrong port',
      context: a.context,
      namespace: NS,
      target: 'service/late',
      remotePort: 9999,
    });
    const failed = await waitUntil(id, (s) => s.state === 'Failed', 'Failed for the missing port');
    expect(failed.problem).toBe('target-missing');
    expect(failed.reason).toBe(`Service late has no port 9999; its ports: main (${LATE_PORT})`);
    expect(retryHint(failed, Date.now())).toMatch(/^Edit to fix it/);
    await call('forwards:stop', { id });
  });

  it('a selector that matches no pod is a wait with its reason, never Failed; a matching pod is served', async () => {
    const id = await saveStarted({
      name: 'lonely selector',
      context: a.context,
      namespace: NS,
      target: 'app=lonely',
      remotePort: LONELY_PORT,
    });
    const waiting = await waitUntil(id, (s) => s.problem === 'no-ready-pod', 'waiting for a pod');
    expect(waiting.state).toBe('Reconnecting');
    expect(waiting.reason).toBe('No running and ready pod for app=lonely');
    expect(waiting.nextRetryAt).not.toBeNull();
    expect(retryHint(waiting, Date.now())).toMatch(/^retry in \d+ s$/);
    // Two more looks (every 5 s) later it still waits: nothing gives up on an empty selector.
    await new Promise((r) => setTimeout(r, 11_000));
    expect(status(id).state).toBe('Reconnecting');
    expect(status(id).problem).toBe('no-ready-pod');

    await fixtures.createApp(a, {
      namespace: NS,
      name: 'lonely',
      port: LONELY_PORT,
      containerPort: LONELY_PORT,
    });
    const active = await waitUntil(id, (s) => s.state === 'Active', 'Active once a pod matches', 30_000);
    expect(await echoThrough(active.localPort!, 'found one\n')).toBe('found one\n');
    expect((states.get(id) ?? []).map((s) => s.state)).not.toContain('Failed');
    await call('forwards:stop', { id });
  });
});
