// Secrets an exec credential plugin prints on stderr never leave the engine: a plugin that
// fails with a token-like line shows a redacted reason in the contract's cluster list, the
// cluster's event, the contexts' diagnostics and the log file, against the real API server.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createLogger } from '../../src/main/core/app/log';
import { createEngine, type Engine } from '../../src/main/core/engine';
import type { Reply } from '../../src/shared/contract';
import type { ClusterSummary } from '../../src/shared/domain/health';
import { waitFor } from '../harness/index.ts';
import { sharedHarness } from './context';

const h = sharedHarness();
const a = h.cluster('a');
const V1 = 'client.authentication.k8s.io/v1';
/** What the plugin prints: an EKS token and a JWT, as a misbehaving plugin might. */
const EKS_TOKEN = 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9uPUdldENhbGxlcklkZW50aXR5';
const JWT_BODY = 'eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlLWxlYWtlZA';
const JWT = `eyJhbGciOiJSUzI1NiJ9.${JWT_BODY}`;
const CONTEXT = 'leaky-exec';

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

describe('an exec plugin that prints a token on stderr and fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tether-redact-it-'));
  const logFile = join(dir, 'home', 'logs', 'tether.log');
  let engine: Engine | undefined;

  beforeAll(async () => {
    const kc = parse(readFileSync(h.kubeconfigPath, 'utf8')) as Kubeconfig;
    const clusterName = kc.contexts.find((c) => c.name === a.context)!.context.cluster;
    const plugin = join(dir, 'leaky-plugin');
    writeFileSync(
      plugin,
      `#!${process.execPath}\n` +
        `process.stderr.write('refreshing…\\nerror: cached token ${EKS_TOKEN} rejected (Authorization: Bearer ${JWT})\\n');\n` +
        `process.exit(1);\n`,
    );
    chmodSync(plugin, 0o755);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: kc.clusters.filter((c) => c.name === clusterName),
        users: [{ name: 'leaky', user: { exec: { apiVersion: V1, command: plugin } } }],
        contexts: [{ name: CONTEXT, context: { cluster: clusterName, user: 'leaky' } }],
        'current-context': CONTEXT,
      }),
    );
    const home = join(dir, 'home');
    engine = createEngine({
      home,
      mode: 'headless',
      log: createLogger({ file: logFile, level: 'debug' }),
      env: { KUBECONFIG: kubeconfig },
      settingsStorage: {
        read: () => ({ version: 1, monitoredContexts: [CONTEXT], health: {} }) as never,
        write: () => {},
      },
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it('shows a redacted reason through the contract and never logs the token', async () => {
    const reasonOf = async () => {
      const r = (await engine!.dispatch('clusters:list', {}, { transport: 'in-process' })) as Reply;
      if (!r.ok) throw new Error(r.error.message);
      const c = (r.value as { clusters: ClusterSummary[] }).clusters.find((x) => x.context === CONTEXT);
      return c?.reasons.map((x) => `${x.message} ${x.detail ?? ''}`).join('\n') ?? '';
    };
    await waitFor(async () => /exec plugin/.test(await reasonOf()), {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'the exec plugin failure as a reason',
    });
    const reason = await reasonOf();
    expect(reason).toContain('getting credentials: exec plugin');
    expect(reason).toContain('[redacted]');
    for (const secret of [EKS_TOKEN, JWT_BODY, 'aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8']) {
      expect(reason).not.toContain(secret);
    }
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('exec plugin');
    expect(logged).not.toContain('aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8');
    expect(logged).not.toContain(JWT_BODY);
  });
});
