import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeVectors, vectorPath } from '../../../../test/support/vectors';
import { loadKubeconfig } from './load';
import { kubeconfigPaths } from './paths';

const kc = (name: string) => vectorPath('kubeconfig', name);

/** Every secret-looking value in a kubeconfig file, to prove none reaches the UI shape. */
function secretsIn(file: string): string[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { users?: { user?: Record<string, unknown> }[] };
  const out: string[] = [];
  for (const u of doc.users ?? []) {
    for (const k of ['token', 'password', 'client-key-data', 'client-certificate-data']) {
      const v = u.user?.[k];
      if (typeof v === 'string' && v.length > 3) out.push(v);
    }
  }
  return out;
}

describeVectors('kubeconfig vectors', () => {
  it('EKS combined: both ARN-named contexts, exec auth with aws, current context set', async () => {
    const { list } = await loadKubeconfig([kc('awscli-eks-output_combined.yaml')]);
    expect(list.contexts.map((c) => c.name)).toEqual([
      'arn:aws:eks:us-west-2:111222333444:cluster/Existing',
      'arn:aws:eks:region:111222333444:cluster/ExampleCluster',
    ]);
    expect(list.currentContext).toBe('arn:aws:eks:region:111222333444:cluster/ExampleCluster');
    expect(list.contexts.every((c) => c.authKind === 'exec' && c.execCommand === 'aws')).toBe(true);
    expect(list.contexts.find((c) => c.isCurrent)?.name).toBe(list.currentContext);
    expect(list.problems).toEqual([]);
  });

  it('contexts: null with a dangling current-context: no contexts, a clear problem, no crash', async () => {
    const { list } = await loadKubeconfig([kc('awscli-eks-valid_null_context.yaml')]);
    expect(list.contexts).toEqual([]);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]!.message).toContain('is not defined in any kubeconfig file');
    expect(list.problems[0]!.file).toBe(kc('awscli-eks-valid_null_context.yaml'));
  });

  it('no current-context key: one context, none selected', async () => {
    const { list } = await loadKubeconfig([kc('awscli-eks-valid_no_current_context.yaml')]);
    expect(list.contexts).toHaveLength(1);
    expect(list.currentContext).toBeUndefined();
    expect(list.contexts[0]!.isCurrent).toBe(false);
  });

  it('exec plugin v1 (keys out of order, comments): recognised as exec, not as missing credentials', async () => {
    const { list } = await loadKubeconfig([kc('k8sdocs-exec-plugin-v1.yaml')]);
    expect(list.contexts).toHaveLength(1);
    const c = list.contexts[0]!;
    expect(c).toMatchObject({
      name: 'my-cluster',
      authKind: 'exec',
      execCommand: 'example-client-go-exec-plugin',
      isCurrent: true,
    });
    expect(c.problems).toEqual([]);
  });

  it('a same-named user in a later file is dropped whole (first definition wins)', async () => {
    // Both files define user "…:cluster/Existing"; the second's is v1alpha1. The first wins, so no warning.
    const { list } = await loadKubeconfig([
      kc('awscli-eks-output_combined.yaml'),
      kc('awscli-eks-valid_null_context.yaml'),
    ]);
    expect(list.contexts.flatMap((c) => c.problems)).toEqual([]);
  });

  it('AKS kubelogin: exec with kubelogin, explicit :443 server', async () => {
    const { list } = await loadKubeconfig([kc('kubelogin-sample_kubeconfig.yaml')]);
    expect(list.contexts).toHaveLength(1);
    expect(list.contexts[0]).toMatchObject({
      name: 'test-cluster',
      authKind: 'exec',
      execCommand: 'kubelogin',
    });
    expect(list.contexts[0]!.server).toMatch(/:443$/);
  });

  it('a user with no credentials at all, context named differently from its cluster', async () => {
    const { list } = await loadKubeconfig([kc('kubelogin-empty_kubeconfig.yaml')]);
    expect(list.contexts[0]).toMatchObject({
      name: 'basic-context',
      cluster: 'basic-cluster',
      authKind: 'none',
      isCurrent: true,
    });
  });

  it('two-file merge gives exactly the documented contexts, resolving refs across files', async () => {
    const { list } = await loadKubeconfig([
      kc('k8sdocs-merge-config-demo.yaml'),
      kc('k8sdocs-merge-config-demo-2.yaml'),
    ]);
    const expected = parseYaml(readFileSync(kc('k8sdocs-merge-expected-contexts.yaml'), 'utf8')) as {
      contexts: { name: string; context: { cluster: string; namespace: string; user: string } }[];
    };
    const got = list.contexts
      .map((c) => ({ name: c.name, context: { cluster: c.cluster, namespace: c.namespace, user: c.user } }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(got).toEqual(expected.contexts);
    expect(list.currentContext).toBeUndefined();
    expect(list.contexts.flatMap((c) => c.problems)).toEqual([]);
    expect(list.contexts.find((c) => c.name === 'exp-test')?.authKind).toBe('basic');
  });

  it('file 2 alone: its context names a cluster and user defined nowhere — said, not crashed', async () => {
    const { list } = await loadKubeconfig([kc('k8sdocs-merge-config-demo-2.yaml')]);
    expect(list.contexts[0]!.problems).toEqual([
      'cluster "development" is not defined in any kubeconfig file',
      'user "developer" is not defined in any kubeconfig file',
    ]);
  });

  it.each([
    'awscli-eks-output_combined.yaml',
    'kubelogin-sample_kubeconfig.yaml',
    'k8sdocs-merge-config-demo.yaml',
    'k8sdocs-exec-plugin-v1.yaml',
  ])('no credential from %s reaches the UI shape', async (name) => {
    const { list } = await loadKubeconfig([kc(name)]);
    const json = JSON.stringify(list);
    for (const s of secretsIn(kc(name))) expect(json).not.toContain(s);
    expect(json).not.toMatch(/certificate-authority-data|client-key|password|"token"/);
  });
});

