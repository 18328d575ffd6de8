import type { ContextInfo, ContextList } from '../../shared/domain/contexts';

/** A kubeconfig listing with the named contexts (the first is current). */
export function contextList(names: string[], patch: Partial<ContextList> = {}): ContextList {
  const contexts: ContextInfo[] = names.map((name, i) => ({
    name,
    cluster: name,
    user: 'u',
    authKind: 'token',
    file: '/home/me/.kube/config',
    isCurrent: i === 0,
    problems: [],
    server: `https://${name}.example:6443`,
  }));
  return { files: ['/home/me/.kube/config'], currentContext: names[0], contexts, problems: [], ...patch };
}
