import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers, type Reply } from '../../../shared/contract';
import { DEFAULT_HEALTH_CONFIG } from '../../../shared/logic/health';
import { defaultEngineSettings, type EngineSettings } from './engineSettings';
import { healthSettingsHandlers } from './healthSettingsHandlers';
import type { SettingsStorage } from './settingsStore';

/** The engine's settings in memory, counting writes. */
function memoryStorage(initial: EngineSettings) {
  let value = initial;
  const storage: SettingsStorage<EngineSettings> & { writes: number; value(): EngineSettings } = {
    writes: 0,
    read: () => value,
    write: (v) => {
      storage.writes++;
      value = v;
    },
    value: () => value,
  };
  return storage;
}

function setup(initial: EngineSettings = defaultEngineSettings()) {
  const storage = memoryStorage(initial);
  const applied: string[] = [];
  const handlers = healthSettingsHandlers({
    storage,
    known: (c) => c === 'dev' || c === 'ops',
    apply: (c) => applied.push(c),
  });
  const dispatch = createDispatcher(handlers as unknown as Handlers, { warn() {}, error() {} });
  const call = (channel: string, payload: unknown) =>
    dispatch(channel, payload, { transport: 'in-process' }) as Promise<Reply>;
  return { storage, applied, call };
}

describe('health:settings / health:update', () => {
  it('reads the layers: built-in defaults, the user defaults over them, the context override on top', async () => {
    const initial = defaultEngineSettings();
    initial.health = { defaults: { timeout: 20 }, contexts: { dev: { probeInterval: 10 } } };
    const { call } = setup(initial);
    const r = await call('health:settings', { context: 'dev' });
    expect(r).toMatchObject({
      ok: true,
      value: {
        context: 'dev',
        overrides: { probeInterval: 10 },
        defaults: { ...DEFAULT_HEALTH_CONFIG, timeout: 20 },
        effective: { ...DEFAULT_HEALTH_CONFIG, timeout: 20, probeInterval: 10 },
      },
    });
  });

  it('a valid update is persisted, applied to the context, and keeps other contexts and settings', async () => {
    const initial = defaultEngineSettings();
    initial.monitoredContexts = ['dev', 'ops'];
    initial.health = { contexts: { ops: { interval: 60 } } };
    const { call, storage, applied } = setup(initial);
    const r = await call('health:update', {
      context: 'dev',
      overrides: { probeInterval: 15, failureThreshold: 5, checks: { nodeStatus: false } },
    });
    expect(r.ok).toBe(true);
    const stored = storage.value();
    expect(stored.health.contexts).toEqual({
      ops: { interval: 60 },
      dev: { probeInterval: 15, failureThreshold: 5, checks: { nodeStatus: false } },
    });
    expect(stored.monitoredContexts).toEqual(['dev', 'ops']);
    expect(applied).toEqual(['dev']);
    if (!r.ok) return;
    const v = r.value as { effective: typeof DEFAULT_HEALTH_CONFIG };
    expect(v.effective.probeInterval).toBe(15);
    expect(v.effective.checks).toEqual({ ...DEFAULT_HEALTH_CONFIG.checks, nodeStatus: false });
  });

  it('an invalid update is refused field by field with the bounds, and nothing is saved or applied', async () => {
    const initial = defaultEngineSettings();
    initial.health = { contexts: { dev: { probeInterval: 10 } } };
    const { call, storage, applied } = setup(initial);
    const r = await call('health:update', {
      context: 'dev',
      overrides: { probeInterval: 1, successThreshold: 2.5, checks: { podStatus: 'yes' }, colour: 'red' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad-request');
    expect(r.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'probeInterval', message: 'probeInterval must be between 5 and 600 seconds (got 1)' },
        {
          path: 'successThreshold',
          message: 'successThreshold must be a whole number between 1 and 100 (got 2.5)',
        },
        {
          path: 'checks.podStatus',
          message: expect.stringContaining('checks.podStatus must be true or false'),
        },
        { path: '(overrides)', message: 'unknown setting "colour"' },
      ]),
    );
    expect(r.error.message).toContain('probeInterval must be between 5 and 600 seconds (got 1)');
    expect(storage.writes).toBe(0);
    expect(storage.value().health.contexts).toEqual({ dev: { probeInterval: 10 } });
    expect(applied).toEqual([]);
  });

  it('null resets the context to the defaults and removes its entry', async () => {
    const initial = defaultEngineSettings();
    initial.health = { contexts: { dev: { probeInterval: 10 }, ops: { interval: 60 } } };
    const { call, storage, applied } = setup(initial);
    const r = await call('health:update', { context: 'dev', overrides: null });
    expect(r).toMatchObject({ ok: true, value: { overrides: {}, effective: DEFAULT_HEALTH_CONFIG } });
    expect(storage.value().health.contexts).toEqual({ ops: { interval: 60 } });
    expect(applied).toEqual(['dev']);
  });

  it('an unknown context is not-found, and nothing is saved', async () => {
    const { call, storage } = setup();
    const r = await call('health:update', { context: 'nope', overrides: { probeInterval: 30 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(storage.writes).toBe(0);
    expect(await call('health:settings', { context: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
