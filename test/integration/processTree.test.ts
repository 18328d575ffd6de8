// The process-tree helpers the forward tests use to find the engine's kubectl children: a
// grandchild is found through its parent, by name, and only while it lives.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { descendants, descendantsNamed, kubectlPortForwards, processName } from '../harness/procs.ts';
import { waitFor } from '../harness/index.ts';

const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
});

describe('process tree from /proc', () => {
  it('finds a child and its child by name, and forgets them once they are gone', async () => {
    // A node child that starts `sleep` (no shell) and prints its PID.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        "const c = require('node:child_process').spawn('sleep', ['60'], { stdio: 'ignore' }); console.log(c.pid); process.on('SIGTERM', () => { c.kill('SIGKILL'); process.exit(0); });",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    started.push(parent);
    const grandchild = await new Promise<number>((resolve) =>
      parent.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))),
    );
    expect(descendants()).toEqual(expect.arrayContaining([parent.pid, grandchild]));
    expect(processName(grandchild)).toBe('sleep');
    expect(descendantsNamed('sleep')).toContain(grandchild);
    expect(descendantsNamed('sleep', parent.pid)).toEqual([grandchild]);
    // Named sleep, not a kubectl port-forward.
    expect(kubectlPortForwards()).not.toContain(grandchild);
    parent.kill('SIGTERM');
    // The parent kills its child first and exits after it: wait for both to be gone.
    await waitFor(
      async () =>
        descendantsNamed('sleep').includes(grandchild) || descendants().includes(parent.pid!)
          ? undefined
          : true,
      { timeoutMs: 10_000, what: 'sleep and its parent gone' },
    );
    expect(descendants()).not.toContain(parent.pid);
    expect(descendantsNamed('sleep')).not.toContain(grandchild);
  });
});
