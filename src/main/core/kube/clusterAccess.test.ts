import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Tls from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import type { MergedKubeconfig, NamedEntry, RawMap } from '../kubeconfig/model';
import { accessFor, UnknownContextError, type AccessOptions } from './clusterAccess';

// Node parses the PEM when it builds a TLS context; these tests feed placeholder material,
// so the context records what it was given. Real certificates meet the real API server in
// every integration test (the harness's admin user is a client certificate).
vi.mock('node:tls', async (importOriginal) => ({
  ...(await importOriginal<typeof Tls>()),
  createSecureContext: (options: object) => ({ options }),
}));
const tlsOf = (o: AccessOptions) =>
  (o.secureContext as unknown as { options: Record<string, unknown> }).options;

function kubeconfig(cluster: RawMap, user: RawMap = {}): MergedKubeconfig {
  const entry = (name: string, value: RawMap): [string, NamedEntry<RawMap>] => [
    name,
    { name, value, file: '/k' },
  ];
  return {
    files: ['/k'],
    clusters: new Map([entry('c', cluster)]),
    users: new Map([entry('u', user)]),
    contexts: new Map([entry('ctx', { cluster: 'c', user: 'u' }), entry('orphan', { cluster: 'gone' })]),
    currentContext: 'ctx',
  };
}

async function applied(
  merged: MergedKubeconfig,
): Promise<AccessOptions & { headers: Record<string, unknown> }> {
  const opts: AccessOptions = {};
  await accessFor(merged, 'ctx').apply(opts);
  return opts as AccessOptions & { headers: Record<string, unknown> };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'tether-access-'));

