import type { Options } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../../shared/contract';
import { importTetherJson } from '../../../shared/logic/import';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { describeVectors, readVector } from '../../../../test/support/vectors';
import type { SettingsStorage } from '../settings/settingsStore';
import type { ForwardClusters } from './forwardDeps';
import { emptyForwardsFile, type ForwardsFile } from './forwardStore';
import { ForwardSupervisor } from './forwardSupervisor';

async function plainSpawn(file: string, args: readonly string[], options: Options) {
  const { execa } = await import('execa');
  return { child: execa(file, args, options) };
}

// An engine whose kubeconfig has `contexts` (changeable, as when the user edits the file), and
// whose clusters never answer: a started forward binds its port and waits.
function setup(contexts: string[]) {
  let file: ForwardsFile = emptyForwardsFile();
  const storage: SettingsStorage<ForwardsFile> = { read: () => file, write: (v) => void (file = v) };
  const clusters: ForwardClusters = {
    acquire: () => {},
    release: () => {},
    clusterState: () => 'Unhealthy',
    apiClient: () => {
      throw new Error('no API in this test');
    },
    onPodsChanged: () => () => {},
    podsIn: () => null,
  };
  const events: [string, ForwardStatus | null][] = [];
  const sup = new ForwardSupervisor({
    storage,
    clusters,
    // No kubectl exists here, so nothing needs the orphan guard: plain execa.
    kubectl: () => ({ path: '/nonexistent/kubectl', env: {}, spawn: plainSpawn }),
    log: memoryLogger(),
    onChanged: (id, s) => events.push([id, s]),
    knownContexts: () => contexts,
    currentContext: () => contexts[0],
    env: {},
    clusterPollMs: 20,
  });
  return { sup, storage: () => file, events };
}

const KFTRAY_CONTEXT = 'kind-kftray-cluster';

describeVectors('an import never loses an entry whose context is not in the kubeconfig', () => {
  const text = readVector('kftray', 'examples-configs.json');

  it('stores every entry, marked, and a start attempt says why it cannot start', async () => {
    const { sup, storage } = setup(['dev']);
    const { result, saved } = await sup.importText({ text, dryRun: false });
    expect(result.errors).toEqual([]);
    expect(saved).toHaveLength(5);
    expect(storage().forwards.map((f) => f.context)).toEqual(Array(5).fill(KFTRAY_CONTEXT));
    expect(result.entries.map((e) => e.outcomes)).toEqual(
      Array(5).fill([{ kind: 'new' }, { kind: 'context-not-in-kubeconfig', context: KFTRAY_CONTEXT }]),
    );
    expect(sup.list().map((s) => [s.spec.name, s.state, s.contextMissing])).toEqual([
      ['argocd', 'Stopped', true],
      ['grafana', 'Stopped', true],
      ['alertmanager', 'Stopped', true],
      ['prometheus', 'Stopped', true],
      ['jaeger', 'Stopped', true],
    ]);
    const id = saved[0]!;
    await expect(sup.start(id)).rejects.toMatchObject({
      code: 'conflict',
      message: `Cannot start "argocd": context "${KFTRAY_CONTEXT}" is not in your kubeconfig. Map it to one of your contexts: edit the forward, or import the file again with --context-map "${KFTRAY_CONTEXT}=<your context>".`,
    });
    expect(sup.status(id).state).toBe('Stopped');
    const all = await sup.startAll();
    expect(all.errors.map((e) => e.id)).toEqual(saved);
    expect(all.forwards.every((s) => s.state === 'Stopped')).toBe(true);
  });

  it('export keeps such entries as they are', async () => {
    const { sup, storage } = setup(['dev']);
    await sup.importText({ text, dryRun: false });
    const exported = importTetherJson(sup.exportText(), {});
    expect(exported.errors).toEqual([]);
    expect(exported.forwards).toEqual(storage().forwards);
    expect(storage().forwards.every((f) => f.context === KFTRAY_CONTEXT)).toBe(true);
  });

  it('importing the file again with a context map remaps the same forwards, which then start', async () => {
    const { sup, storage } = setup(['dev']);
    const first = await sup.importText({ text, dryRun: false });
    const again = await sup.importText({ text, dryRun: false, contextMap: { [KFTRAY_CONTEXT]: 'dev' } });
    expect(again.saved).toEqual(first.saved);
    expect(again.result.entries.map((e) => e.outcomes)).toEqual(
      first.saved.map((id) => [{ kind: 'replaces', id }]),
    );
    expect(again.result.warnings).toContain(`"argocd" now runs in context "dev" (was "${KFTRAY_CONTEXT}")`);
    expect(storage().forwards.map((f) => f.context)).toEqual(Array(5).fill('dev'));
    expect(sup.list().some((s) => s.contextMissing)).toBe(false);
    const started = await sup.start(first.saved[0]!);
    expect(started.localPort).toBe(16080);
    await sup.stopAll();
    // Mapped once, the forwards are the user's: a further import replaces them only when confirmed.
    const third = await sup.importText({ text, dryRun: false, contextMap: { [KFTRAY_CONTEXT]: 'dev' } });
    expect(third.saved).toEqual([]);
    expect(third.result.warnings.filter((w) => w.includes('confirm replacing'))).toHaveLength(5);
  });

  it('a context added to the kubeconfig later makes the forward startable, and says so', async () => {
    const contexts = ['dev'];
    const { sup, events } = setup(contexts);
    const { saved } = await sup.importText({ text, dryRun: false });
    contexts.push(KFTRAY_CONTEXT);
    events.length = 0;
    sup.contextsChanged();
    expect(events.map(([id, s]) => [id, s?.contextMissing])).toEqual(saved.map((id) => [id, undefined]));
    const started = await sup.start(saved[0]!);
    expect(started.localPort).toBe(16080);
    await sup.stopAll();
  });
});

describe('editing a forward whose context is missing', () => {
  it('saves only once it names one of the user’s contexts (the edit is the remap)', async () => {
    const { sup } = setup(['dev']);
    const text = JSON.stringify({
      tether: 1,
      forwards: [{ id: 'fwd-api', name: 'api', context: 'theirs', target: 'svc/api', remotePort: 80 }],
    });
    await sup.importText({ text, dryRun: false });
    const stored = sup.status('fwd-api').spec;
    await expect(sup.save({ ...stored, name: 'api-2' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('Context "theirs" is not in your kubeconfig'),
    });
    const { forward } = await sup.save({ ...stored, context: 'dev' });
    expect(forward.spec).toMatchObject({ id: 'fwd-api', context: 'dev' });
    expect(forward.contextMissing).toBeUndefined();
  });
});
