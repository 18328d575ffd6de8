import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKubectl, kubectlCandidates } from './kubectl';

function binDirs() {
  const root = mkdtempSync(join(tmpdir(), 'tether-kubectl-'));
  const empty = join(root, 'empty');
  const brew = join(root, 'brew');
  const notExec = join(root, 'noexec');
  for (const d of [empty, brew, notExec]) mkdirSync(d);
  writeFileSync(join(brew, 'kubectl'), '#!/bin/sh\n');
  chmodSync(join(brew, 'kubectl'), 0o755);
  writeFileSync(join(notExec, 'kubectl'), 'not executable');
  return { root, empty, brew, notExec };
}

describe('findKubectl', () => {
  it('finds the first executable kubectl on PATH, skipping one that is not executable', () => {
    const d = binDirs();
    expect(findKubectl({ explicitPath: null, PATH: [d.empty, d.notExec, d.brew].join(':') })).toEqual({
      ok: true,
      path: join(d.brew, 'kubectl'),
      source: 'PATH',
    });
  });

  it('the path from Preferences wins over PATH', () => {
    const d = binDirs();
    const own = join(d.root, 'my-kubectl');
    writeFileSync(own, '#!/bin/sh\n');
    chmodSync(own, 0o755);
    expect(findKubectl({ explicitPath: own, PATH: d.brew })).toEqual({
      ok: true,
      path: own,
      source: 'settings',
    });
  });

  it('a wrong path in Preferences is reported, not silently replaced by PATH', () => {
    const d = binDirs();
    const r = findKubectl({ explicitPath: join(d.root, 'missing'), PATH: d.brew });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/set in Preferences .* does not exist or is not executable/);
    expect(findKubectl({ explicitPath: 'kubectl', PATH: d.brew })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/absolute path/),
    });
  });

  it('not found: a clear message that names the PATH searched and what to do', () => {
    const d = binDirs();
    const r = findKubectl({ explicitPath: null, PATH: d.empty });
    expect(r).toEqual({
      ok: false,
      message: `kubectl was not found on your PATH (${d.empty}). Install it (for example \`brew install kubectl\`) or set its full path in Preferences. Port-forwards need it; cluster health does not.`,
    });
  });
});

describe('kubectlCandidates', () => {
  it('lists every executable kubectl on PATH, then in the folders installers use, once each', () => {
    const exec = new Set(['/a/kubectl', '/opt/homebrew/bin/kubectl', '/home/me/.rd/bin/kubectl']);
    expect(
      kubectlCandidates({
        PATH: '/a:/b:relative:/opt/homebrew/bin',
        home: '/home/me',
        isExecutable: (f) => exec.has(f),
      }),
    ).toEqual(['/a/kubectl', '/opt/homebrew/bin/kubectl', '/home/me/.rd/bin/kubectl']);
    expect(kubectlCandidates({ PATH: undefined, isExecutable: () => false })).toEqual([]);
  });
});
