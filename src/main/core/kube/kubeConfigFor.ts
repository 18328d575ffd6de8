import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { MergedKubeconfig } from '../kubeconfig/model';

/** Thrown when a context cannot be used; the message says what to fix. */
export class UnknownContextError extends Error {}

/**
 * A client-node KubeConfig holding exactly one context from the merged kubeconfig, in
 * kubectl's own file format, so client-node's authentication (certificates, tokens, exec
 * plugins, auth providers) applies unchanged. Paths were made absolute when the file was read.
 */
export function kubeConfigFor(merged: MergedKubeconfig, context: string): KubeConfig {
  const ctx = merged.contexts.get(context);
  if (!ctx) {
    const known = [...merged.contexts.keys()];
    throw new UnknownContextError(
      `Unknown context "${context}". Known contexts: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
  const clusterName = typeof ctx.value.cluster === 'string' ? ctx.value.cluster : '';
  const userName = typeof ctx.value.user === 'string' ? ctx.value.user : '';
  const cluster = merged.clusters.get(clusterName);
  if (!cluster)
    throw new UnknownContextError(
      `Context "${context}" names cluster "${clusterName}", which is not defined.`,
    );
  const user = merged.users.get(userName);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: cluster.value }],
    users: [{ name: userName || 'anonymous', user: user?.value ?? {} }],
    contexts: [{ name: context, context: { ...ctx.value, user: userName || 'anonymous' } }],
    'current-context': context,
  };
  const kc = new KubeConfig();
  kc.loadFromString(stringify(doc));
  return kc;
}
