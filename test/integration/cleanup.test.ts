// No control-plane process outlives its run: an interrupted run cleans up from its
// signal handler, a SIGKILLed one is swept by the next run. Each case starts a harness
// in a child process and kills it.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import { describe, expect, it } from 'vitest';
import { harnessRoot, processesMentioning, sweepLeftovers, waitFor } from '../harness/index.ts';

const harnessModule = new URL('../harness/index.ts', import.meta.url).href;
const script = `
import { startHarness } from ${JSON.stringify(harnessModule)};
const h = await startHarness({ clusters: ['interrupted'], log: () => {} });
console.log('READY ' + h.info.workdir);
setInterval(() => {}, 1000);
`;

async function startChild(): Promise<{ child: ResultPromise; workdir: string }> {
  const child = execa(process.execPath, ['--input-type=module', '-e', script], {
    buffer: false,
    reject: false,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const workdir = await waitFor(() => /^READY (.+)$/m.exec(out)?.[1], {
    timeoutMs: 120_000,
    what: `child harness (${out})`,
  });
  return { child, workdir };
}

const ours = (workdir: string) => processesMentioning(workdir + '/');

describe('cleanup', () => {
  it('SIGINT: the run kills its clusters and removes its workdir', async () => {
    const { child, workdir } = await startChild();
    expect(ours(workdir).length).toBeGreaterThanOrEqual(5);
    child.kill('SIGINT');
    await child;
    await waitFor(() => ours(workdir).length === 0, { what: 'no process of the interrupted run' });
    expect(existsSync(workdir)).toBe(false);
  });

  it('SIGKILL: the next run sweeps what the dead run left', async () => {
    const { child, workdir } = await startChild();
    child.kill('SIGKILL');
    await child;
    expect(ours(workdir).length).toBeGreaterThanOrEqual(5);
    expect(await sweepLeftovers(harnessRoot)).toContain(workdir);
    expect(ours(workdir)).toEqual([]);
    expect(existsSync(workdir)).toBe(false);
  });
});
