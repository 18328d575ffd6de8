// The engine reaching the real API server through Debian's real proxies: tinyproxy (HTTP
// CONNECT) and microsocks (SOCKS5), each started here on a free loopback port. The proxies'
// own logs prove they carried the traffic. Environment proxies never apply to loopback
// addresses (Go's rule, which we follow), so those cases name the server as https://0.0.0.0
// (Linux connects that to the local host; it is not a loopback address to Go or to us).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { ApiClient } from '../../src/main/core/kube/apiClient';
import { accessFor } from '../../src/main/core/kube/clusterAccess';
import { loadKubeconfig } from '../../src/main/core/kubeconfig/load';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { SettingsStorage } from '../../src/main/core/settings/settingsStore';
import { fixtures, waitFor } from '../harness/index.ts';
import { freePorts } from '../harness/ports.ts';
import { memoryLogger } from '../support/memoryLogger';
import { sharedHarness } from './context';
import {
  identityOf,
  missingProxies,
  startRealProxies,
  writeKubeconfig,
  type RealProxies,
} from './realProxies.ts';

const h = sharedHarness();
const a = h.cluster('a');
const NS = 'tether-proxies';

describe.skipIf(missingProxies.length > 0)(
  `through real proxies${missingProxies.length ? ` (skipped: ${missingProxies.join(', ')} not installed)` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-proxies-'));
    let proxies: RealProxies | undefined;
    let tinyPort = 0;
    let socksPort = 0;
    let deadPort = 0;
    const apiPort = Number(new URL(a.info.server).port);
    let kubeconfigPath = '';
    let engine: Engine | undefined;

    beforeAll(async () => {
      proxies = await startRealProxies(dir, apiPort, { maxClients: 50 });
      ({ tinyPort, socksPort } = proxies);
      [deadPort = 0] = await freePorts(1);

      // One kubeconfig: cluster a's admin identity behind each proxy.
      const { cluster: base, user } = identityOf(h.kubeconfigPath, a.context);
      kubeconfigPath = join(dir, 'config');
      writeKubeconfig(
        kubeconfigPath,
        {
          'via-tinyproxy': { ...base, 'proxy-url': `http://127.0.0.1:${tinyPort}` },
          'via-microsocks': { ...base, 'proxy-url': `socks5://127.0.0.1:${socksPort}` },
          'via-dead-proxy': { ...base, 'proxy-url': `http://127.0.0.1:${deadPort}` },
          // Not loopback to Go's rule: environment proxies apply. The certificate names localhost.
          'env-proxied': { ...base, server: `https://0.0.0.0:${apiPort}`, 'tls-server-name': 'localhost' },
        },
        user,
      );
      await fixtures.createNamespace(a, NS);
    });

    afterAll(async () => {
      await engine?.stop();
      proxies?.stop();
      await a.kubectl(['delete', 'namespace', NS, '--wait=false'], { reject: false });
    });

    const clientFor = async (context: string, env: Record<string, string> = {}) => {
      const { merged } = await loadKubeconfig([kubeconfigPath]);
      return new ApiClient(accessFor(merged, context, env));
    };
    const tinyLogText = () => proxies?.tinyLog() ?? '';

    /** A watch on the namespace's pods sees a pod created after it opened. */
    async function watchSeesNewPod(client: ApiClient, name: string) {
      const list = await client.getJson<{ metadata: { resourceVersion: string } }>(
        `/api/v1/namespaces/${NS}/pods`,
        {
          timeoutMs: 15_000,
        },
      );
      const seen: string[] = [];
      let opened = false;
      const abort = await client.openStream(
        `/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=${list.metadata.resourceVersion}`,
        {
          onOpen: () => (opened = true),
          onEvent: (ev) =>
            seen.push(String((ev as { object?: { metadata?: { name?: string } } }).object?.metadata?.name)),
          onEnd: () => undefined,
        },
        15_000,
      );
      try {
        await waitFor(async () => opened, { timeoutMs: 15_000, what: 'watch open' });
        await a.kubectl(['-n', NS, 'run', name, '--image=example.invalid/app', '--restart=Never']);
        await waitFor(async () => seen.includes(name), {
          timeoutMs: 30_000,
          what: `watch event for ${name}`,
        });
      } finally {
        abort();
      }
    }

    it('tinyproxy (HTTP CONNECT from proxy-url): API requests and a watch go through it', async () => {
      const client = await clientFor('via-tinyproxy');
      try {
        const version = await client.getJson<{ gitVersion: string }>('/version', { timeoutMs: 15_000 });
        expect(version.gitVersion).toMatch(/^v1\./);
        await watchSeesNewPod(client, 'seen-via-tinyproxy');
      } finally {
        client.close();
      }
      expect(tinyLogText()).toContain(`CONNECT 127.0.0.1:${apiPort}`);
    });

    it('microsocks (SOCKS5 from proxy-url): API requests and a watch go through it', async () => {
      const client = await clientFor('via-microsocks');
      try {
        const version = await client.getJson<{ gitVersion: string }>('/version', { timeoutMs: 15_000 });
        expect(version.gitVersion).toMatch(/^v1\./);
        await watchSeesNewPod(client, 'seen-via-microsocks');
      } finally {
        client.close();
      }
      expect(proxies?.socksOutput()).toContain(`127.0.0.1:${apiPort}`);
    });

    it('HTTPS_PROXY from the environment carries a request; NO_PROXY sends the same one direct', async () => {
      const connects = () => tinyLogText().split(`CONNECT 0.0.0.0:${apiPort}`).length - 1;
      const before = connects();
      const proxied = await clientFor('env-proxied', { HTTPS_PROXY: `http://127.0.0.1:${tinyPort}` });
      try {
        await proxied.getJson('/version', { timeoutMs: 15_000 });
      } finally {
        proxied.close();
      }
      expect(connects()).toBe(before + 1);
      const direct = await clientFor('env-proxied', {
        HTTPS_PROXY: `http://127.0.0.1:${tinyPort}`,
        NO_PROXY: 'corp.example,0.0.0.0',
      });
      try {
        await direct.getJson('/version', { timeoutMs: 15_000 });
      } finally {
        direct.close();
      }
      expect(connects()).toBe(before + 1);
    });

    it('health through each proxy; a dead proxy is "proxy unreachable", and proxy-url wins over a dead HTTPS_PROXY', async () => {
      const settings: EngineSettings = defaultEngineSettings();
      settings.monitoredContexts = ['via-tinyproxy', 'via-microsocks', 'via-dead-proxy'];
      settings.health = {
        contexts: Object.fromEntries(
          settings.monitoredContexts.map((c) => [c, { namespaces: [NS], checks: { nodeStatus: false } }]),
        ),
      };
      let value = settings;
      const storage: SettingsStorage<EngineSettings> = { read: () => value, write: (v) => void (value = v) };
      engine = createEngine({
        home: mkdtempSync(join(tmpdir(), 'tether-proxies-engine-')),
        mode: 'headless',
        log: memoryLogger(),
        // Every environment proxy is dead: the kubeconfig's proxy-url must win.
        env: { KUBECONFIG: kubeconfigPath, HTTPS_PROXY: `http://127.0.0.1:${deadPort}` },
        settingsStorage: storage,
      });
      await engine.start();
      const summary = (c: string) => engine!.clusters.monitor(c).summary();
      for (const c of ['via-tinyproxy', 'via-microsocks']) {
        await waitFor(async () => summary(c).connectivity === 'ok' && summary(c).state !== 'Unknown', {
          timeoutMs: 60_000,
          intervalMs: 200,
          what: `${c} checked through its proxy`,
        });
        expect(summary(c).state, JSON.stringify(summary(c).reasons)).not.toBe('Unhealthy');
      }
      await waitFor(async () => summary('via-dead-proxy').connectivity === 'proxy-unreachable', {
        timeoutMs: 90_000,
        intervalMs: 200,
        what: 'dead proxy reported',
      });
      const dead = summary('via-dead-proxy');
      expect(dead.state).toBe('Unknown');
      expect(dead.reasons[0]).toMatchObject({
        code: 'proxy-unreachable',
        message: `proxy unreachable: 127.0.0.1:${deadPort} (connection refused)`,
      });
    });
  },
);
