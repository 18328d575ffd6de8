import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError, type ShellSettings } from '../../shared/contract';
import { defaultAppSettings } from '../../shared/logic/settings';
import { silentLogger } from '../core/app/log';
import { createEngine } from '../core/engine';
import { shellSettingsPort } from './shellSettingsPort';

function setup(
  kubectl: Parameters<typeof shellSettingsPort>[0]['kubectl'] = () => undefined,
  extra: { candidates?: string[]; confirmKubectl?: (path: string) => Promise<boolean> } = {},
) {
  let shell: ShellSettings = defaultAppSettings().shell;
  const login = { on: false };
  const port = shellSettingsPort({
    settings: {
      shell: () => shell,
      updateShell: (patch) => (shell = { ...shell, ...patch }),
    },
    login: { get: () => login.on, set: (on) => void (login.on = on) },
    kubectl,
    candidates: () => extra.candidates ?? ['/opt/homebrew/bin/kubectl'],
    ...(extra.confirmKubectl ? { confirmKubectl: extra.confirmKubectl } : {}),
    isExecutable: (f) => f === '/opt/homebrew/bin/kubectl' || f === '/Users/me/tools/kubectl',
  });
  return { port, login, shell: () => shell };
}

describe('shellSettingsPort (shell:settings / shell:update)', () => {
  it('reads the preferences, the OS login item and how kubectl was found', async () => {
    const { port, login } = setup(() => ({ ok: false, message: 'kubectl was not found on your PATH' }));
    login.on = true; // changed in System Settings
    expect(await port.read()).toEqual({
      settings: { ...defaultAppSettings().shell, launchAtLogin: true },
      kubectl: {
        path: null,
        problem: 'kubectl was not found on your PATH',
        candidates: ['/opt/homebrew/bin/kubectl'],
      },
      notes: [],
    });
  });

  it('launch at login goes to the OS and the file; mutes and pin are saved', async () => {
    const { port, login, shell } = setup(() => ({ ok: true, path: '/usr/bin/kubectl', source: 'PATH' }));
    const v = await port.update({ launchAtLogin: true, mutedContexts: ['prod'], popoverPinned: true });
    expect(login.on).toBe(true);
    expect(shell()).toMatchObject({ launchAtLogin: true, mutedContexts: ['prod'], popoverPinned: true });
    expect(v.settings).toMatchObject({ launchAtLogin: true, mutedContexts: ['prod'] });
    expect(v.kubectl).toEqual({
      path: '/usr/bin/kubectl',
      problem: null,
      candidates: ['/opt/homebrew/bin/kubectl'],
    });
    expect(v.notes).toEqual([]);
  });

  it('an explicit kubectl must be an absolute executable: a wrong one is refused and not saved', async () => {
    const { port, shell } = setup();
    await expect(port.update({ kubectlPath: 'kubectl' })).rejects.toMatchObject({
      code: 'bad-request',
      issues: [{ path: 'kubectlPath', message: expect.stringContaining('absolute path') }],
    });
    await expect(port.update({ kubectlPath: '/nope/kubectl' })).rejects.toBeInstanceOf(ContractError);
    expect(shell().kubectlPath).toBeNull();
    const v = await port.update({ kubectlPath: '/opt/homebrew/bin/kubectl' });
    expect(shell().kubectlPath).toBe('/opt/homebrew/bin/kubectl');
    expect(v.notes).toEqual(['The kubectl path is used from the next start of Tether.']);
    // Clearing it (back to PATH) is always allowed.
    await port.update({ kubectlPath: null });
    expect(shell().kubectlPath).toBeNull();
  });

  it('a kubectl Tether did not find itself runs only once the user confirms it outside the page', async () => {
    // Headless-like: no dialog to ask in, so it is refused, naming what Tether found.
    const bare = setup();
    await expect(bare.port.update({ kubectlPath: '/Users/me/tools/kubectl' })).rejects.toMatchObject({
      code: 'bad-request',
      issues: [
        {
          path: 'kubectlPath',
          message: expect.stringMatching(/found itself \(\/opt\/homebrew\/bin\/kubectl\).*was not confirmed/),
        },
      ],
    });
    expect(bare.shell().kubectlPath).toBeNull();

    const asked: string[] = [];
    const no = setup(undefined, { confirmKubectl: async (p) => (asked.push(p), false) });
    await expect(no.port.update({ kubectlPath: '/Users/me/tools/kubectl' })).rejects.toBeInstanceOf(
      ContractError,
    );
    expect(no.shell().kubectlPath).toBeNull();

    const yes = setup(undefined, { confirmKubectl: async (p) => (asked.push(p), true) });
    await yes.port.update({ kubectlPath: '/Users/me/tools/kubectl' });
    expect(yes.shell().kubectlPath).toBe('/Users/me/tools/kubectl');
    // A kubectl Tether found itself needs no question.
    await yes.port.update({ kubectlPath: '/opt/homebrew/bin/kubectl' });
    expect(asked).toEqual(['/Users/me/tools/kubectl', '/Users/me/tools/kubectl']);
  });
});

describe('the engine without the menu-bar app (headless)', () => {
  it('refuses shell:settings and shell:update with conflict and a reason', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tether-headless-'));
    const engine = createEngine({ home, mode: 'headless', log: silentLogger, env: {}, userHome: home });
    const ctx = { transport: 'in-process' } as const;
    for (const [channel, payload] of [
      ['shell:settings', {}],
      ['shell:update', { notifications: false }],
    ] as const) {
      expect(await engine.dispatch(channel, payload, ctx)).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringContaining('Only the menu-bar app') },
      });
    }
  });
});
