import type { Logger } from '../core/app/log';
import { findKubectl, type KubectlLookup } from './kubectl';
import { mergeShellEnv, readLoginShellEnv } from './shellEnv';

/** What start-up learnt about the environment (diagnostics and the "kubectl missing" notice use it). */
export interface StartupEnv {
  shellEnv: { ok: boolean; error?: string };
  kubectl: KubectlLookup;
}

/**
 * Runs once before the engine starts: merges the login shell's environment into this
 * process's (PATH for kubectl and exec-auth plugins, KUBECONFIG, cloud CLI variables), finds
 * kubectl (Preferences first, then PATH) and hands its path to the engine as TETHER_KUBECTL.
 * Mutates `env` (process.env in the app) so every child process inherits the result.
 */
export async function prepareEnvironment(o: {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  kubectlPath: string | null;
  log: Logger;
  timeoutMs?: number;
}): Promise<StartupEnv> {
  const log = o.log.child({ part: 'env' });
  let shellEnv: StartupEnv['shellEnv'] = { ok: false, error: 'not used on this platform' };
  if (o.platform !== 'win32') {
    const r = await readLoginShellEnv({ shell: o.env.SHELL, env: o.env, timeoutMs: o.timeoutMs ?? 5000 });
    if (r.ok) {
      for (const [k, v] of Object.entries(mergeShellEnv(o.env, r.env))) if (v !== undefined) o.env[k] = v;
      shellEnv = { ok: true };
      log.info('login shell environment merged', { PATH: o.env.PATH });
    } else {
      shellEnv = { ok: false, error: r.error };
      log.warn('login shell environment not read; using the app environment', { error: r.error });
    }
  }
  const kubectl = findKubectl({ explicitPath: o.kubectlPath, PATH: o.env.PATH });
  if (kubectl.ok) {
    // An explicit TETHER_KUBECTL (tests, power users) is left alone.
    if (!o.env.TETHER_KUBECTL) o.env.TETHER_KUBECTL = kubectl.path;
    log.info('kubectl found', { path: kubectl.path, source: kubectl.source });
  } else {
    log.warn('kubectl not found', { message: kubectl.message });
  }
  return { shellEnv, kubectl };
}
