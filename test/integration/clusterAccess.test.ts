// Tether's own kubeconfig authentication (src/main/core/kube/clusterAccess.ts) against the
// real API server: an exec credential plugin and a token file carry the restricted user's
// real ServiceAccount token (so pods answer 200 and nodes 403: the identity really arrived),
// and a plugin handing out a rejected token is run again after the 401.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { ApiError } from '../../src/main/core/kube/apiErrors';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { fixtures } from '../harness/index.ts';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const V1 = 'client.authentication.k8s.io/v1';

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** The token of one of the harness's token users, read from its kubeconfig. */
function tokenOf(kc: Kubeconfig, context: string): string {
  const ctx = kc.contexts.find((c) => c.name === context)!;
  return String(kc.users.find((u) => u.name === ctx.context.user)!.user.token);
}

async function setup() {
  const kc = parse(readFileSync(h.kubeconfigPath, 'utf8')) as Kubeconfig;
  const clusterName = kc.contexts.find((c) => c.name === a.context)!.context.cluster;
  const dir = mkdtempSync(join(tmpdir(), 'tether-access-it-'));
  const runs = join(dir, 'runs');
  writeFileSync(runs, '');
  // The plugin reads its token from the env the kubeconfig gives it, and counts its runs.
  const plugin = join(dir, 'token-plugin');
  writeFileSync(
    plugin,
    `#!${process.execPath}\n` +
      `require('node:fs').appendFileSync(${JSON.stringify(runs)}, 'run\\n');\n` +
      `process.stdout.write(JSON.stringify({ apiVersion: '${V1}', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN } }));\n`,
  );
  chmodSync(plugin, 0o755);
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${tokenOf(kc, a.contextFor('restricted'))}\n`);
  const exec = (token: string) => ({
    exec: { apiVersion: V1, command: plugin, env: [{ name: 'PLUGIN_TOKEN', value: token }] },
  });
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: kc.clusters.filter((c) => c.name === clusterName),
    users: [
      { name: 'exec-restricted', user: exec(tokenOf(kc, a.contextFor('restricted'))) },
      { name: 'exec-rejected', user: exec(tokenOf(kc, a.contextFor('badtoken'))) },
      { name: 'token-file', user: { tokenFile } },
    ],
    contexts: ['exec-restricted', 'exec-rejected', 'token-file'].map((name) => ({
      name,
      context: { cluster: clusterName, user: name },
    })),
  };
  const file = join(dir, 'config');
  writeFileSync(file, stringify(doc));
  const { merged } = await loadKubeconfig([file]);
  return {
    client: (context: string) => new ApiClient(accessFor(merged, context)),
    runs: () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length,
  };
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.statusCode;
    throw err;
  }
}

describe('kubeconfig authentication against the real API server', () => {
  const pods = `/api/v1/namespaces/${fixtures.seed.namespace}/pods`;
  const opts = { timeoutMs: 10_000 };

  it('an exec plugin and a token file carry the restricted identity', async () => {
    const s = await setup();
    for (const context of ['exec-restricted', 'token-file']) {
      const c = s.client(context);
      expect(await statusOf(c.getJson(pods, opts))).toBe(200);
      expect(await statusOf(c.getJson('/api/v1/nodes', opts))).toBe(403);
      c.close();
    }
    expect(s.runs()).toBe(1); // the plugin's token was cached across requests
  });

  it('a rejected exec credential is fetched again after the 401', async () => {
    const s = await setup();
    const c = s.client('exec-rejected');
    expect(await statusOf(c.getJson(pods, opts))).toBe(401);
    expect(await statusOf(c.getJson(pods, opts))).toBe(401);
    expect(s.runs()).toBe(2);
    c.close();
  });
});
