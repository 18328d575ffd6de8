import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../support/vectors';

/** Packaging cannot run here; the config is checked against electron-builder's own schema. */
const schema = JSON.parse(
  readFileSync(join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;
const config = parseYaml(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

describe('electron-builder.yml', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);

  it('is valid against app-builder-lib/scheme.json', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a misspelt key (the test can fail)', () => {
    expect(validate({ ...config, macc: {} })).toBe(false);
  });

  it('is a menu-bar app with hardened runtime and locked-down fuses', () => {
    const mac = config.mac as Record<string, unknown>;
    expect((mac.extendInfo as Record<string, unknown>).LSUIElement).toBe(true);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.category).toBe('public.app-category.developer-tools');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds dmg and zip for arm64 and x64, and a Linux AppImage', () => {
    const mac = config.mac as { target: { target: string; arch: string[] }[] };
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage']);
  });

  it('the entitlements file exists and grants the JIT only: no library-validation exemption, no camera or mic', () => {
    const mac = config.mac as { entitlements: string; entitlementsInherit: string };
    const plist = readFileSync(join(repoRoot, mac.entitlements), 'utf8');
    expect(mac.entitlementsInherit).toBe(mac.entitlements);
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(plist).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory/);
    expect(plist).not.toMatch(/device\.camera|device\.audio-input/);
  });

  it('ships the tray icons (every state, 1x and @2x) as extra resources', () => {
    expect(config.extraResources).toContainEqual({ from: 'assets', to: 'assets' });
  });
});
