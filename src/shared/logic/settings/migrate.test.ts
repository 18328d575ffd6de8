import { describe, expect, it } from 'vitest';
import { APP_SETTINGS_VERSION, defaultAppSettings } from './appSettings';
import { migrate } from './migrate';

const shellDefaults = defaultAppSettings().shell;

describe('migrate (settings file versions)', () => {
  it('the current version passes through unchanged', () => {
    const current = {
      version: 2,
      engine: { version: 1, monitoredContexts: ['a'], health: {} },
      shell: { ...shellDefaults, mutedContexts: ['a'], kubectlPath: '/opt/bin/kubectl' },
    };
    expect(migrate(current)).toEqual({ ok: true, settings: current, from: 2, changed: false });
  });

  it('version 1 (the engine’s settings at the top level) moves under `engine` and gains shell defaults', () => {
    const v1 = { version: 1, monitoredContexts: ['kind-dev'], health: { defaults: { intervalMs: 60_000 } } };
    expect(migrate(v1)).toEqual({
      ok: true,
      from: 1,
      changed: true,
      settings: {
        version: APP_SETTINGS_VERSION,
        engine: { version: 1, monitoredContexts: ['kind-dev'], health: { defaults: { intervalMs: 60_000 } } },
        shell: shellDefaults,
      },
    });
  });

  it('version 0 (no version key) keeps the engine keys it knows and drops the rest', () => {
    const r = migrate({ monitoredContexts: ['x'], stray: true });
    expect(r).toEqual({
      ok: true,
      from: 0,
      changed: true,
      settings: { version: 2, engine: { version: 1, monitoredContexts: ['x'] }, shell: shellDefaults },
    });
  });

  it('an empty object is a version 0 file with nothing in it', () => {
    expect(migrate({})).toMatchObject({
      ok: true,
      settings: { engine: { version: 1 }, shell: shellDefaults },
    });
  });

  it('fills in shell keys missing from a current file', () => {
    const r = migrate({ version: 2, engine: { version: 1 }, shell: { launchAtLogin: true } });
    expect(r).toMatchObject({
      ok: true,
      changed: true,
      settings: { shell: { ...shellDefaults, launchAtLogin: true } },
    });
  });

  it('refuses what it cannot read, with a reason', () => {
    expect(migrate(null)).toEqual({ ok: false, error: 'the settings are not a JSON object' });
    expect(migrate([1])).toEqual({ ok: false, error: 'the settings are not a JSON object' });
    expect(migrate({ version: 'two' })).toEqual({ ok: false, error: 'unknown settings version "two"' });
    expect(migrate({ version: 3 })).toEqual({
      ok: false,
      error: 'the settings were written by a newer Tether (version 3)',
    });
    expect(migrate({ version: 2, engine: {}, shell: { mutedContexts: 'prod' } })).toEqual({
      ok: false,
      error: 'invalid settings at shell.mutedContexts: Invalid input: expected array, received string',
    });
  });

  it('is pure: the input is not modified', () => {
    const v1 = { version: 1, monitoredContexts: ['a'] };
    const copy = structuredClone(v1);
    migrate(v1);
    expect(v1).toEqual(copy);
  });
});
