import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ShellSettings } from '../../shared/domain/shellSettings';
import { defaultAppSettings, migrate, type AppSettings } from '../../shared/logic/settings';
import type { Logger } from '../core/app/log';
import {
  defaultEngineSettings,
  EngineSettingsSchema,
  type EngineSettings,
} from '../core/settings/engineSettings';
import type { SettingsStorage } from '../core/settings/settingsStore';
import { settingsJsonSchema } from './settingsJsonSchema';

/** The part of an electron-store (a `conf` store) this adapter uses. */
export interface StoreLike {
  store: Record<string, unknown>;
  readonly path: string;
}

/** How to open the store: the real electron-store in the app, `conf` in tests. */
export type StoreFactory = (options: {
  cwd: string;
  name: string;
  schema: typeof settingsJsonSchema;
}) => StoreLike;

export interface OpenSettingsOptions {
  /** The folder holding `config.json` (TETHER_HOME). */
  cwd: string;
  createStore: StoreFactory;
  log: Logger;
  /** Tells the user their settings were reset (a notification); the log gets it too. */
  onRecovered?: (message: string) => void;
  /** A headless `settings.json` to adopt on first run, so both modes agree. */
  importFrom?: string;
  now?: () => number;
}

/** The file's name inside `cwd` (electron-store's `name`). */
export const SETTINGS_NAME = 'config';

/**
 * Tether's settings in electron-store: one `config.json` holding the engine's settings and
 * the shell's. Opening it migrates old versions with Tether's own `migrate`; a file that
 * can't be parsed, fails the JSON schema, or fails migration or the engine's schema is moved
 * aside as `config.corrupt-<timestamp>.json`, defaults are written, and the user is told.
 */
export class SettingsFile {
  private readonly store: StoreLike;
  private doc: AppSettings & { engine: EngineSettings };
  private readonly listeners = new Set<(shell: ShellSettings) => void>();

  /** The engine's view: what `createEngine({ settingsStorage })` takes. */
  readonly engine: SettingsStorage<EngineSettings> = {
    read: () => this.doc.engine,
    write: (next) => {
      this.save({ ...this.doc, engine: EngineSettingsSchema.parse(next) });
    },
  };

  private constructor(store: StoreLike, doc: AppSettings & { engine: EngineSettings }) {
    this.store = store;
    this.doc = doc;
  }

  /** Opens (and if needed migrates or recovers) the settings file. Never throws for a bad file. */
  static open(o: OpenSettingsOptions): SettingsFile {
    const file = join(o.cwd, `${SETTINGS_NAME}.json`);
    const now = o.now ?? Date.now;
    const log = o.log.child({ part: 'settings' });
    const fresh = () => o.createStore({ cwd: o.cwd, name: SETTINGS_NAME, schema: settingsJsonSchema });
    const adopting = !existsSync(file) && o.importFrom !== undefined && existsSync(o.importFrom);

    let store: StoreLike | undefined;
    let problem: string | undefined;
    try {
      store = fresh();
    } catch (err) {
      problem = firstLine(err);
    }
    if (store) {
      const raw = adopting ? readJson(o.importFrom!) : store.store;
      const opened = readDoc(raw);
      if (opened.ok) {
        const settings = new SettingsFile(store, opened.doc);
        if (opened.changed || adopting) {
          settings.save(opened.doc);
          log.info('settings migrated', { from: opened.from, adopted: adopting ? o.importFrom : undefined });
        }
        return settings;
      }
      problem = opened.error;
    }

    const aside = join(
      o.cwd,
      `${SETTINGS_NAME}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.json`,
    );
    if (existsSync(file)) renameSync(file, aside);
    const message = `Tether's settings could not be read (${problem}). The file was moved to ${aside} and the defaults were restored.`;
    log.warn('settings recovered', { file, aside, problem });
    const settings = new SettingsFile(fresh(), defaults());
    settings.save(settings.doc);
    o.onRecovered?.(message);
    return settings;
  }

  /** Where the file is (for diagnostics). */
  get path(): string {
    return this.store.path;
  }

  /** The shell's preferences. */
  shell(): ShellSettings {
    return this.doc.shell;
  }

  /** Changes some shell preferences, writes them, and tells listeners. */
  updateShell(patch: Partial<ShellSettings>): ShellSettings {
    this.save({ ...this.doc, shell: { ...this.doc.shell, ...patch } });
    for (const l of this.listeners) l(this.doc.shell);
    return this.doc.shell;
  }

  /** Called after every shell change; returns the unsubscribe. */
  onShellChange(listener: (shell: ShellSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private save(doc: AppSettings & { engine: EngineSettings }) {
    // electron-store validates against the JSON schema on write and throws before touching the file.
    this.store.store = doc as unknown as Record<string, unknown>;
    this.doc = doc;
  }
}

function defaults(): AppSettings & { engine: EngineSettings } {
  return { ...defaultAppSettings(), engine: defaultEngineSettings() };
}

type Opened =
  | { ok: true; doc: AppSettings & { engine: EngineSettings }; from: number; changed: boolean }
  | { ok: false; error: string };

function readDoc(raw: unknown): Opened {
  const m = migrate(raw);
  if (!m.ok) return m;
  const engine = EngineSettingsSchema.safeParse(m.settings.engine);
  if (!engine.success) {
    const issue = engine.error.issues[0];
    return {
      ok: false,
      error: `invalid settings at engine.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, doc: { ...m.settings, engine: engine.data }, from: m.from, changed: m.changed };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // An unreadable file to adopt is not worth a reset: start from the defaults.
    return {};
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
