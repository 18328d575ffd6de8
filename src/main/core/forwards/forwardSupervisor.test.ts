import type { Options } from 'execa';
import { describe, expect, it } from 'vitest';
import { ContractError, type ForwardStatus } from '../../../shared/contract';
import type { HealthState } from '../../../shared/domain/health';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import type { SettingsStorage } from '../settings/settingsStore';
import type { ForwardClusters } from './forwardDeps';
import { emptyForwardsFile, type ForwardsFile } from './forwardStore';
import { ForwardSupervisor } from './forwardSupervisor';

async function plainSpawn(file: string, args: readonly string[], options: Options) {
  const { execa } = await import('execa');
  return { child: execa(file, args, options) };
}

function setup(state: HealthState = 'Unhealthy') {
  let file: ForwardsFile = emptyForwardsFile();
  const storage: SettingsStorage<ForwardsFile> = { read: () => file, write: (v) => void (file = v) };
  const held: string[] = [];
  const clusters: ForwardClusters = {
    acquire: (c, h) => void held.push(`${c}:${h}`),
    release: (c, h) => void held.splice(held.indexOf(`${c}:${h}`), 1),
    clusterState: () => state,
    apiClient: () => {
      throw new Error('no API in this test');
    },
    onPodsChanged: () => () => {},
    podsIn: () => null,
  };
  const events: [string, ForwardStatus | null][] = [];
  let kubectlLaunches = 0;
  const sup = new ForwardSupervisor({
    storage,
    clusters,
    // No kubectl exists here, so nothing needs the orphan guard: plain execa.
    kubectl: () => (kubectlLaunches++, { path: '/nonexistent/kubectl', env: {}, spawn: plainSpawn }),
    log: memoryLogger(),
    onChanged: (id, s) => events.push([id, s]),
    knownContexts: () => ['dev', 'prod'],
    currentContext: () => 'dev',
    env: { PORT: '8080' },
    clusterPollMs: 20,
  });
  return { sup, storage: () => file, held, events, kubectlLaunches: () => kubectlLaunches };
}

const draft = { name: 'API', context: 'dev', namespace: 'shop', target: 'svc/api', remotePort: 80 };

describe('ForwardSupervisor', () => {
  it('saves a draft with defaults, persists it, and lists it Stopped', async () => {
    const { sup, storage, events } = setup();
    const { forward } = await sup.save(draft);
    expect(forward.state).toBe('Stopped');
    expect(forward.spec).toMatchObject({
      bindAddress: '127.0.0.1',
      localPort: 'auto',
      target: { kind: 'service', name: 'api' },
    });
    expect(storage().forwards.map((f) => f.id)).toEqual([forward.spec.id]);
    expect(sup.list()).toHaveLength(1);
    expect(events.at(-1)?.[0]).toBe(forward.spec.id);
  });

  it('refuses an invalid draft with one issue per field', async () => {
    const { sup } = setup();
    const err = await sup
      .save({ ...draft, context: 'nope', namespace: 'Bad_NS', remotePort: 70000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    const paths = (err as ContractError).issues?.map((i) => i.path).sort();
    expect(paths).toEqual(['context', 'namespace', 'remotePort']);
  });

  it('not-found for an unknown id', async () => {
    const { sup } = setup();
    await expect(sup.start('missing')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('waits for an Unhealthy cluster instead of starting kubectl, and stops quickly', async () => {
    const { sup, held, kubectlLaunches } = setup('Unhealthy');
    const { forward } = await sup.save(draft);
    const started = await sup.start(forward.spec.id);
    expect(started.localPort).toBeGreaterThan(0);
    expect(held).toEqual([`dev:forward:${forward.spec.id}`]);
    await new Promise((r) => setTimeout(r, 100));
    const s = sup.status(forward.spec.id);
    expect(s).toMatchObject({
      state: 'Reconnecting',
      problem: 'cluster-down',
      reason: 'waiting for cluster dev',
    });
    expect(kubectlLaunches()).toBe(0);
    const t0 = Date.now();
    await sup.stop(forward.spec.id);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(sup.status(forward.spec.id).state).toBe('Stopped');
    expect(held).toEqual([]);
  });

  it('an unusable context fails the forward with the reason', async () => {
    const { sup } = setup('Healthy');
    const { forward } = await sup.save(draft);
    await sup.start(forward.spec.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(sup.status(forward.spec.id)).toMatchObject({ state: 'Failed', reason: 'no API in this test' });
    await sup.stop(forward.spec.id);
  });

  it('a local port already in use is a conflict naming the port', async () => {
    const { sup } = setup();
    const a = await sup.save({ ...draft, name: 'one', localPort: 'auto' });
    const { localPort } = await sup.start(a.forward.spec.id);
    const b = await sup.save({ ...draft, name: 'two', localPort: localPort! });
    await expect(sup.start(b.forward.spec.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`Local port ${localPort!} on 127.0.0.1 is already in use`),
    });
    await sup.stopAll();
  });

  it('imports (dry run changes nothing), then exports what it saved; delete removes and announces', async () => {
    const { sup, storage, events } = setup();
    const text = JSON.stringify({
      tether: 1,
      forwards: [draft, { ...draft, name: 'Bad', remotePort: 70000 }],
    });
    const dry = await sup.importText({ text, dryRun: true });
    expect(dry.result.forwards).toHaveLength(1);
    expect(dry.result.errors).toHaveLength(1);
    expect(storage().forwards).toEqual([]);
    const real = await sup.importText({ text, dryRun: false });
    expect(real.saved).toHaveLength(1);
    const exported = JSON.parse(sup.exportText()) as { forwards: { name: string }[] };
    expect(exported.forwards.map((f) => f.name)).toEqual(['API']);
    await sup.delete(real.saved[0]!);
    expect(storage().forwards).toEqual([]);
    expect(events.at(-1)).toEqual([real.saved[0], null]);
  });

  it('an unrecognised import format is a bad request', async () => {
    const { sup } = setup();
    await expect(sup.importText({ text: 'hello', dryRun: true })).rejects.toMatchObject({
      code: 'bad-request',
    });
  });

  it('save with start starts a new forward; a waiting forward shows its next look and retries on request', async () => {
    const { sup } = setup('Unhealthy');
    const t0 = Date.now();
    const { forward } = await sup.save(draft, { start: true });
    expect(forward.state).not.toBe('Stopped');
    await new Promise((r) => setTimeout(r, 50));
    const waiting = sup.status(forward.spec.id);
    expect(waiting).toMatchObject({ state: 'Reconnecting', problem: 'cluster-down', attempt: 0 });
    expect(waiting.nextRetryAt).toBeGreaterThan(t0);
    expect(sup.retry(forward.spec.id).state).toBe('Reconnecting');
    await sup.stop(forward.spec.id);
    expect(sup.status(forward.spec.id).nextRetryAt).toBeNull();
    expect(() => sup.retry(forward.spec.id)).toThrow(/is stopped; start it instead/);
  });

  it('save without start leaves a new forward Stopped, and an edit keeps a running one running', async () => {
    const { sup } = setup('Unhealthy');
    const { forward } = await sup.save(draft);
    expect(forward.state).toBe('Stopped');
    await sup.start(forward.spec.id);
    const edited = await sup.save({ ...forward.spec, description: 'edited' });
    expect(edited.forward.state).not.toBe('Stopped');
    await sup.stopAll();
  });
});
