import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShellEnv, parseShellEnvOutput, readLoginShellEnv } from './shellEnv';

/** Writes a fake login shell: a script that plays the user's rc files, then runs the command. */
function fakeShell(body: string): { shell: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tether-shell-'));
  const shell = join(dir, 'fake-zsh');
  writeFileSync(shell, `#!/bin/sh\n${body}\n`);
  chmodSync(shell, 0o755);
  return { shell, dir };
}

describe('readLoginShellEnv (against a fake login shell)', () => {
  it('reads the environment the login shell sets up, ignoring banners its rc files print', async () => {
    const { shell, dir } = fakeShell(
      [
        `printf '%s\\n' "$@" > "${'$'}(dirname "$0")/args"`,
        'echo "Last login: Mon Nov 23 on ttys001"',
        'PATH=/opt/homebrew/bin:/usr/bin:/bin; export PATH',
        'KUBECONFIG=/Users/dev/.kube/work.yaml; export KUBECONFIG',
        "MULTI='line one",
        "line two'; export MULTI",
        'flag="$1"; shift',
        'exec /bin/sh -c "$1"',
      ].join('\n'),
    );
    const r = await readLoginShellEnv({
      shell,
      timeoutMs: 10_000,
      env: { PATH: '/usr/bin:/bin', HOME: dir },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.env.PATH).toBe('/opt/homebrew/bin:/usr/bin:/bin');
    expect(r.env.KUBECONFIG).toBe('/Users/dev/.kube/work.yaml');
    expect(r.env.MULTI).toBe('line one\nline two');
    // A login, interactive shell, handed one command as an argument (never a string we built a shell line from).
    expect(readFileSync(join(dir, 'args'), 'utf8').split('\n')[0]).toBe('-ilc');
  });

  it('gives up after the timeout when an rc file hangs', async () => {
    const { shell } = fakeShell('exec sleep 30');
    const r = await readLoginShellEnv({ shell, timeoutMs: 200, env: { PATH: '/usr/bin:/bin' } });
    expect(r).toEqual({ ok: false, error: `${shell} did not answer within 200 ms` });
  });

  it('reports a shell that fails, with its last error line', async () => {
    const { shell } = fakeShell('echo "zsh: bad option" >&2; exit 3');
    const r = await readLoginShellEnv({ shell, env: { PATH: '/usr/bin:/bin' } });
    expect(r).toEqual({ ok: false, error: `${shell} -ilc failed (exit code 3): zsh: bad option` });
  });

  it('reports a shell that does not exist', async () => {
    const r = await readLoginShellEnv({ shell: '/nonexistent/zsh', env: {} });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^\/nonexistent\/zsh could not be started/);
  });
});

describe('parseShellEnvOutput', () => {
  it('parses NUL-separated and newline-separated output between the markers', () => {
    expect(parseShellEnvOutput('banner__TETHER_ENV_START__A=1\0B=x=y\0__TETHER_ENV_END__bye')).toEqual({
      A: '1',
      B: 'x=y',
    });
    expect(parseShellEnvOutput('__TETHER_ENV_START__A=1\nB=2\n__TETHER_ENV_END__')).toEqual({
      A: '1',
      B: '2',
    });
  });
  it('no markers → undefined', () => {
    expect(parseShellEnvOutput('A=1\n')).toBeUndefined();
  });
});

describe('mergeShellEnv', () => {
  it('puts the shell’s PATH first, keeps the app’s extra entries, adds what the app lacks, keeps what it has', () => {
    const merged = mergeShellEnv(
      { PATH: '/usr/bin:/bin:/Applications/Tether.app/bin', HOME: '/Users/dev', ELECTRON_X: '1' },
      {
        PATH: '/opt/homebrew/bin:/usr/bin:/bin',
        HOME: '/elsewhere',
        AWS_PROFILE: 'dev',
        SHLVL: '2',
        _: '/usr/bin/env',
      },
    );
    expect(merged).toEqual({
      PATH: '/opt/homebrew/bin:/usr/bin:/bin:/Applications/Tether.app/bin',
      HOME: '/Users/dev',
      ELECTRON_X: '1',
      AWS_PROFILE: 'dev',
    });
  });
});
