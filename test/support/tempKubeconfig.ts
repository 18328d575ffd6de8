import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A kubeconfig with the given contexts (fake servers, token auth) in a fresh temp folder. */
export function kubeconfigYaml(
  contexts: { name: string; server?: string; namespace?: string }[],
  current?: string,
) {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts)
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server ?? 'https://127.0.0.1:1'}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}-user`, '  user:', '    token: not-a-real-token');
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}-user`);
    if (c.namespace) lines.push(`    namespace: ${c.namespace}`);
  }
  if (current) lines.push(`current-context: ${current}`);
  return lines.join('\n') + '\n';
}

export function tempKubeconfig(
  contexts: { name: string; server?: string; namespace?: string }[],
  current?: string,
) {
  const dir = mkdtempSync(join(tmpdir(), 'tether-test-'));
  const file = join(dir, 'config');
  writeFileSync(file, kubeconfigYaml(contexts, current));
  return {
    dir,
    file,
    home: join(dir, 'home'),
    /** Replaces the file atomically, as editors and `kubectl config` do. */
    rewrite(next: { name: string; server?: string }[], cur?: string) {
      const tmp = join(dir, 'config.tmp');
      writeFileSync(tmp, kubeconfigYaml(next, cur));
      renameSync(tmp, file);
    },
  };
}
