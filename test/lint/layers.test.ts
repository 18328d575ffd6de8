import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/vectors';

/**
 * Plants violations of the layer rule in memory (nothing is written to disk) and proves the
 * project's own ESLint config reports each one — and that the legal imports pass.
 */
const layerRuleIds = ['no-restricted-imports', 'no-restricted-globals', 'tether/import-zones'];
const eslint = new ESLint({
  cwd: repoRoot,
  // The planted files exist only in memory, so the type-aware parser setup cannot see them;
  // the layer rules need no types, so only they run here.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => layerRuleIds.includes(ruleId),
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`eslint could not parse the planted file: ${fatal.message}`);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && layerRuleIds.includes(m.ruleId))
    .map((m) => m.message);
}

describe('layer rule (eslint.layers.js)', { timeout: 60_000 }, () => {
  it.each([
    [
      'src/main/core/planted.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /never imports electron/,
    ],
    [
      'src/main/core/planted.ts',
      "import Store from 'electron-store';\nexport const s = Store;\n",
      /never imports electron/,
    ],
    [
      'src/main/headless/planted.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /never imports electron/,
    ],
    [
      'src/main/cli/commands/planted.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /never imports electron/,
    ],
    [
      'src/main/core/planted.ts',
      "import { app } from 'electron/main';\nexport const a = app;\n",
      /never imports electron/,
    ],
    [
      'src/shared/planted.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      /no Node built-ins/,
    ],
    [
      'src/shared/planted.ts',
      "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n",
      /no Node built-ins/,
    ],
    [
      'src/shared/planted.ts',
      "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n",
      /must not import electron/,
    ],
    [
      'src/shared/planted.ts',
      "import { useState } from 'react';\nexport const u = useState;\n",
      /must not import React/,
    ],
    [
      'src/shared/planted.ts',
      "import { createEngine } from '../main/core/engine';\nexport const e = createEngine;\n",
      /must not import from src\/main/,
    ],
    [
      'src/shared/planted.ts',
      "import { createRoot } from 'react-dom/client';\nexport const c = createRoot;\n",
      /must not import React DOM/,
    ],
    ['src/shared/planted.ts', 'export const w = window.location;\n', /window/],
    ['src/shared/planted.ts', 'export const e = process.env;\n', /process/],
    [
      'src/renderer/planted.ts',
      "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      /only through the contract/,
    ],
    [
      'src/renderer/planted.ts',
      "import { createEngine } from '../main/core/engine';\nexport const e = createEngine;\n",
      /must not import src\/main/,
    ],
    [
      'src/renderer/planted.ts',
      "import { spawn } from 'node:child_process';\nexport const s = spawn;\n",
      /no Node built-ins/,
    ],
    [
      'src/renderer/planted.ts',
      "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = KubeConfig;\n",
      /never talks to clusters/,
    ],
    [
      'src/renderer/planted.ts',
      "import { execa } from 'execa';\nexport const e = execa;\n",
      /never spawns processes/,
    ],
  ])('fires on %s: %s', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    [
      'src/main/core/planted.ts',
      "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nexport const a = [z, readFileSync];\n",
    ],
    ['src/main/ipc/planted.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    [
      'src/renderer/planted.ts',
      "import { commands } from '../shared/contract';\nexport const c = commands;\n",
    ],
    ['src/shared/planted.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
  ])('allows the legal direction in %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
