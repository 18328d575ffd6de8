import type { AuthKind, ContextInfo } from '../../../shared/domain/contexts';
import type { MergedKubeconfig, RawMap } from './model';
import { isMap } from './parse';

/**
 * Turns a merged kubeconfig into what the UI may see: names, server, namespace and the
 * *kind* of authentication. Credentials are never copied out.
 */
export function describeContexts(merged: MergedKubeconfig): ContextInfo[] {
  const out: ContextInfo[] = [];
  for (const [name, entry] of merged.contexts) {
    const clusterName = str(entry.value.cluster) ?? '';
    const userName = str(entry.value.user) ?? '';
    const cluster = clusterName ? merged.clusters.get(clusterName) : undefined;
    const user = userName ? merged.users.get(userName) : undefined;
    const problems: string[] = [];
    if (!clusterName) problems.push('the context names no cluster');
    else if (!cluster) problems.push(`cluster "${clusterName}" is not defined in any kubeconfig file`);
    if (userName && !user) problems.push(`user "${userName}" is not defined in any kubeconfig file`);
    const server = cluster ? str(cluster.value.server) : undefined;
    if (cluster && !server) problems.push(`cluster "${clusterName}" has no server address`);
    const auth = user ? authOf(user.value) : { kind: 'none' as AuthKind, problems: [] };
    problems.push(...auth.problems);
    const info: ContextInfo = {
      name,
      cluster: clusterName,
      user: userName,
      authKind: auth.kind,
      file: entry.file,
      isCurrent: merged.currentContext === name,
      problems,
    };
    const ns = str(entry.value.namespace);
    if (ns) info.namespace = ns;
    if (server) info.server = server;
    if (auth.execCommand) info.execCommand = auth.execCommand;
    out.push(info);
  }
  return out;
}

interface AuthDescription {
  kind: AuthKind;
  execCommand?: string;
  problems: string[];
}

function authOf(user: RawMap): AuthDescription {
  const exec = user.exec;
  if (isMap(exec)) {
    const problems: string[] = [];
    const command = str(exec.command);
    if (!command) problems.push('the exec credential plugin names no command');
    if (str(exec.apiVersion) === 'client.authentication.k8s.io/v1alpha1') {
      problems.push(
        'exec plugin uses client.authentication.k8s.io/v1alpha1, removed in Kubernetes 1.24: update the kubeconfig',
      );
    }
    return command ? { kind: 'exec', execCommand: command, problems } : { kind: 'exec', problems };
  }
  if (isMap(user['auth-provider'])) return { kind: 'auth-provider', problems: [] };
  if (str(user.token)) return { kind: 'token', problems: [] };
  if (str(user.tokenFile)) return { kind: 'token-file', problems: [] };
  if (str(user['client-certificate-data']) || str(user['client-certificate'])) {
    return { kind: 'client-certificate', problems: [] };
  }
  if (str(user.username)) return { kind: 'basic', problems: [] };
  return { kind: 'none', problems: [] };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
