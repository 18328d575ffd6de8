import { delimiter, join, resolve } from 'node:path';

/**
 * The kubeconfig files to read, as kubectl picks them: every path in KUBECONFIG (split on
 * the platform's delimiter, empty entries ignored, duplicates dropped), else ~/.kube/config.
 */
export function kubeconfigPaths(env: Record<string, string | undefined>, home: string): string[] {
  const fromEnv = env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const seen = new Set<string>();
    for (const p of fromEnv.split(delimiter)) {
      if (p.trim() === '') continue;
      seen.add(resolve(p));
    }
    if (seen.size > 0) return [...seen];
  }
  return [join(home, '.kube', 'config')];
}