describe('cluster access from a kubeconfig context', () => {
  it('names the known contexts for an unknown one, and a missing cluster or server', () => {
    const merged = kubeconfig({ server: 'https://a:6443' });
    expect(() => accessFor(merged, 'nope')).toThrow(UnknownContextError);
    expect(() => accessFor(merged, 'nope')).toThrow('Unknown context "nope". Known contexts: ctx, orphan.');
    expect(() => accessFor(merged, 'orphan')).toThrow(
      'Context "orphan" names cluster "gone", which is not defined.',
    );
    expect(() => accessFor(kubeconfig({}), 'ctx')).toThrow('Cluster "c" has no server URL.');
    expect(() => accessFor(kubeconfig({ server: 'a:6443' }), 'ctx')).toThrow(/not an http\(s\) URL/);
  });

  it('puts the CA, client certificate, SNI name and a bearer token on the request', async () => {
    const o = await applied(
      kubeconfig(
        {
          server: 'https://a:6443/',
          'certificate-authority-data': Buffer.from('CA').toString('base64'),
          'tls-server-name': 'kube',
        },
        {
          'client-certificate-data': Buffer.from('CERT').toString('base64'),
          'client-key-data': Buffer.from('KEY').toString('base64'),
          token: 'abc',
        },
      ),
    );
    expect(String(tlsOf(o).ca)).toBe('CA');
    expect(String(tlsOf(o).cert)).toBe('CERT');
    expect(String(tlsOf(o).key)).toBe('KEY');
    expect(o.ca).toBeUndefined(); // one shared context, not material on every connection
    expect(o.servername).toBe('kube');
    expect(o.rejectUnauthorized).toBeUndefined();
    expect(o.headers.Authorization).toBe('Bearer abc');
    expect(accessFor(kubeconfig({ server: 'https://a:6443/' }), 'ctx').server).toBe('https://a:6443');
  });

  it('reads certificate files, and names a file it cannot read', async () => {
    const d = tmp();
    writeFileSync(join(d, 'ca.crt'), 'CA-FILE');
    const o = await applied(kubeconfig({ server: 'https://a', 'certificate-authority': join(d, 'ca.crt') }));
    expect(String(tlsOf(o).ca)).toBe('CA-FILE');
    await expect(
      applied(kubeconfig({ server: 'https://a', 'certificate-authority': join(d, 'missing.crt') })),
    ).rejects.toThrow(`Cannot read ${join(d, 'missing.crt')}`);
  });

  it('shares one TLS context per identity, and makes a new one when a certificate file changes', async () => {
    const d = tmp();
    const crt = join(d, 'client.crt');
    writeFileSync(crt, 'CERT-1');
    writeFileSync(join(d, 'client.key'), 'KEY-1');
    const access = accessFor(
      kubeconfig({ server: 'https://a' }, { 'client-certificate': crt, 'client-key': join(d, 'client.key') }),
      'ctx',
    );
    const contextOf = async () => {
      const o: AccessOptions = {};
      await access.apply(o);
      return o.secureContext;
    };
    const first = await contextOf();
    expect(await contextOf()).toBe(first);
    writeFileSync(crt, 'CERT-2');
    const rotated = await contextOf();
    expect(rotated).not.toBe(first);
    expect(String((rotated as unknown as { options: { cert: Buffer } }).options.cert)).toBe('CERT-2');
    // A plain-http server gets no TLS context at all.
    const plain: AccessOptions = {};
    await accessFor(kubeconfig({ server: 'http://a:8080' }, { token: 't' }), 'ctx').apply(plain);
    expect(plain.secureContext).toBeUndefined();
  });

  it('skips verification only when asked, and refuses a CA together with insecure-skip-tls-verify', async () => {
    expect(
      (await applied(kubeconfig({ server: 'https://a', 'insecure-skip-tls-verify': true })))
        .rejectUnauthorized,
    ).toBe(false);
    expect(() =>
      accessFor(
        kubeconfig({
          server: 'https://a',
          'insecure-skip-tls-verify': true,
          'certificate-authority-data': 'Q0E=',
        }),
        'ctx',
      ),
    ).toThrow(/both a certificate authority and insecure-skip-tls-verify/);
  });

  it('prefers a token file over an inline token and reads it again after a 401', async () => {
    const d = tmp();
    const file = join(d, 'token');
    writeFileSync(file, 'from-file\n');
    const access = accessFor(
      kubeconfig({ server: 'https://a' }, { token: 'inline', tokenFile: file }),
      'ctx',
    );
    const auth = async () => {
      const o: AccessOptions = {};
      await access.apply(o);
      return (o.headers as Record<string, string>).Authorization;
    };
    expect(await auth()).toBe('Bearer from-file');
    writeFileSync(file, 'rotated');
    expect(await auth()).toBe('Bearer from-file'); // cached for a minute, like client-go
    access.invalidate();
    expect(await auth()).toBe('Bearer rotated');
    await expect(
      applied(kubeconfig({ server: 'https://a' }, { tokenFile: join(d, 'none') })),
    ).rejects.toThrow(`Cannot read the token file ${join(d, 'none')}`);
  });

  it('sends basic auth and impersonation headers', async () => {
    const o = await applied(
      kubeconfig(
        { server: 'http://a:8080' },
        { username: 'ann', password: 'p:w', as: 'bob', 'as-uid': '42', 'as-groups': ['dev', 'ops'] },
      ),
    );
    expect(o.headers.Authorization).toBe(`Basic ${Buffer.from('ann:p:w').toString('base64')}`);
    expect(o.headers['Impersonate-User']).toBe('bob');
    expect(o.headers['Impersonate-Uid']).toBe('42');
    expect(o.headers['Impersonate-Group']).toEqual(['dev', 'ops']);
  });

  it('uses an exec plugin credential, client certificate included', async () => {
    const d = tmp();
    const command = join(d, 'plugin');
    writeFileSync(
      command,
      `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'exec-tok', clientCertificateData: 'PEM-C', clientKeyData: 'PEM-K' } }));\n`,
      { mode: 0o755 },
    );
    const o = await applied(
      kubeconfig(
        { server: 'https://a' },
        { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command }, token: 'ignored' },
      ),
    );
    expect(o.headers.Authorization).toBe('Bearer exec-tok');
    expect(tlsOf(o).cert).toBe('PEM-C');
    expect(tlsOf(o).key).toBe('PEM-K');
  });

  // Importing client-node takes seconds on a busy machine: more than the default 5 s timeout.
  it(
    'hands legacy auth-provider users to client-node, loaded on first use, keeping our agent and proxy',
    {
      timeout: 30_000,
    },
    async () => {
      const merged = kubeconfig(
        { server: 'https://a', 'proxy-url': 'socks5://u:pw@kc-proxy:1080' },
        {
          'auth-provider': {
            name: 'gcp',
            config: { 'access-token': 'gcp-tok', expiry: new Date(Date.now() + 3_600_000).toISOString() },
          },
        },
      );
      const access = accessFor(merged, 'ctx', {});
      const pooled = { pooled: true } as unknown as AccessOptions['agent'];
      const o: AccessOptions = { agent: pooled };
      await access.apply(o);
      expect((o.headers as Record<string, unknown>).Authorization).toBe('Bearer gcp-tok');
      // client-node's own (proxy) agent is not used: ApiClient's pooled agent tunnels instead.
      expect(o.agent).toBe(pooled);
      expect(String(access.proxy)).toBe('socks5://kc-proxy:1080');
    },
  );

  it('takes the proxy as kubectl does: proxy-url first, else HTTPS_PROXY unless NO_PROXY says no', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: '.internal' };
    const proxyOf = (cluster: RawMap, e: Record<string, string> = env) =>
      String(accessFor(kubeconfig(cluster), 'ctx', e).proxy);
    expect(proxyOf({ server: 'https://api.corp:6443' })).toBe('http://env-proxy:3128');
    expect(proxyOf({ server: 'https://api.internal:6443' })).toBe('undefined');
    expect(proxyOf({ server: 'https://api.internal:6443', 'proxy-url': 'socks5://kc:1080' })).toBe(
      'socks5://kc:1080',
    );
    expect(proxyOf({ server: 'https://api.corp:6443' }, {})).toBe('undefined');
    expect(() => accessFor(kubeconfig({ server: 'https://a', 'proxy-url': 'ftp://p' }), 'ctx', {})).toThrow(
      /proxy-url has the scheme "ftp"/,
    );
  });
});
