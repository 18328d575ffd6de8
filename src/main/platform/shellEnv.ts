import { execa } from 'execa';

/** Marks where the environment starts and ends: rc files may print banners around it. */
const START = '__TETHER_ENV_START__';
const END = '__TETHER_ENV_END__';

/**
 * What the login shell runs: `env -0` (NUL-separated, so values with newlines survive), or
 * plain `env` where `-0` is not supported.
 */
const COMMAND = `printf '%s' '${START}'; env -0 2>/dev/null || env; printf '%s' '${END}'`;

/** The login shell's environment, or why it could not be read. */
export type ShellEnvResult = { ok: true; env: Record<string, string> } | { ok: false; error: string };

/**
 * Reads the login shell's environment once: apps started from Finder get launchd's minimal
 * PATH, so kubectl and exec-auth plugins (aws, gke-gcloud-auth-plugin, kubelogin) installed
 * by Homebrew or in ~/bin are not found. Runs `$SHELL -ilc …` with an argument array (no
 * string is ever interpolated into a shell by us), stdin closed, and a timeout so a slow or
 * interactive rc file can't hold up start-up.
 */
export async function readLoginShellEnv(opts: {
  shell: string | undefined;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}): Promise<ShellEnvResult> {
  const shell = opts.shell || '/bin/zsh';
  try {
    const r = await execa(shell, ['-ilc', COMMAND], {
      timeout: opts.timeoutMs ?? 5000,
      stdin: 'ignore',
      reject: false,
      stripFinalNewline: false,
      // oh-my-zsh and friends skip their update prompts without a terminal when told.
      env: { ...opts.env, DISABLE_AUTO_UPDATE: 'true', ZSH_DISABLE_COMPFIX: 'true' },
      extendEnv: false,
    });
    if (r.timedOut)
      return { ok: false, error: `${shell} did not answer within ${opts.timeoutMs ?? 5000} ms` };
    if (r.failed && r.exitCode === undefined && !r.signal) {
      const cause = r.cause instanceof Error ? r.cause.message : r.shortMessage;
      return { ok: false, error: `${shell} could not be started: ${cause}` };
    }
    const env = parseShellEnvOutput(String(r.stdout));
    if (!env) {
      const why = r.exitCode ? `exit code ${r.exitCode}` : 'no environment in its output';
      return {
        ok: false,
        error: `${shell} -ilc failed (${why})${r.stderr ? `: ${String(r.stderr).trim().split('\n').pop()}` : ''}`,
      };
    }
    return { ok: true, env };
  } catch (err) {
    return {
      ok: false,
      error: `${shell} could not be started: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** Parses the marked output of `env -0` (or `env`); undefined when the markers are missing. */
export function parseShellEnvOutput(stdout: string): Record<string, string> | undefined {
  const start = stdout.indexOf(START);
  const end = stdout.lastIndexOf(END);
  if (start < 0 || end < start) return undefined;
  const body = stdout.slice(start + START.length, end);
  const entries = body.includes('\0') ? body.split('\0') : body.split('\n');
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Variables that describe the shell process itself, not the user's setup. */
const SHELL_ONLY = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'DISABLE_AUTO_UPDATE', 'ZSH_DISABLE_COMPFIX']);

/**
 * Variables that change what the app itself loads or runs (a renderer URL, preloaded code, a
 * dev mode): an rc file must never set them for the app. Proxy and CA variables are not among
 * them; corporate networks need those.
 */
export function changesTheApp(name: string): boolean {
  return name.startsWith('ELECTRON_') || name === 'NODE_OPTIONS' || name === 'NODE_ENV';
}

/**
 * The app's environment with the login shell's added: PATH is the shell's followed by any
 * entry only the app had; other variables the app lacks (KUBECONFIG, AWS_PROFILE, …) are
 * taken from the shell; variables the app already has win (Electron sets its own); what
 * would change the app itself ({@link changesTheApp}) is never taken.
 */
export function mergeShellEnv(
  current: Record<string, string | undefined>,
  shell: Record<string, string>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...current };
  for (const [k, v] of Object.entries(shell)) {
    if (SHELL_ONLY.has(k) || k === 'PATH' || changesTheApp(k)) continue;
    if (out[k] === undefined) out[k] = v;
  }
  const parts = [...(shell.PATH ?? '').split(':'), ...(current.PATH ?? '').split(':')].filter(Boolean);
  out.PATH = [...new Set(parts)].join(':');
  return out;
}
