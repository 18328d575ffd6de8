// `npm run demo`: Tether working without a cluster of your own. Builds (or reuses) the
// control plane, starts two real clusters — `tether-demo-healthy` (all good, an echo
// service to forward to) and `tether-demo-degraded` (a NotReady node, a crash-looping pod,
// a Pending pod, Warning events) — and runs `tether serve` against them, printing the URL.
// Ctrl-C stops Tether and both clusters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { fixtures } from './fixtures/index.ts';
import { harnessRoot } from './config.ts';
import { startHarness } from './harness.ts';
import { startEchoServer } from './servers.ts';
import { exposeViaPortForward } from './portForward.ts';

const repo = join(import.meta.dirname, '..', '..');
const demoDir = join(harnessRoot, 'demo-home');

async function main(): Promise<void> {
  const h = await startHarness({ clusters: ['demo-healthy', 'demo-degraded'] });
  let serve: ReturnType<typeof execa> | undefined;
  const stop = async () => {
    serve?.kill('SIGTERM');
    await serve?.catch(() => undefined);
    await h.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  try {
    const healthy = h.cluster('demo-healthy');
    const degraded = h.cluster('demo-degraded');
    console.log('seeding clusters…');
    await fixtures.createNodes(healthy, [{ name: 'kwok-node-0' }, { name: 'kwok-node-1' }]);
    await fixtures.createNamespace(healthy, 'shop');
    await fixtures.createApp(healthy, { namespace: 'shop', name: 'echo', port: 7000, containerPort: 7000 });
    await fixtures.createApp(healthy, {
      namespace: 'shop',
      name: 'web',
      port: 80,
      containerPort: 8080,
      replicas: 2,
    });
    // The echo pods answer through kwok's port-forward with a real local echo server.
    const echo = await startEchoServer();
    await exposeViaPortForward(healthy, { namespace: 'shop', port: 7000, target: echo });
    await fixtures.seedCluster(degraded);

    mkdirSync(demoDir, { recursive: true });
    writeFileSync(
      join(demoDir, 'settings.json'),
      JSON.stringify({ version: 1, monitoredContexts: [healthy.context, degraded.context], health: {} }),
    );
    serve = execa(process.execPath, [join(repo, 'bin', 'tether.js'), 'serve'], {
      env: { KUBECONFIG: h.kubeconfigPath, TETHER_HOME: demoDir },
      stdout: 'inherit',
      stderr: 'inherit',
      reject: false,
    });
    console.log('\nDemo clusters are up. For kubectl and the tether CLI in another shell:');
    // The CLI finds the running engine through TETHER_HOME; without it, `tether status`
    // looks in the default home and finds nothing monitored.
    console.log(`  export KUBECONFIG=${shellQuote(h.kubeconfigPath)} TETHER_HOME=${shellQuote(demoDir)}`);
    console.log('Tether prints its URL below; Ctrl-C stops everything.\n');
    await serve;
  } finally {
    await stop();
  }
}

/** A path as one POSIX shell word. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
