import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/support/memoryLogger';
import { redactValue as redact } from '../../shared/logic/text/redact';
import { formatDiagnostics, type DiagnosticsInput } from './diagnostics';
import { kubectlClientVersion } from './kubectl';
import { withRecentErrors } from './recentErrors';

const base: DiagnosticsInput = {
  now: Date.UTC(2026, 10, 23),
  app: { version: '0.1.0', electron: '45.4.1', platform: 'darwin', arch: 'arm64' },
  kubectl: { path: '/opt/homebrew/bin/kubectl', version: 'v1.31.2' },
  shellEnv: { ok: true },
  paths: { home: '/h', settings: '/h/config.json', logs: '/h/logs' },
  contexts: {
    files: ['/Users/dev/.kube/config'],
    currentContext: 'prod',
    contexts: [
      {
        name: 'prod',
        cluster: 'p',
        user: 'u',
        server: 'https://10.0.0.1:6443',
        authKind: 'exec',
        execCommand: 'aws',
        file: '/f',
        isCurrent: true,
        problems: [],
      },
    ],
    problems: [],
  },
  clusters: [
    {
      context: 'prod',
      state: 'Unhealthy',
      connectivity: 'unreachable',
      reasons: [{ message: 'API unreachable' }],
    },
  ],
  components: [
    { name: 'tray', ok: true },
    { name: 'login shell', ok: false, detail: 'timed out' },
  ],
  recentErrors: [],
};

describe('formatDiagnostics', () => {
  it('reports versions, kubectl, contexts without credentials, health and components', () => {
    const text = formatDiagnostics(base);
    expect(text).toContain('Tether 0.1.0 · Electron 45.4.1 · darwin arm64');
    expect(text).toContain('kubectl: /opt/homebrew/bin/kubectl (v1.31.2)');
    expect(text).toContain('- prod (current): server https://10.0.0.1:6443, auth exec (aws)');
    expect(text).toContain('- prod: Unhealthy, API unreachable — API unreachable');
    expect(text).toContain('- login shell: problem — timed out');
  });

  it('says when kubectl was not found, and why', () => {
    expect(
      formatDiagnostics({ ...base, kubectl: { error: 'kubectl was not found on your PATH' } }),
    ).toContain('kubectl: not found — kubectl was not found on your PATH');
  });

  it('recent errors are included with credentials redacted', () => {
    const clock = { t: Date.UTC(2026, 10, 23, 12) };
    const { log, recent } = withRecentErrors(memoryLogger(), 2, () => clock.t);
    log.info('not kept');
    log
      .child({ part: 'kube' })
      .error('auth failed', { token: 'abc123', header: 'Bearer sekrit-token', nested: { clientKey: 'x' } });
    log.warn('w1');
    log.warn('w2');
    expect(recent().map((e) => e.msg)).toEqual(['w1', 'w2']);

    const { log: log2, recent: recent2 } = withRecentErrors(memoryLogger(), 10, () => clock.t);
    log2
      .child({ part: 'kube' })
      .error('auth failed', { token: 'abc123', header: 'Bearer sekrit-token', nested: { clientKey: 'x' } });
    const text = formatDiagnostics({ ...base, recentErrors: recent2() });
    expect(text).toContain('2026-11-23T12:00:00.000Z ERROR auth failed');
    expect(text).toContain('"part":"kube"');
    expect(text).not.toMatch(/abc123|sekrit|"x"/);
  });

  it('every free-text line is redacted: cluster reasons, context problems, file problems, components', () => {
    const text = formatDiagnostics({
      ...base,
      contexts: {
        ...base.contexts!,
        contexts: [
          { ...base.contexts!.contexts[0]!, problems: ['proxy http://dev:hunter2@proxy:3128 refused'] },
        ],
        problems: [{ file: '/k', message: 'bad YAML near "token: ya29.a0AfB_secretvalue"' }],
      },
      clusters: [
        {
          context: 'prod',
          state: 'Unknown',
          connectivity: 'unknown',
          reasons: [
            { message: 'exec plugin failed: token k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdz rejected' },
          ],
        },
      ],
      components: [{ name: 'proxy', ok: false, detail: 'Authorization: Basic dXNlcjpodW50ZXIy refused' }],
    });
    expect(text).toContain('exec plugin failed: token [redacted] rejected');
    expect(text).toContain('proxy http://dev:[redacted]@proxy:3128 refused');
    expect(text).not.toMatch(/aHR0cHM6|hunter2|a0AfB_secretvalue|dXNlcjpodW50ZXIy/);
  });

  it('redact masks secret-looking keys and bearer/JWT values', () => {
    expect(
      redact({ password: 'p', msg: 'got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig from server' }),
    ).toEqual({
      password: '[redacted]',
      msg: 'got [redacted] from server',
    });
  });
});

describe('kubectlClientVersion', () => {
  it('reads the client version from a kubectl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-kv-'));
    const fake = join(dir, 'kubectl');
    writeFileSync(
      fake,
      `#!/bin/sh\n[ "$1 $2 $3 $4" = "version --client -o json" ] || exit 9\necho '{"clientVersion":{"gitVersion":"v1.31.2"}}'\n`,
    );
    chmodSync(fake, 0o755);
    expect(await kubectlClientVersion(fake, { PATH: '/usr/bin:/bin' })).toEqual({ version: 'v1.31.2' });
  });

  it('a broken kubectl gives a reason, not a throw', async () => {
    const r = await kubectlClientVersion('/nonexistent/kubectl', {});
    expect(r.error).toBeTruthy();
  });
});
