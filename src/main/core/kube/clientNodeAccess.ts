import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { RawMap } from '../kubeconfig/model';
import type { ClusterAccess } from './clusterAccess';
import type { ProxyTarget } from './proxy/proxyFor';

interface Entry {
  context: string;
  clusterName: string;
  userName: string;
  cluster: RawMap;
  user: RawMap;
  server: string;
  proxy: ProxyTarget | undefined;
}

/**
 * Access for legacy `auth-provider` users (oidc, gcp, azure, with their token refresh), which
 * we leave to @kubernetes/client-node. The library is imported on first use only — importing
 * it costs about 85 MB, paid only by someone whose kubeconfig needs it. It supplies the TLS
 * options and the Authorization header; the connection (and its proxy) stays ApiClient's.
 */
export function clientNodeAccess(e: Entry): ClusterAccess {
  let kc: Promise<KubeConfig> | undefined;
  const load = async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const config = new KubeConfig();
    // Without proxy-url: client-node would put a proxy agent of its own on every request.
    const { ['proxy-url']: _proxyUrl, ...cluster } = e.cluster;
    config.loadFromString(
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: e.clusterName, cluster }],
        users: [{ name: e.userName || 'anonymous', user: e.user }],
        contexts: [{ name: e.context, context: { cluster: e.clusterName, user: e.userName || 'anonymous' } }],
        'current-context': e.context,
      }),
    );
    return config;
  };
  return {
    server: e.server,
    proxy: e.proxy,
    async apply(opts: RequestOptions) {
      kc ??= load();
      // client-node also puts a fresh agent on the request; keep ApiClient's pooled one.
      const agent = opts.agent;
      await (await kc).applyToHTTPSOptions(opts);
      opts.agent = agent;
    },
    invalidate() {
      // client-node refreshes auth-provider tokens itself when they expire.
    },
  };
}
