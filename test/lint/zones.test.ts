import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/vectors';

/**
 * Plants a violation of every folder zone of eslint.layers.js in memory (nothing is written to
 * disk) and proves the project's own ESLint config reports it with that zone's message, judged
 * by the path the import resolves to. The zones are read back from the running config, so a zone
 * added without a planted case here fails the coverage test below.
 */
const RULE = 'tether/import-zones';
const eslint = new ESLint({
  cwd: repoRoot,
  // The planted files exist only in memory, so the type-aware parser setup cannot see them;
  // the zone rule needs no types, so only it runs here.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === RULE,
});

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`eslint could not parse the planted file: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

interface ZoneOption {
  message: string;
}

async function configuredZones(): Promise<ZoneOption[]> {
  const config = (await eslint.calculateConfigForFile(`${repoRoot}/src/main/core/engine.ts`)) as {
    rules?: Record<string, unknown>;
  };
  const setting = config.rules?.[RULE];
  if (!Array.isArray(setting)) throw new Error(`${RULE} is not configured for src/main/core`);
  return (setting[1] as { zones: ZoneOption[] }).zones;
}

/** [file that imports, its code, the start of the zone message that must fire]. */
const violations: [string, string, string][] = [
  [
    'src/shared/logic/planted.ts',
    "import { createEngine } from '../../main/core/engine';\nexport const e = createEngine;\n",
    'src/shared must not import from src/main',
  ],
  [
    'src/shared/planted.ts',
    "import { App } from '../renderer/App';\nexport const a = App;\n",
    'src/shared must not import from src/renderer',
  ],
  [
    'src/shared/domain/planted.ts',
    "import { parseHealthConfig } from '../logic/health/config';\nexport const p = parseHealthConfig;\n",
    'src/shared/domain imports nothing of ours',
  ],
  [
    'src/shared/domain/planted.ts',
    "import { commands } from '../contract/channels';\nexport const c = commands;\n",
    'src/shared/domain imports nothing of ours',
  ],
  [
    'src/shared/logic/notify/planted.ts',
    "import type { Notification } from '../../contract/features/notifications';\nexport type N = Notification;\n",
    'src/shared/logic must not import the contract',
  ],
  // The import that the old pattern ('../../main/*') could never catch: no "main" in its text.
  [
    'src/main/core/clusters/planted.ts',
    "import { register } from '../../ipc/register';\nexport const r = register;\n",
    'The engine (src/main/core) must not import the Electron adapter',
  ],
  [
    'src/main/core/planted.ts',
    "import { startHeadlessServer } from '../headless/server';\nexport const s = startHeadlessServer;\n",
    'The engine (src/main/core) must not import the Electron adapter',
  ],
  [
    'src/main/core/forwards/planted.ts',
    "import { EXIT } from '../../cli/args';\nexport const x = EXIT;\n",
    'The engine (src/main/core) must not import the Electron adapter',
  ],
  [
    'src/main/headless/planted.ts',
    "import { register } from '../ipc/register';\nexport const r = register;\n",
    'src/main/headless and src/main/cli run in plain Node',
  ],
  [
    'src/main/cli/commands/planted.ts',
    "import { trayMenu } from '../../tray/trayMenu';\nexport const t = trayMenu;\n",
    'src/main/headless and src/main/cli run in plain Node',
  ],
  [
    'src/main/preload/planted.ts',
    "import { createEngine } from '../core/engine';\nexport const e = createEngine;\n",
    'The preload runs in the sandboxed renderer process',
  ],
  [
    'src/main/ipc/planted.ts',
    "import { App } from '../../renderer/App';\nexport const a = App;\n",
    'src/main must not import renderer code',
  ],
  [
    'src/main/core/planted.ts',
    "import { useClusters } from '../../renderer/stores/clustersStore';\nexport const u = useClusters;\n",
    'src/main must not import renderer code',
  ],
  [
    'src/renderer/features/home/planted.ts',
    "import { createEngine } from '../../../main/core/engine';\nexport const e = createEngine;\n",
    'The renderer must not import src/main',
  ],
  [
    'src/main/core/planted.ts',
    "import { repoRoot } from '../../../test/support/vectors';\nexport const r = repoRoot;\n",
    'Production code must not import from test/',
  ],
];

describe('import zones (eslint.layers.js, resolved paths)', { timeout: 60_000 }, () => {
  it.each(violations)('fires on %s: %s', async (file, code, message) => {
    const errors = await zoneErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it('has a planted violation for every configured zone', async () => {
    const zones = await configuredZones();
    expect(zones.length).toBeGreaterThanOrEqual(8);
    const provenMessages = violations.map(([, , message]) => message);
    for (const zone of zones) {
      expect(
        provenMessages.some((message) => zone.message.startsWith(message)),
        `zone without a planted violation: ${zone.message}`,
      ).toBe(true);
    }
  });

  it.each([
    ['export * from', "export * from '../../ipc/register';\n"],
    ['export { … } from', "export { register } from '../../ipc/register';\n"],
    ['import type', "import type { Handlers } from '../../ipc/register';\nexport type H = Handlers;\n"],
    ['a dynamic import', "export const load = () => import('../../ipc/register');\n"],
    ['an import() type', "export type R = typeof import('../../ipc/register');\n"],
  ])('judges %s the same way', async (_form, code) => {
    const errors = await zoneErrors('src/main/core/clusters/planted.ts', code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('must not import the Electron adapter');
  });

  it.each([
    // A folder named "main" inside shared is not src/main: the zone looks at the resolved path.
    ['src/shared/logic/planted.ts', "import { x } from './main/thing';\nexport const y = x;\n"],
    // Inside src/shared: logic reads the domain, the contract reads both.
    [
      'src/shared/logic/health/planted.ts',
      "import { DEFAULT_HEALTH_CONFIG } from '../../domain/healthConfig';\n",
    ],
    [
      'src/shared/contract/features/planted.ts',
      "import { parseHealthConfig } from '../../logic/health/config';\n",
    ],
    [
      'src/shared/contract/features/planted.ts',
      "import { ForwardStatusSchema } from '../../domain/forwardStatus';\n",
    ],
    ['src/main/cli/commands/planted.ts', "import { startHeadlessServer } from '../../headless/server';\n"],
    ['src/main/cli/planted.ts', "import { createEngine } from '../core/engine';\n"],
    ['src/main/ipc/planted.ts', "import { createEngine } from '../core/engine';\n"],
    ['src/main/preload/planted.ts', "import { channels } from '../../shared/contract/ipcChannels';\n"],
    ['src/renderer/planted.ts', "import { commands } from '../shared/contract';\n"],
    ['src/shared/logic/planted.test.ts', "import { repoRoot } from '../../../test/support/vectors';\n"],
    ['src/main/core/planted.ts', "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\n"],
  ])('allows the legal direction in %s', async (file, code) => {
    expect(await zoneErrors(file, code)).toEqual([]);
  });
});
