import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecCredentialSource, parseExecCredential } from './execCredential';

const V1 = 'client.authentication.k8s.io/v1';

/**
 * A real plugin on disk: a Node script that records each run (its env and args) and prints
 * what `body` builds. Real processes, because argument arrays, env and exit codes are the point.
 */
function plugin(body: string): {
  command: string;
  runs: () => { args: string[]; env: Record<string, string> }[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'tether-exec-'));
  const log = join(dir, 'runs.jsonl');
  writeFileSync(log, '');
  const command = join(dir, 'plugin');
  writeFileSync(
    command,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs');\n` +
      `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args: process.argv.slice(2), env: process.env }) + '\\n');\n` +
      body,
  );
  chmodSync(command, 0o755);
  return {
    command,
    runs: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { args: string[]; env: Record<string, string> }),
  };
}

const printToken = (token: string, expires?: string) =>
  `process.stdout.write(JSON.stringify({ apiVersion: '${V1}', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)}${
    expires ? `, expirationTimestamp: ${JSON.stringify(expires)}` : ''
  } } }));\n`;

describe('exec credential plugin', () => {
  it('runs the command with its args and env, tells it the cluster, and caches the token', async () => {
    const p = plugin(printToken('tok-1'));
    const src = new ExecCredentialSource(
      {
        apiVersion: V1,
        command: p.command,
        args: ['get-token', '--cluster', 'a b'],
        env: [{ name: 'PLUGIN_FLAVOUR', value: 'sour' }],
        provideClusterInfo: true,
      },
      { server: 'https://10.0.0.1:6443', caData: 'Q0E=' },
    );
    expect(await src.get()).toEqual({ token: 'tok-1' });
    expect(await src.get()).toEqual({ token: 'tok-1' });
    const runs = p.runs();
    expect(runs).toHaveLength(1); // no expiry: cached until the server rejects it
    expect(runs[0]!.args).toEqual(['get-token', '--cluster', 'a b']);
    expect(runs[0]!.env.PLUGIN_FLAVOUR).toBe('sour');
    expect(JSON.parse(runs[0]!.env.KUBERNETES_EXEC_INFO!)).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': 'Q0E=' },
      },
    });
  });

  it('runs again once the credential expires, after a 401, and only once for concurrent callers', async () => {
    const p = plugin(printToken('tok', '2030-01-01T00:00:00Z'));
    const src = new ExecCredentialSource({ apiVersion: V1, command: p.command }, { server: 'https://x' });
    await Promise.all([src.get(), src.get(), src.get()]);
    expect(p.runs()).toHaveLength(1);
    expect(JSON.parse(p.runs()[0]!.env.KUBERNETES_EXEC_INFO!).spec).toEqual({ interactive: false });
    await src.get(Date.parse('2029-12-31T00:00:00Z'));
    expect(p.runs()).toHaveLength(1);
    await src.get(Date.parse('2030-01-01T00:00:00Z'));
    expect(p.runs()).toHaveLength(2);
    src.invalidate();
    await src.get(Date.parse('2029-12-31T00:00:00Z'));
    expect(p.runs()).toHaveLength(3);
  });

  it('says a missing plugin is not found, with its install hint, in the words the health model knows', async () => {
    const src = new ExecCredentialSource(
      {
        apiVersion: V1,
        command: 'tether-no-such-plugin',
        installHint: 'brew install tether-no-such-plugin\n',
      },
      { server: 'https://x' },
    );
    await expect(src.get()).rejects.toThrow(
      'getting credentials: exec: executable tether-no-such-plugin not found (brew install tether-no-such-plugin)',
    );
  });

  it('reports a failing plugin by its last line of stderr', async () => {
    const p = plugin(
      `console.error('starting'); console.error('token expired, run: cloud login'); process.exit(1);\n`,
    );
    const src = new ExecCredentialSource({ apiVersion: V1, command: p.command }, { server: 'https://x' });
    await expect(src.get()).rejects.toThrow(/plugin .* failed: token expired, run: cloud login$/);
  });

  it('refuses v1alpha1, interactive-only plugins and output that is not a credential', async () => {
    await expect(
      new ExecCredentialSource(
        { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' },
        { server: 'https://x' },
      ).get(),
    ).rejects.toThrow(/v1alpha1 was removed/);
    await expect(
      new ExecCredentialSource(
        { apiVersion: V1, command: 'x', interactiveMode: 'Always' },
        { server: 'https://x' },
      ).get(),
    ).rejects.toThrow(/needs an interactive terminal/);
    const p = plugin(`process.stdout.write('please log in');\n`);
    await expect(
      new ExecCredentialSource({ apiVersion: V1, command: p.command }, { server: 'https://x' }).get(),
    ).rejects.toThrow(/not JSON/);
  });

  it('parses tokens, client certificates and expiry; rejects the rest', () => {
    const doc = (status: object, apiVersion = V1) =>
      JSON.stringify({ apiVersion, kind: 'ExecCredential', status });
    expect(parseExecCredential(doc({ clientCertificateData: 'C', clientKeyData: 'K' }), V1, 'p')).toEqual({
      clientCertificateData: 'C',
      clientKeyData: 'K',
    });
    expect(
      parseExecCredential(doc({ token: 't', expirationTimestamp: '2030-01-01T00:00:00Z' }), V1, 'p')
        .expiresAt,
    ).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(() => parseExecCredential(doc({}), V1, 'p')).toThrow(/neither a token nor a client certificate/);
    expect(() =>
      parseExecCredential(doc({ token: 't' }, 'client.authentication.k8s.io/v1beta1'), V1, 'p'),
    ).toThrow(/expected client.authentication.k8s.io\/v1/);
    expect(() => parseExecCredential(doc({ token: 't', expirationTimestamp: 'soon' }), V1, 'p')).toThrow(
      /bad expirationTimestamp/,
    );
  });
});
