import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/support/memoryLogger';
import { SettingsFile, type StoreFactory } from './settingsFile';

// electron-store is `conf` plus Electron's default folder; with an explicit cwd the two behave
// the same, so the adapter is tested against the real `conf` (electron-store itself needs the
// Electron binary).
const createStore: StoreFactory = (o) =>
  new Conf<Record<string, unknown>>({
    cwd: o.cwd,
    configName: o.name,
    schema: o.schema as never,
    clearInvalidConfig: false,
    watch: false,
    projectVersion: '0.0.0-test',
  });

const NOW = Date.UTC(2026, 10, 23, 17, 5, 6, 789);

function open(dir: string, extra: { importFrom?: string } = {}) {
  const log = memoryLogger();
  const told: string[] = [];
  const settings = SettingsFile.open({
    cwd: dir,
    createStore,
    log,
    onRecovered: (m) => told.push(m),
    now: () => NOW,
    ...extra,
  });
  return { settings, log, told };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'tether-settings-'));
const onDisk = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('SettingsFile (electron-store adapter)', () => {
  it('no file: defaults, written as version 2, nobody told anything', () => {
    const dir = tmp();
    const { settings, told } = open(dir);
    expect(settings.engine.read()).toEqual({ version: 1, health: {} });
    expect(settings.shell()).toMatchObject({ launchAtLogin: false, mutedContexts: [], kubectlPath: null });
    expect(onDisk(dir)).toMatchObject({ version: 2, engine: { version: 1 } });
    expect(told).toEqual([]);
  });

  it('the engine’s writes and the shell’s updates persist and survive a reopen', () => {
    const dir = tmp();
    const { settings } = open(dir);
    settings.engine.write({ version: 1, monitoredContexts: ['prod'], health: {} });
    const seen: string[][] = [];
    settings.onShellChange((s) => seen.push(s.mutedContexts));
    settings.updateShell({ mutedContexts: ['staging'], launchAtLogin: true });
    expect(seen).toEqual([['staging']]);
    const again = open(dir).settings;
    expect(again.engine.read().monitoredContexts).toEqual(['prod']);
    expect(again.shell()).toMatchObject({ mutedContexts: ['staging'], launchAtLogin: true });
  });

  it('a version 1 file is migrated in place', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, monitoredContexts: ['a', 'b'] }));
    const { settings, told } = open(dir);
    expect(settings.engine.read().monitoredContexts).toEqual(['a', 'b']);
    expect(onDisk(dir)).toMatchObject({
      version: 2,
      engine: { monitoredContexts: ['a', 'b'] },
      shell: { notifications: true },
    });
    expect(told).toEqual([]);
  });

  it('adopts a headless settings.json on first run', () => {
    const dir = tmp();
    const legacy = join(dir, 'settings.json');
    writeFileSync(legacy, JSON.stringify({ version: 1, monitoredContexts: ['kind-dev'], health: {} }));
    const { settings } = open(dir, { importFrom: legacy });
    expect(settings.engine.read().monitoredContexts).toEqual(['kind-dev']);
    expect(onDisk(dir)).toMatchObject({ version: 2 });
  });

  const stamp = 'config.corrupt-2026-11-23T17-05-06-789Z.json';
  const corruptCases: [string, string, RegExp][] = [
    ['not JSON at all', '{"version": 2, "engine": {', /could not be read/],
    [
      'fails the JSON schema',
      JSON.stringify({ version: 2, engine: {}, shell: { launchAtLogin: 'yes' } }),
      /launchAtLogin|boolean/,
    ],
    ['from a newer Tether', JSON.stringify({ version: 9 }), /newer Tether \(version 9\)/],
    [
      'engine settings the engine refuses',
      JSON.stringify({ version: 2, engine: { version: 1, monitoredContexts: 'prod' }, shell: {} }),
      /engine\.monitoredContexts/,
    ],
  ];
  for (const [what, content, why] of corruptCases) {
    it(`a file that is ${what}: moved aside as config.corrupt-<timestamp>.json, defaults recreated, user told`, () => {
      const dir = tmp();
      writeFileSync(join(dir, 'config.json'), content);
      const { settings, told, log } = open(dir);
      expect(readFileSync(join(dir, stamp), 'utf8')).toBe(content);
      expect(settings.engine.read()).toEqual({ version: 1, health: {} });
      expect(onDisk(dir)).toMatchObject({ version: 2, engine: { version: 1 } });
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(why);
      expect(told[0]).toContain(join(dir, stamp));
      expect(log.records.some((r) => r.level === 'warn' && r.msg === 'settings recovered')).toBe(true);
      expect(readdirSync(dir).sort()).toEqual([stamp, 'config.json']);
    });
  }

  it('refuses to write a shell value the schema does not allow, and keeps the file as it was', () => {
    const dir = tmp();
    const { settings } = open(dir);
    expect(() => settings.updateShell({ kubectlPath: 5 as never })).toThrow();
    expect(existsSync(join(dir, 'config.json'))).toBe(true);
    expect(onDisk(dir)).toMatchObject({ shell: { kubectlPath: null } });
  });
});