describe('bad kubeconfig files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tether-kc-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const good = write(
    'good.yaml',
    'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:6443"}\n' +
      'users:\n- name: u\n  user: {token: abc}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n',
  );

  it('a missing file is named with "file not found"; the others still load', async () => {
    const missing = join(dir, 'nope.yaml');
    const { list } = await loadKubeconfig([missing, good]);
    expect(list.problems).toEqual([{ file: missing, message: 'file not found' }]);
    expect(list.contexts.map((c) => c.name)).toEqual(['ctx']);
  });

  it('malformed YAML is named with its file and the parser’s first line', async () => {
    const bad = write('bad.yaml', 'clusters: [\n  - name: x\n');
    const { list } = await loadKubeconfig([bad, good]);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]!.file).toBe(bad);
    expect(list.problems[0]!.message).toMatch(/^not valid YAML: /);
    expect(list.contexts).toHaveLength(1);
  });

  it('a YAML file that is not a kubeconfig is refused with a reason', async () => {
    const notKc = write('list.yaml', '- a\n- b\n');
    const wrongShape = write('shape.yaml', 'contexts: {a: 1}\n');
    const { list } = await loadKubeconfig([notKc, wrongShape]);
    expect(list.problems.map((p) => p.message)).toEqual([
      'not a kubeconfig: the top level is not a mapping',
      '"contexts" must be a list',
    ]);
  });

  it('a context pointing at a missing cluster keeps the context, with the problem named', async () => {
    const f = write('dangling.yaml', 'contexts:\n- name: d\n  context: {cluster: ghost, user: u}\n');
    const { list } = await loadKubeconfig([f]);
    expect(list.contexts[0]!.problems[0]).toBe('cluster "ghost" is not defined in any kubeconfig file');
  });

  it('the removed v1alpha1 exec API is flagged on the context that uses it', async () => {
    const f = write(
      'alpha.yaml',
      'clusters:\n- name: c\n  cluster: {server: "https://x"}\nusers:\n- name: u\n  user:\n    exec:\n' +
        '      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n' +
        'contexts:\n- name: a\n  context: {cluster: c, user: u}\n',
    );
    const { list } = await loadKubeconfig([f]);
    expect(list.contexts[0]!.problems[0]).toMatch(/v1alpha1, removed in Kubernetes 1\.24/);
  });

  it('an empty file is an empty kubeconfig', async () => {
    const { list } = await loadKubeconfig([write('empty.yaml', '')]);
    expect(list).toMatchObject({ contexts: [], problems: [] });
  });

  it('relative certificate paths resolve against the file that holds them', async () => {
    const f = write(
      'rel.yaml',
      'clusters:\n- name: c\n  cluster: {server: "https://x", certificate-authority: ca.crt}\n',
    );
    const { merged } = await loadKubeconfig([f]);
    expect(merged.clusters.get('c')!.value['certificate-authority']).toBe(join(dir, 'ca.crt'));
  });
});

describe('kubeconfigPaths', () => {
  it('KUBECONFIG with several paths, empties and duplicates ignored', () => {
    const env = { KUBECONFIG: ['/a/one', '', '/b/two', '/a/one'].join(delimiter) };
    expect(kubeconfigPaths(env, '/home/me')).toEqual(['/a/one', '/b/two']);
  });
  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigPaths({}, '/home/me')).toEqual(['/home/me/.kube/config']);
    expect(kubeconfigPaths({ KUBECONFIG: '' }, '/home/me')).toEqual(['/home/me/.kube/config']);
  });
});
