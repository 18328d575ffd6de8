import { APP_SETTINGS_VERSION, AppSettingsSchema, type AppSettings } from './appSettings';

/** What `migrate` made of a file: the current shape and where it came from, or why it can't. */
export type MigrateResult =
  { ok: true; settings: AppSettings; from: number; changed: boolean } | { ok: false; error: string };

type Raw = Record<string, unknown>;

/**
 * One step per version, each a pure function from version n to n + 1. Tether migrates its
 * settings itself (not with electron-store's migrations) so every step is a plain function
 * with its own tests, and the headless engine could read the same file.
 */
const steps: Record<number, (raw: Raw) => Raw> = {
  // 0 → 1: files written before the format had a version: engine keys at the top level.
  0: (raw) => ({ ...pick(raw, ['monitoredContexts', 'health']), version: 1 }),
  // 1 → 2: the engine's settings move under `engine`; the shell gets its own section.
  1: (raw) => {
    const { version: _v, ...engine } = raw;
    return { version: 2, engine: { ...engine, version: 1 }, shell: {} };
  },
};

/**
 * Brings a settings file of any known version to the current one. Pure: no I/O, no clock.
 * Anything it cannot read (not an object, a version it does not know, a newer version, a
 * result the schema refuses) is an error with a reason, never a silent reset: the caller
 * moves the file aside and tells the user.
 */
export function migrate(raw: unknown): MigrateResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: 'the settings are not a JSON object' };
  }
  let doc = raw as Raw;
  const declared = doc.version;
  const from = declared === undefined ? 0 : declared;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
    return { ok: false, error: `unknown settings version ${JSON.stringify(declared)}` };
  }
  if (from > APP_SETTINGS_VERSION) {
    return { ok: false, error: `the settings were written by a newer Tether (version ${from})` };
  }
  for (let v = from; v < APP_SETTINGS_VERSION; v++) {
    const step = steps[v];
    if (!step) return { ok: false, error: `no migration from settings version ${v}` };
    doc = step(doc);
  }
  // Old or hand-edited files may lack shell keys: the schema fills in defaults.
  const parsed = AppSettingsSchema.safeParse({ ...doc, shell: doc.shell ?? {} });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `invalid settings at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return {
    ok: true,
    settings: parsed.data,
    from,
    changed: from !== APP_SETTINGS_VERSION || !sameJson(raw, parsed.data),
  };
}

function pick(raw: Raw, keys: readonly string[]): Raw {
  const out: Raw = {};
  for (const k of keys) if (raw[k] !== undefined) out[k] = raw[k];
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
