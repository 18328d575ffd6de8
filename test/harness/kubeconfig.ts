// The merged kubeconfig every test and the app under test read. Credentials are embedded
// (not file paths into a cluster's workdir) so the file stays valid on its own, and token
// users hold only a token: the apiserver tries client certificates before tokens, so an
// admin certificate next to a token would make the token irrelevant.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** One cluster's entries in the merged kubeconfig. */
export interface KubeconfigCluster {
  name: string;
  server: string;
  caData: string;
  admin: { certData: string; keyData: string };
  /** Extra token users; each becomes context `<name>-<key>` with user `<name>-<key>`. */
  tokens: Record<string, string>;
}

interface KwokctlKubeconfig {
  clusters: {
    cluster: { server: string; 'certificate-authority'?: string; 'certificate-authority-data'?: string };
  }[];
  users: { user: Record<string, string> }[];
}

const b64 = async (path: string) => (await readFile(path)).toString('base64');

/** Reads the kubeconfig kwokctl wrote for one cluster and returns its server and credentials. */
export async function readKwokctlKubeconfig(
  clusterDir: string,
): Promise<Omit<KubeconfigCluster, 'name' | 'tokens'>> {
  const kc = parse(await readFile(join(clusterDir, 'kubeconfig.yaml'), 'utf8')) as KwokctlKubeconfig;
  const cluster = kc.clusters[0]?.cluster;
  const user = kc.users[0]?.user;
  if (!cluster || !user) throw new Error(`no cluster or user in ${clusterDir}/kubeconfig.yaml`);
  const data = async (inline: string | undefined, path: string | undefined) =>
    inline ?? (path ? b64(path) : Promise.reject(new Error(`missing credential in ${clusterDir}`)));
  return {
    server: cluster.server,
    caData: await data(cluster['certificate-authority-data'], cluster['certificate-authority']),
    admin: {
      certData: await data(user['client-certificate-data'], user['client-certificate']),
      keyData: await data(user['client-key-data'], user['client-key']),
    },
  };
}

/** Context name of a token user (e.g. `tether-a-restricted`). */
export const tokenContext = (cluster: string, user: string): string => `${cluster}-${user}`;

/** Writes the merged kubeconfig atomically; current-context is the first cluster's admin. */
export async function writeMergedKubeconfig(path: string, clusters: KubeconfigCluster[]): Promise<void> {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': clusters[0]?.name ?? '',
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': c.caData },
    })),
    users: clusters.flatMap((c) => [
      {
        name: `${c.name}-admin`,
        user: { 'client-certificate-data': c.admin.certData, 'client-key-data': c.admin.keyData },
      },
      ...Object.entries(c.tokens).map(([user, token]) => ({
        name: tokenContext(c.name, user),
        user: { token },
      })),
    ]),
    contexts: clusters.flatMap((c) => [
      { name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } },
      ...Object.keys(c.tokens).map((user) => ({
        name: tokenContext(c.name, user),
        context: { cluster: c.name, user: tokenContext(c.name, user), namespace: 'default' },
      })),
    ]),
  };
  await writeFile(`${path}.tmp`, stringify(doc), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}
