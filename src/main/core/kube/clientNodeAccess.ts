import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { RawMap } from '../kubeconfig/model';
import type { ClusterAccess } from './clusterAccess';

interface Entry {
  context: string;
  clusterName: string;
  userName: string;
  cluster: RawMap;
  user: RawMap;
  server: string;
}

/**
 * Access for the kubeconfig features we leave to @kubernetes/client-node: legacy
 * `auth-provider` users (oidc, gcp, azure, with their token refresh) and `proxy-url` clusters
 * (http and socks proxies). The library is imported on first use only — importing it costs
 * about 85 MB, paid only by someone whose kubeconfig needs it.
 */
export function clientNodeAccess(e: Entry): ClusterAccess {
  let kc: Promise<KubeConfig> | undefined;
  const load = async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const config = new KubeConfig();
    config.loadFromString(
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: e.clusterName, cluster: e.cluster }],
        users: [{ name: e.userName || 'anonymous', user: e.user }],
        contexts: [{ name: e.context, context: { cluster: e.clusterName, user: e.userName || 'anonymous' } }],
        'current-context': e.context,
      }),
    );
    return config;
  };
  return {
    server: e.server,
    // client-node puts its own agent (a proxy agent, or a plain one) on the request.
    async apply(opts: RequestOptions) {
      kc ??= load();
      await (await kc).applyToHTTPSOptions(opts);
    },
    invalidate() {
      // client-node refreshes auth-provider tokens itself when they expire.
    },
  };
}
