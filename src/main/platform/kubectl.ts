import { accessSync, constants, statSync } from 'node:fs';
import { execa } from 'execa';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where kubectl is, or a message the user can act on. */
export type KubectlLookup =
  { ok: true; path: string; source: 'settings' | 'PATH' } | { ok: false; message: string };

/** True for an executable regular file. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds kubectl: the path set in Preferences if any (it must exist and be executable: a
 * wrong explicit path is reported, not silently replaced), else the first `kubectl` on PATH
 * (after the login shell's PATH was merged in).
 */
export function findKubectl(opts: {
  explicitPath: string | null | undefined;
  PATH: string | undefined;
  isExecutable?: (file: string) => boolean;
}): KubectlLookup {
  const ok = opts.isExecutable ?? isExecutableFile;
  if (opts.explicitPath) {
    if (!isAbsolute(opts.explicitPath)) {
      return {
        ok: false,
        message: `The kubectl path in Preferences (${opts.explicitPath}) must be an absolute path.`,
      };
    }
    if (ok(opts.explicitPath)) return { ok: true, path: opts.explicitPath, source: 'settings' };
    return {
      ok: false,
      message: `The kubectl set in Preferences (${opts.explicitPath}) does not exist or is not executable. Fix the path in Preferences, or clear it to use kubectl from your PATH.`,
    };
  }
  const dirs = (opts.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, 'kubectl');
    if (ok(candidate)) return { ok: true, path: candidate, source: 'PATH' };
  }
  return {
    ok: false,
    message: `kubectl was not found on your PATH (${dirs.length ? dirs.join(delimiter) : 'empty'}). Install it (for example \`brew install kubectl\`) or set its full path in Preferences. Port-forwards need it; cluster health does not.`,
  };
}

/** Folders kubectl installers use besides PATH (Homebrew on Apple silicon and Intel, Rancher Desktop, user bins). */
function wellKnownDirs(home: string | undefined): string[] {
  const dirs = ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin'];
  if (home) dirs.push(join(home, '.rd', 'bin'), join(home, '.local', 'bin'), join(home, 'bin'));
  return dirs;
}

/**
 * Every executable `kubectl` Tether finds by itself: on PATH (in order), then in the folders
 * installers use. A kubectl path coming from the UI is run only if it is one of these, or the
 * user confirmed it in a native dialog: a page must not be able to choose what the app runs.
 */
export function kubectlCandidates(opts: {
  PATH: string | undefined;
  home?: string | undefined;
  isExecutable?: (file: string) => boolean;
}): string[] {
  const ok = opts.isExecutable ?? isExecutableFile;
  const dirs = [
    ...(opts.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)),
    ...wellKnownDirs(opts.home),
  ];
  const out: string[] = [];
  for (const dir of dirs) {
    const candidate = join(dir, 'kubectl');
    if (!out.includes(candidate) && ok(candidate)) out.push(candidate);
  }
  return out;
}

/** `kubectl version --client` as "v1.31.2", or why not (a broken binary, a timeout). */
export async function kubectlClientVersion(
  path: string,
  env: Record<string, string | undefined>,
  timeoutMs = 5000,
): Promise<{ version?: string; error?: string }> {
  const r = await execa(path, ['version', '--client', '-o', 'json'], {
    env,
    timeout: timeoutMs,
    reject: false,
    stdin: 'ignore',
  });
  if (r.failed) return { error: (r.shortMessage ?? 'failed').split('\n')[0] ?? 'failed' };
  try {
    const parsed = JSON.parse(String(r.stdout)) as { clientVersion?: { gitVersion?: string } };
    return parsed.clientVersion?.gitVersion
      ? { version: parsed.clientVersion.gitVersion }
      : { error: 'no version in its output' };
  } catch {
    return { error: 'unreadable output' };
  }
}
