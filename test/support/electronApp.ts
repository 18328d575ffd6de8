import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { createElectronMock, type ElectronMock } from './electronMock';

// What the tests of the Electron composition root (src/main/index*.test.ts) share: the mocked
// `electron` and `electron-store` modules, a fake login shell with kubectl on its PATH, starting
// the app and calling it as the popover does. Each test file still declares its own vi.mock
// (vitest hoists them per file), with these as the factories.

/** The `electron` module for vi.mock: the recording mock, packaged or not. */
export function electronModule(opts: { isPackaged?: boolean } = {}): ElectronMock {
  const electron = createElectronMock();
  if (opts.isPackaged) electron.app.isPackaged = true;
  return electron;
}

/**
 * The `electron-store` module for vi.mock. electron-store is `conf` with Electron's default
 * folder; the app always passes `cwd`, so the real `conf` stands in for it (the real
 * electron-store would load the Electron binary).
 */
export async function electronStoreModule(): Promise<{ default: unknown }> {
  const { default: Conf } = await import('conf');
  class Store extends Conf<Record<string, unknown>> {
    constructor(o: { name: string; cwd: string } & Record<string, unknown>) {
      const { name, ...rest } = o;
      super({ ...rest, configName: name, projectVersion: '0.0.0-test' });
    }
  }
  return { default: Store };
}

/**
 * A `bin` folder with a kubectl that answers `version`, and a login shell (SHELL) that puts it
 * first on PATH, as Homebrew's would on a Mac; `exports` are more shell lines it runs first.
 */
export function fakeLoginShell(root: string, exports = ''): { bin: string; shell: string } {
  const bin = join(root, 'login-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho \'{"clientVersion":{"gitVersion":"v1.31.0"}}\'\n');
  chmodSync(join(bin, 'kubectl'), 0o755);
  const shell = join(root, 'fake-zsh');
  writeFileSync(
    shell,
    `#!/bin/sh\nPATH=${bin}:/usr/bin:/bin; export PATH\n${exports}shift\nexec /bin/sh -c "$1"\n`,
  );
  chmodSync(shell, 0o755);
  return { bin, shell };
}

/**
 * Imports the composition root and waits until start-up has wired its last piece (the power
 * hooks); `whenReady().then(start)` runs on its own.
 */
export async function startApp(electron: () => ElectronMock): Promise<void> {
  await import('../../src/main/index');
  await vi.waitFor(() => expect(electron().powerMonitor.listenerCount('resume')).toBe(1), {
    timeout: 15_000,
  });
}

/** A contract call as the popover makes it (our top frame, our URL); it must succeed. */
export function popoverInvoke(electron: () => ElectronMock) {
  return async function invoke<T>(channel: string, payload: unknown = {}): Promise<T> {
    const handler = electron().handles.get('tether:invoke')!;
    const url = electron().created.windows[0]!.loadedUrl!;
    const reply = (await handler({ senderFrame: { url, parent: null } }, channel, payload)) as {
      ok: boolean;
      value: T;
    };
    expect(reply.ok).toBe(true);
    return reply.value;
  };
}
