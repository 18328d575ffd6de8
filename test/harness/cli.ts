// Manual use: `npm run harness -- up|down|status [cluster names…]`
// (or `node test/harness/cli.ts …`). `up` starts the clusters and leaves them running
// in a fixed workdir, printing the kubeconfig path; `down` stops them; `status` shows them.
import { join } from 'node:path';
import { ensureBinaries } from './binaries.ts';
import { ClusterHandle } from './cluster.ts';
import { harnessRoot } from './config.ts';
import { readHarnessInfo, startHarness, stopWorkdir } from './harness.ts';
import type { HarnessInfo } from './harness.ts';

const manualWorkdir = join(harnessRoot, 'manual');

async function running(info: HarnessInfo): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const c of info.clusters) {
    const h = new ClusterHandle(c, info.kubeconfigPath, info.binDir);
    const r = await h.kubectl(['get', '--raw', '/readyz', '--request-timeout=2s'], { reject: false });
    out[c.name] = r.exitCode === 0;
  }
  return out;
}

function printInfo(info: HarnessInfo, up: Record<string, boolean>): void {
  console.log(`kubeconfig: ${info.kubeconfigPath}`);
  for (const c of info.clusters) {
    const mb = Math.round(new ClusterHandle(c, info.kubeconfigPath, info.binDir).memoryBytes() / 2 ** 20);
    console.log(
      `  ${c.name.padEnd(14)} ${up[c.name] ? 'ready  ' : 'DOWN   '} ${c.server}  contexts: ${c.context}, ` +
        `${c.restrictedContext}, ${c.badTokenContext}  (${mb} MiB)`,
    );
  }
  console.log(`\nexport KUBECONFIG=${info.kubeconfigPath}`);
}

async function main(): Promise<number> {
  const [command = 'status', ...names] = process.argv.slice(2);
  const existing = await readHarnessInfo(manualWorkdir);
  switch (command) {
    case 'up': {
      if (existing) {
        console.log('already up (run `down` first to recreate):');
        printInfo(existing, await running(existing));
        return 0;
      }
      const h = await startHarness({
        clusters: names.length ? names : ['a', 'b'],
        seed: true,
        manualWorkdir,
      });
      printInfo(h.info, await running(h.info));
      return 0;
    }
    case 'down': {
      const bins = await ensureBinaries({ quiet: true });
      await stopWorkdir(manualWorkdir, bins.binDir, existing?.clusters.map((c) => c.name) ?? []);
      console.log('down');
      return 0;
    }
    case 'status': {
      if (!existing) {
        console.log('not running (npm run harness -- up)');
        return 1;
      }
      printInfo(existing, await running(existing));
      return 0;
    }
    default:
      console.error(`usage: harness up|down|status [names…]  (unknown command ${command})`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
